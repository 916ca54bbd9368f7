// Folds the count deltas that user and group writes leave (store/resource-count-repository.ts), so
// reading a directory's total sums a row or a few, not one row per change since the first sync.
import type { Kysely } from 'kysely';
import { inBatches, periodicJob, type PeriodicJob } from '../lib/periodic-job.ts';
import type { Database } from '../store/database.ts';
import { foldResourceCounts } from '../store/resource-count-repository.ts';

const BATCH = 100;

export function createResourceCountsJob(opts: { db: Kysely<Database>; intervalMs?: number; onError?: (error: unknown) => void }): PeriodicJob<number> {
  // Every 5 s: during a sync of 1,000 creates a second, a total sums at most a few thousand rows.
  return periodicJob(() => inBatches(() => foldResourceCounts(opts.db, BATCH), BATCH), opts.intervalMs ?? 5000, opts.onError);
}
