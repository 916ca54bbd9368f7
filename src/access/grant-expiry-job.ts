// Revokes time-bound role grants when their time is up, every minute, in whichever replica gets there first.
import type { Kysely } from 'kysely';
import { inBatches, periodicJob, type PeriodicJob } from '../lib/periodic-job.ts';
import type { Database } from '../store/database.ts';
import { revokeExpiredGrants } from './role-service.ts';

const MINUTE_MS = 60_000;
const BATCH = 100;

/** `runOnce` revokes what is due, 100 per transaction, until nothing is, and answers how many. */
export function createGrantExpiryJob(opts: { db: Kysely<Database>; now?: () => Date; intervalMs?: number; onError?: (error: unknown) => void }): PeriodicJob<number> {
  const now = opts.now ?? (() => new Date());
  return periodicJob(
    () => inBatches(() => opts.db.transaction().execute((trx) => revokeExpiredGrants(trx, now(), BATCH)), BATCH),
    opts.intervalMs ?? MINUTE_MS,
    opts.onError,
  );
}
