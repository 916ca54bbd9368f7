// A directory's sync log: every SCIM request, each failure in plain words (who, which attribute, what to do next).
import { useEffect, useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { Directory, SyncLogEntry } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { HttpStatus } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { guideFor } from '../guides/idp-guides.ts';
import { Link, useLocation } from '../router.tsx';

const STATUSES = [
  ['', 'All requests'],
  ['error', 'Failures only'],
  ['ok', 'Successes only'],
  ['4xx', '4xx (refused)'],
  ['5xx', '5xx (server errors)'],
] as const;

/** A datetime-local value (the browser's local time) as ISO 8601, or undefined. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function Who({ entry, directoryId }: { entry: SyncLogEntry; directoryId: string }) {
  // For a duplicate, resourceId is the user that already holds the value: the one to look at.
  const user = entry.resourceType === 'User' && entry.resourceId ? (
    <Link to={`/directories/${directoryId}/users/${entry.resourceId}`} className="small">
      {entry.status === 409 ? 'see the existing user' : 'see the user'}
    </Link>
  ) : null;
  if (entry.userName) return <>{entry.userName} {user && <>· {user}</>}</>;
  if (user) return user;
  if (entry.resourceId) return <span className="mono small">{`${entry.resourceType ?? 'Resource'} ${entry.resourceId}`}</span>;
  return <span className="muted">—</span>;
}

function Entry({ entry, idp, directoryId }: { entry: SyncLogEntry; idp: string; directoryId: string }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const failed = entry.error !== null;
  return (
    <li className={`log-entry${failed ? ' log-failed' : ''}`}>
      <div className="log-head">
        <HttpStatus status={entry.status} />
        <span className="mono">
          {entry.method} {entry.path}
        </span>
        <span className="muted small">
          <TimeText iso={entry.at} /> · {entry.durationMs} ms
        </span>
      </div>
      {entry.error && (
        <dl className="explain">
          <dt>Who</dt>
          <dd>
            <Who entry={entry} directoryId={directoryId} />
          </dd>
          {entry.error.attribute && (
            <>
              <dt>Attribute</dt>
              <dd className="mono">{entry.error.attribute}</dd>
            </>
          )}
          <dt>What went wrong</dt>
          <dd>{entry.error.message}</dd>
          <dt>What to do</dt>
          <dd>{entry.error.hint ?? `Check the provisioning settings in ${idp}; it retries on its own.`}</dd>
        </dl>
      )}
      {!failed && entry.userName && <p className="muted small">User: {entry.userName}</p>}
      {entry.requestBody !== null && entry.requestBody !== undefined && (
        <>
          <button type="button" className="button button-quiet small" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
            {open ? 'Hide the request body' : 'Show the request body (secrets redacted)'}
          </button>
          {open && (
            <pre id={bodyId} className="code">
              {JSON.stringify(entry.requestBody, null, 2)}
            </pre>
          )}
        </>
      )}
    </li>
  );
}

export function SyncLogPage({ directory }: { directory: Directory }) {
  const ids = { status: useId(), since: useId(), until: useId() };
  const { query } = useLocation();
  const userId = query.get('userId') ?? undefined;
  const [status, setStatus] = useState(query.get('status') ?? '');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const pager = usePager();
  useEffect(() => pager.reset(), [status, since, until]);
  const log = useAsync(
    () => api.get<{ data: SyncLogEntry[]; nextCursor: string | null }>(`/directories/${directory.id}/sync-log`, { limit: 25, status, since: toIso(since), until: toIso(until), userId, after: pager.cursor }),
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
