// A read-only value with a copy button (SCIM URL, token, portal link).
import { useId, useRef, useState } from 'react';

export function CopyField({ label, value, secret = false, testId }: { label: string; value: string; secret?: boolean; testId?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // Clipboard refused (permissions, http): select the text so Ctrl+C does it.
      input.current?.select();
      setCopied('manual');
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={input} className={`input mono${secret ? ' secret' : ''}`} readOnly value={value} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button" onClick={copy} aria-label={`Copy ${label}`}>
          Copy
        </button>
      </div>
      <p className="field-help" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'manual' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </p>
    </div>
  );
}
