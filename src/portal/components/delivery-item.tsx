// One webhook delivery in the log: status, attempts on demand, replay.
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { WebhookDelivery } from '../api/types.ts';
import { StatusBadge } from './status-badge.tsx';
import { TimeText } from './time-text.tsx';

export function Delivery({ delivery, endpointId, onReplayed }: { delivery: WebhookDelivery; endpointId: string; onReplayed: () => void }) {
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
