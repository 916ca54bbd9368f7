// Ends suspensions whose return date has come, every minute, in whichever replica gets there first.
import type { Kysely } from 'kysely';
import { inBatches, periodicJob, type PeriodicJob } from '../../lib/periodic-job.ts';
import type { Database } from '../../store/database.ts';
import { endDueSuspensions } from './user-suspension.ts';

const MINUTE_MS = 60_000;
const BATCH = 100;

/** `runOnce` ends what is due, 100 per transaction, until nothing is, and answers how many ended. */
export function createSuspensionJob(opts: { db: Kysely<Database>; now?: () => Date; intervalMs?: number; onError?: (error: unknown) => void }): PeriodicJob<number> {
  const now = opts.now ?? (() => new Date());
  return periodicJob(
    () => inBatches(() => opts.db.transaction().execute((trx) => endDueSuspensions(trx, now(), BATCH)), BATCH),
    opts.intervalMs ?? MINUTE_MS,
    opts.onError,
  );
}
