// One SCIM request of the sync log; a failure in plain words: who, which attribute, what went wrong, what to do.
import { useId, useState } from 'react';
import { Link } from '../router.tsx';
import type { SyncLogEntry } from '../api/types.ts';
import { HttpStatus } from './status-badge.tsx';
import { TimeText } from './time-text.tsx';

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

export function Entry({ entry, idp, directoryId }: { entry: SyncLogEntry; idp: string; directoryId: string }) {
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
      {entry.warning && (
        <dl className="explain">
          <dt>Ignored</dt>
          <dd>{entry.warning.message}</dd>
          <dt>What to do</dt>
          <dd>{entry.warning.hint ?? `Check the attribute mappings in ${idp}.`}</dd>
        </dl>
      )}
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
