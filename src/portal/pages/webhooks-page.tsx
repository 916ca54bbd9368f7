// The developer's webhook endpoints: list, create (the signing secret shown once).
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CreatedWebhookEndpoint, ListPage, WebhookEndpoint } from '../api/types.ts';
import { AsyncView, ErrorNote } from '../components/async-view.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useAsync } from '../components/use-async.ts';
import { Link } from '../router.tsx';

function CreateWebhook({ onCreated }: { onCreated: () => void }) {
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

export function WebhooksPage() {
  const hooks = useAsync(() => api.get<ListPage<WebhookEndpoint>>('/webhooks', { limit: 100 }), []);
  return (
    <>
      <PageHeader title="Webhooks" subtitle="Where Roster sends events, signed (Standard Webhooks), retried until your app answers 2xx." />
      <AsyncView state={hooks}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title="No endpoints yet">
              <p>Add your app’s webhook URL below to receive user and group changes as they happen.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Webhook endpoints">
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">Events</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((h) => (
                    <tr key={h.id}>
                      <td>
                        <Link to={`/webhooks/${h.id}`} className="mono small">
                          {h.url}
                        </Link>
                      </td>
                      <td className="small">{h.eventTypes.length ? h.eventTypes.join(', ') : 'all'}</td>
                      <td>
                        <StatusBadge value={h.enabled ? 'active' : 'inactive'} label={h.enabled ? 'enabled' : 'disabled'} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
      <CreateWebhook onCreated={hooks.reload} />
    </>
  );
}
