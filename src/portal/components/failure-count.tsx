// Failures of a directory in the last 24 hours, from its sync log, linking to them.
import { api } from '../api/client.ts';
import type { SyncLogEntry } from '../api/types.ts';
import { useAsync } from './use-async.ts';
import { Link } from '../router.tsx';

/** Failures in the last 24 hours, from the sync log (one page of up to 100: "100+" past that). */
export function FailureCount({ directoryId }: { directoryId: string }) {
  const since = new Date(Date.now() - 86400_000).toISOString();
  const state = useAsync(() => api.get<{ data: SyncLogEntry[]; nextCursor: string | null }>(`/directories/${directoryId}/sync-log`, { status: 'error', since, limit: 100 }), [directoryId]);
  if (!state.data) return <span className="muted">…</span>;
  const n = state.data.data.length;
  const text = `${n}${state.data.nextCursor ? '+' : ''}`;
  return n === 0 ? <span className="muted">0</span> : <Link to={`/directories/${directoryId}/sync-log?status=error`}>{text}</Link>;
}
