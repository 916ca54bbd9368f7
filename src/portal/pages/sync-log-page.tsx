// A directory's sync log: every SCIM request, each failure in plain words (who, which attribute, what to do next).
import { useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { Directory, SyncLogEntry } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { fromLocalInput } from '../components/date-time.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { useAsync } from '../components/use-async.ts';
import { guideFor } from '../guides/idp-guides.ts';
import { useLocation } from '../router.tsx';
import { Entry } from '../components/sync-log-entry.tsx';

const STATUSES = [
  ['', 'All requests'],
  ['error', 'Failures only'],
  ['ok', 'Successes only'],
  ['4xx', '4xx (refused)'],
  ['5xx', '5xx (server errors)'],
] as const;


export function SyncLogPage({ directory }: { directory: Directory }) {
  const ids = { status: useId(), since: useId(), until: useId() };
  const { query } = useLocation();
  const userId = query.get('userId') ?? undefined;
  const [status, setStatus] = useState(query.get('status') ?? '');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const pager = usePager(JSON.stringify([status, since, until, userId]));
  const log = useAsync(
    () => api.get<{ data: SyncLogEntry[]; nextCursor: string | null }>(`/directories/${directory.id}/sync-log`, { limit: 25, status, since: fromLocalInput(since) ?? undefined, until: fromLocalInput(until) ?? undefined, userId, after: pager.cursor }),
    [directory.id, status, since, until, userId, pager.cursor],
  );
  const idp = guideFor(directory.provider).name;
  return (
    <section aria-label="Sync log" className="stack">
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.status}>Show</label>
          <select id={ids.status} className="input" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.since}>From</label>
          <input id={ids.since} className="input" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.until}>Until</label>
          <input id={ids.until} className="input" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </div>
        <div className="field end">
          <button type="button" className="button" onClick={log.reload}>
            Refresh
          </button>
        </div>
      </form>
      {userId && <p className="muted">Showing the requests about one user only.</p>}
      <AsyncView state={log}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title={status || since || until || userId ? 'No request matches these filters' : 'No requests yet'}>
              {!(status || since || until || userId) && <p>Every request {idp} sends is listed here with its outcome, once the connection is set up.</p>}
            </EmptyState>
          ) : (
            <>
              <ol className="log" aria-label="Requests, newest first">
                {page.data.map((entry) => (
                  <Entry key={entry.id} entry={entry} idp={idp} directoryId={directory.id} />
                ))}
              </ol>
              <PagerControls pager={pager} nextCursor={page.nextCursor} />
            </>
          )
        }
      </AsyncView>
    </section>
  );
}
