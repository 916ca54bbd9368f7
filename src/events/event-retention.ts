// How long each organization keeps its events, and the job that deletes older ones.
import { deleteExpiredEvents, findRetention, upsertRetention } from '../store/event-repository.ts';
import type { Executor } from '../store/organization-repository.ts';
import { DEFAULT_RETENTION_DAYS } from './event-feed.ts';

/** Days kept, or null for forever; organizations that never chose get the default. */
export async function eventRetentionDays(db: Executor, organizationId: string): Promise<number | null> {
  const row = await findRetention(db, organizationId);
  return row ? row.retention_days : DEFAULT_RETENTION_DAYS;
}

/** Sets the retention (null: forever). The next pruning run applies it; reads apply it at once. */
export async function setEventRetention(trx: Executor, organizationId: string, days: number | null): Promise<void> {
  await upsertRetention(trx, organizationId, days);
}

/** Deletes events past retention in batches, so one run never holds a huge transaction. */
export async function pruneExpiredEvents(db: Executor, now: Date, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteExpiredEvents(db, now, DEFAULT_RETENTION_DAYS, batch);
    total += deleted;
    if (deleted < batch) return total;
  }
}
