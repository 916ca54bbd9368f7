// Small coloured labels for states: a user's state, a directory's, an HTTP status.
const TONE: Record<string, string> = {
  active: 'good', connected: 'good', succeeded: 'good', ok: 'good',
  pending: 'wait', waiting: 'wait', retrying: 'wait', held: 'wait',
  suspended: 'muted', deprovisioned: 'muted', inactive: 'muted', revoked: 'muted', expired: 'muted',
  failed: 'bad', error: 'bad', refused: 'bad', invalid_credentials: 'bad',
};

export function StatusBadge({ value, label }: { value: string; label?: string }) {
  return <span className={`badge badge-${TONE[value] ?? 'muted'}`}>{label ?? value.replace(/_/g, ' ')}</span>;
}

export function HttpStatus({ status }: { status: number }) {
  const tone = status >= 500 ? 'bad' : status >= 400 ? 'bad' : 'good';
  return <span className={`badge badge-${tone} mono`}>{status}</span>;
}
