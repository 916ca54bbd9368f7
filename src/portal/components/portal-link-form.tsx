// Creates a portal link for an organization and shows it once, to send to the customer's IT admin.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { PortalLink } from '../api/types.ts';
import { ErrorNote } from './async-view.tsx';
import { CopyField } from './copy-field.tsx';
import { TimeText } from './time-text.tsx';

const LIFETIMES = [
  [300, '5 minutes'],
  [86400, '24 hours'],
  [604800, '7 days (for an email)'],
] as const;

export function PortalLinkForm({ organizationId }: { organizationId: string }) {
  const ids = { intent: useId(), life: useId() };
  const [intent, setIntent] = useState<'setup' | 'manage'>('setup');
  const [expiresIn, setExpiresIn] = useState(300);
  const [link, setLink] = useState<PortalLink | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setLink(await api.post<PortalLink>(`/organizations/${organizationId}/portal-links`, { intent, expiresIn }));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="link-title">
      <h2 id="link-title">Portal link for the customer’s IT admin</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.intent}>Opens on</label>
          <select id={ids.intent} className="input" value={intent} onChange={(e) => setIntent(e.target.value as 'setup' | 'manage')}>
            <option value="setup">Setup (connect an IdP)</option>
            <option value="manage">Manage (users, sync log)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.life}>Must be opened within</label>
          <select id={ids.life} className="input" value={expiresIn} onChange={(e) => setExpiresIn(Number(e.target.value))}>
            {LIFETIMES.map(([s, label]) => (
              <option key={s} value={s}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary">
          Create portal link
        </button>
      </div>
      {link && (
        <div className="stack">
          <CopyField label="Portal link" value={link.url} testId="portal-link" />
          <p className="muted">
            Opens once, until <TimeText iso={link.expiresAt} />. It is shown only now.
          </p>
        </div>
      )}
    </form>
  );
}
