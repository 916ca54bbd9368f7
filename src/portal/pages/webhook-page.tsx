// One webhook endpoint: its delivery log with attempts, replay of one delivery or of everything since a time.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { ListPage, WebhookDelivery, WebhookEndpoint } from '../api/types.ts';
import { AsyncView, ErrorNote } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';

function ReplaySince({ endpointId, onDone }: { endpointId: string; onDone: () => void }) {
  const id = useId();
  const [since, setSince] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.post<{ replayed: number }>(`/webhooks/${endpointId}/replay`, { since: new Date(since).toISOString() });
      setMessage(`${r.replayed} deliveries queued.`);
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>Send every event again since</label>
        <input id={id} className="input" type="datetime-local" required value={since} onChange={(e) => setSince(e.target.value)} />
      </div>
      <div className="field end">
        <button type="submit" className="button">
          Replay
        </button>
      </div>
      <span role="status" className="muted end">
        {message}
      </span>
      {error && <ErrorNote error={error} />}
    </form>
  );
}

function Delivery({ delivery, endpointId, onReplayed }: { delivery: WebhookDelivery; endpointId: string; onReplayed: () => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const replay = async () => {
    try {
      await api.post(`/webhooks/${endpointId}/deliveries/${delivery.id}/replay`, {});
      setNote('Queued again.');
      onReplayed();
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <li className="log-entry">
      <div className="log-head">
        <StatusBadge value={delivery.status} />
        <span className="mono">{delivery.eventType}</span>
        <span className="muted small">
          #{delivery.sequence} · <TimeText iso={delivery.createdAt} /> · {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? '' : 's'}
          {delivery.origin === 'replay' ? ' · replay' : ''}
        </span>
        <span className="grow" />
        <button type="button" className="button button-quiet small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide attempts' : 'Attempts'}
        </button>
        <button type="button" className="button small" onClick={() => void replay()}>
          Replay
        </button>
      </div>
      <span role="status" className="small muted">
        {note}
      </span>
      {delivery.lastError && <p className="small">Last error: {delivery.lastError}</p>}
      {open && (
        <ol className="plain small">
          {delivery.attempts.length === 0 && <li className="muted">Not attempted yet.</li>}
          {delivery.attempts.map((a, i) => (
            <li key={i}>
              <TimeText iso={a.attemptedAt} /> — {a.statusCode ?? 'no answer'} in {a.durationMs} ms {a.error ? `· ${a.error}` : ''}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

export function WebhookPage({ endpointId }: { endpointId: string }) {
  const hook = useAsync(() => api.get<WebhookEndpoint>(`/webhooks/${endpointId}`), [endpointId]);
  const pager = usePager();
  const deliveries = useAsync(() => api.get<ListPage<WebhookDelivery>>(`/webhooks/${endpointId}/deliveries`, { limit: 25, after: pager.cursor }), [endpointId, pager.cursor]);
  return (
    <AsyncView state={hook}>
      {(h) => (
        <>
          <PageHeader title="Webhook endpoint" subtitle={<span className="mono">{h.url}</span>} back={{ to: '/webhooks', label: 'Webhooks' }} />
          <section className="card stack" aria-labelledby="deliveries-title">
            <h2 id="deliveries-title">Deliveries</h2>
            <ReplaySince endpointId={h.id} onDone={deliveries.reload} />
            <AsyncView state={deliveries}>
              {(page) =>
                page.data.length === 0 ? (
                  <EmptyState title="No deliveries yet">
                    <p>Deliveries appear when events happen (a user is created in a connected directory, for example).</p>
                  </EmptyState>
                ) : (
                  <>
                    <ol className="log">
                      {page.data.map((d) => (
                        <Delivery key={d.id} delivery={d} endpointId={h.id} onReplayed={deliveries.reload} />
                      ))}
                    </ol>
                    <PagerControls pager={pager} nextCursor={page.nextCursor} />
                  </>
                )
              }
            </AsyncView>
          </section>
        </>
      )}
    </AsyncView>
  );
}
