// The events browser: the ordered log, filtered by organization, directory and type, read forward by cursor.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { RosterEventJson } from '../api/types.ts';
import { ErrorNote, Spinner } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { eventTitle } from '../components/event-summary.ts';
import { PageHeader } from '../components/layout.tsx';
import { TimeText } from '../components/time-text.tsx';

interface Filters {
  organizationId: string;
  directoryId: string;
  types: string;
}

export function EventsPage() {
  const ids = { org: useId(), dir: useId(), types: useId() };
  const [filters, setFilters] = useState<Filters>({ organizationId: '', directoryId: '', types: '' });
  const [events, setEvents] = useState<RosterEventJson[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const load = async (after: string | null, append: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const page = await api.get<{ data: RosterEventJson[]; nextCursor: string | null }>('/events', { ...filters, limit: 50, after });
      setEvents((prev) => (append && prev ? [...prev, ...page.data] : page.data));
      setCursor(page.data.length > 0 ? page.nextCursor : after);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(null, false);
  };
  return (
    <>
      <PageHeader title="Events" subtitle="Every change Roster recorded, oldest first — the same log your app reads with the Events API." />
      <form className="toolbar" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.org}>Organization id</label>
          <input id={ids.org} className="input mono" value={filters.organizationId} onChange={(e) => setFilters({ ...filters, organizationId: e.target.value.trim() })} />
        </div>
        <div className="field">
          <label htmlFor={ids.dir}>Directory id</label>
          <input id={ids.dir} className="input mono" value={filters.directoryId} onChange={(e) => setFilters({ ...filters, directoryId: e.target.value.trim() })} />
        </div>
        <div className="field">
          <label htmlFor={ids.types}>Types</label>
          <input id={ids.types} className="input" placeholder="user.*, group.created" value={filters.types} onChange={(e) => setFilters({ ...filters, types: e.target.value.replace(/\s+/g, '') })} />
        </div>
        <div className="field end">
          <button type="submit" className="button button-primary">
            Show events
          </button>
        </div>
      </form>
      {error && <ErrorNote error={error} />}
      {events === null ? (
        busy ? <Spinner /> : <EmptyState title="Choose filters and press Show events">Leave them empty to read every organization’s events.</EmptyState>
      ) : events.length === 0 ? (
        <EmptyState title="No events match">Events appear when an identity provider changes users or groups.</EmptyState>
      ) : (
        <>
          <ol className="log" aria-label="Events">
            {events.map((e) => (
              <li key={e.id} className="log-entry">
                <div className="log-head">
                  <span className="mono small">#{e.sequence}</span>
                  <strong>{eventTitle(e)}</strong>
                  <span className="mono small muted">{e.type}</span>
                  <span className="muted small">
                    <TimeText iso={e.createdAt} />
                  </span>
                  <span className="grow" />
                  <button type="button" className="button button-quiet small" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                    {open === e.id ? 'Hide data' : 'Data'}
                  </button>
                </div>
                {open === e.id && <pre className="code">{JSON.stringify(e, null, 2)}</pre>}
              </li>
            ))}
          </ol>
          <div className="row">
            <button type="button" className="button" disabled={busy || !cursor} onClick={() => void load(cursor, true)}>
              {busy ? 'Loading…' : 'Load newer events'}
            </button>
          </div>
        </>
      )}
    </>
  );
}
