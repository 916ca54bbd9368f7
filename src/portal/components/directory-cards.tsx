// An organization's directories as cards: provider, state, last request, last failure.
import type { Directory } from '../api/types.ts';
import { StatusBadge } from './status-badge.tsx';
import { TimeText } from './time-text.tsx';
import { guideFor } from '../guides/idp-guides.ts';
import { Link } from '../router.tsx';

export function DirectoryCards({ directories }: { directories: Directory[] }) {
  return (
    <ul className="cards" aria-label="Directories">
      {directories.map((d) => (
        <li key={d.id} className="card card-link">
          <Link to={`/directories/${d.id}/setup`} className="card-title">
            {d.name}
          </Link>
          <p className="muted">{guideFor(d.provider).name}</p>
          <p>
            <StatusBadge value={d.state === 'pending' ? 'waiting' : d.state} label={d.state === 'pending' ? 'waiting for first request' : d.state} />
          </p>
          <dl className="facts">
            <dt>Last request</dt>
            <dd>
              <TimeText iso={d.lastRequestAt} fallback="none yet" />
            </dd>
            <dt>Last failure</dt>
            <dd>{d.lastErrorAt ? <TimeText iso={d.lastErrorAt} /> : <span className="muted">none</span>}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
