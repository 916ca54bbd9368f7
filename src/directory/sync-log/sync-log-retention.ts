// Sync-log retention: entries older than their directory's sync_log_retention_days are deleted by a periodic job.
import type { Db } from '../../store/db.ts';
import { deleteExpiredSyncLog } from '../../store/sync-log-repository.ts';
import type { WarnLogger } from './sync-log-writer.ts';

/** Rows per DELETE: each batch is its own short transaction, so SCIM writes (and PGlite's one connection) are never held long. */
const BATCH = 5000;
/** A run stops after this many batches and carries on at the next run; a first purge of a big log spreads out. */
const MAX_BATCHES_PER_RUN = 40;

/**
 * Deletes expired entries as of `now` and returns how many. Safe with several replicas: each
 * batch takes a transaction-scoped advisory try-lock, and a replica that does not get it stops.
 */
export async function purgeExpiredSyncLog(db: Db, now: Date = new Date()): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const deleted = await deleteExpiredSyncLog(db, now, BATCH);
    if (deleted === null) break; // another replica is purging
    total += deleted;
    if (deleted < BATCH) break;
  }
  return total;
}

/**
 * Runs the purge every `intervalMs` (first run after one interval plus up to a quarter more, so
 * replicas started together do not all run at once). Returns the function that stops it and waits
 * for a run in progress.
 */
export function startSyncLogRetention(db: Db, log: WarnLogger, intervalMs = 5 * 60_000): () => Promise<void> {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(run, intervalMs + Math.floor(Math.random() * intervalMs * 0.25)).unref();
  };
  function run() {
    current = purgeExpiredSyncLog(db)
      .catch((err: unknown) => log.warn({ err }, 'sync log: retention purge failed; it runs again later'))
      .finally(schedule);
  }
  schedule();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await current;
  };
}
