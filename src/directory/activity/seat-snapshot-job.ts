// Records each organization's seat counts once an hour, so utilization has a history by day.
import { periodicJob, type PeriodicJob } from '../../lib/periodic-job.ts';
import { recordSeatCounts } from '../../store/activity-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';

const HOUR_MS = 3600_000;

/**
 * Safe with several replicas: each writes the same day's row with an upsert, and the counts are
 * read from the shared database, so whichever writes last records the same truth. `runOnce`
 * records today's counts (the UTC day of `now()`); the last recording of a day stands for it.
 */
export function createSeatSnapshotJob(opts: { db: Executor; now?: () => Date; intervalMs?: number; onError?: (error: unknown) => void }): PeriodicJob<number> {
  const now = opts.now ?? (() => new Date());
  return periodicJob(() => recordSeatCounts(opts.db, now().toISOString().slice(0, 10)), opts.intervalMs ?? HOUR_MS, opts.onError);
}
