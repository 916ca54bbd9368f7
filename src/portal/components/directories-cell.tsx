// An organization's directories at a glance in the organizations list.
import { api } from '../api/client.ts';
import type { Directory, ListPage } from '../api/types.ts';
import { StatusBadge } from './status-badge.tsx';
import { TimeText } from './time-text.tsx';
import { useAsync } from './use-async.ts';

/** An organization's directories at a glance: how many, and whether any waits or failed recently. */
export function DirectoriesCell({ organizationId }: { organizationId: string }) {
  const state = useAsync(() => api.get<ListPage<Directory>>(`/organizations/${organizationId}/directories`, { limit: 100 }), [organizationId]);
  if (state.error) return <span className="muted">—</span>;
  if (!state.data) return <span className="muted">…</span>;
  const dirs = state.data.data;
  if (dirs.length === 0) return <span className="muted">none yet</span>;
  const waiting = dirs.filter((d) => d.state === 'pending').length;
  const failing = dirs.filter((d) => d.lastErrorAt && Date.now() - new Date(d.lastErrorAt).getTime() < 86400_000).length;
  const last = dirs.map((d) => d.lastRequestAt).filter((x): x is string => x !== null).sort().pop();
  return (
    <span className="row">
      <span>{dirs.length}</span>
      {waiting > 0 && <StatusBadge value="waiting" label={`${waiting} waiting`} />}
      {failing > 0 && <StatusBadge value="error" label={`${failing} failing (24 h)`} />}
      {last && (
        <span className="muted small">
          last sync <TimeText iso={last} />
        </span>
      )}
    </span>
  );
}
