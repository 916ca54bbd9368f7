// The developer's form to add a webhook endpoint; its signing secret is shown once.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CreatedWebhookEndpoint } from '../api/types.ts';
import { ErrorNote } from './async-view.tsx';
import { CopyField } from './copy-field.tsx';

export function CreateWebhook({ onCreated }: { onCreated: () => void }) {
  const ids = { url: useId(), types: useId(), org: useId() };
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  const [org, setOrg] = useState('');
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const eventTypes = types.split(/[\s,]+/).filter(Boolean);
      setCreated(await api.post<CreatedWebhookEndpoint>('/webhooks', { url: url.trim(), ...(eventTypes.length ? { eventTypes } : {}), ...(org.trim() ? { organizationId: org.trim() } : {}) }));
      onCreated();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-hook-title">
      <h2 id="new-hook-title">New endpoint</h2>
      <div className="field">
        <label htmlFor={ids.url}>URL</label>
        <input id={ids.url} className="input" type="url" required placeholder="https://app.example.com/webhooks/roster" value={url} onChange={(e) => setUrl(e.target.value)} />
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.types}>Event types (optional)</label>
          <input id={ids.types} className="input" placeholder="user.*, group.member_added" value={types} onChange={(e) => setTypes(e.target.value)} />
          <p className="field-help">Empty: every event.</p>
        </div>
        <div className="field">
          <label htmlFor={ids.org}>Organization id (optional)</label>
          <input id={ids.org} className="input mono" placeholder="every organization" value={org} onChange={(e) => setOrg(e.target.value)} />
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary">
          Create endpoint
        </button>
      </div>
      {created && (
        <>
          <CopyField label="Signing secret" value={created.secret} secret testId="webhook-secret" />
          <p className="note note-warn">Shown once: store it in your app to verify signatures.</p>
        </>
      )}
    </form>
  );
}
