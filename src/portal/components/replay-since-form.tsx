// Sends every event since a time to a webhook endpoint again.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { ErrorNote } from './async-view.tsx';

export function ReplaySince({ endpointId, onDone }: { endpointId: string; onDone: () => void }) {
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
