// Recomputes users' fields after a mapping change: batches under a resumable cursor, one directory per replica at a time.
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { recordEvents, type DomainEvent } from '../../events/event-writer.ts';
import { periodicJob, type PeriodicJob } from '../../lib/periodic-job.ts';
import type { Database } from '../../store/database.ts';
import { findDirectory } from '../../store/directory-repository.ts';
import { advanceRecompute, claimRecompute, lockUsersAfter, startRecompute, writeUserFields } from '../../store/mapping-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { appUser } from '../users/user-app-view.ts';
import { APP_VISIBLE_STATES, changedAttributes } from '../users/user-columns.ts';
import { directoryMapping } from './mapping-cache.ts';

export interface RecomputeOptions {
  /** Users per transaction. */
  batch?: number;
  /**
   * A recompute waits this long after the change, so that every replica's cached directory row
   * (SCIM token cache, 5 s) carries the new mapping version before users are read: a write in
   * that window on another replica may still use the old mapping, and the pass then corrects it.
   */
  settleMs?: number;
}

const BATCH = 500;
const SETTLE_MS = 6000;

/**
 * One batch of the oldest due recompute, in its own transaction: the recompute row is locked with
 * SKIP LOCKED (another replica takes another directory), the users after its cursor with FOR UPDATE.
 * Users whose fields changed get a new version and a `user.fields_changed` event. Undefined when nothing is due.
 */
async function recomputeBatch(trx: Executor, batch: number, settleMs: number): Promise<number | undefined> {
  const claimed = await claimRecompute(trx, settleMs);
  if (!claimed) return undefined;
  const dir = await findDirectory(trx, claimed.directory_id);
  if (!dir) return undefined;
  const job = claimed.state === 'pending' ? await startRecompute(trx, dir.id) : claimed;
  const mapping = await directoryMapping(trx, { directoryId: dir.id, provider: dir.provider, mappingVersion: dir.mapping_version });
  const users = await lockUsersAfter(trx, dir.id, job.after_id, batch);
  const before = new Map(users.map((u) => [u.id, u]));
  const changes = users.map((u) => ({ id: u.id, fields: mapping.compute(u.resource as Record<string, unknown>).fields })).filter((c) => !isDeepStrictEqual(before.get(c.id)?.fields ?? {}, c.fields));
  const written = await writeUserFields(trx, changes);
  const events: DomainEvent[] = written
    .filter((u) => APP_VISIBLE_STATES.has(u.state))
    .map((u) => ({
      type: 'user.fields_changed',
      organizationId: dir.organization_id,
      directoryId: dir.id,
      objectId: u.id,
      objectVersion: u.version,
      data: { user: appUser(u, dir.organization_id), previous: changedAttributes(before.get(u.id)?.fields ?? {}, u.fields ?? {}), cause: 'mapping' },
    }));
  await recordEvents(trx, events);
  await advanceRecompute(trx, dir.id, users.at(-1)?.id ?? null, users.length, written.length, users.length < batch);
  return users.length;
}

/** Runs due recomputes batch after batch until none is due; answers how many users were looked at. */
export async function runMappingRecomputes(db: Kysely<Database>, opts: RecomputeOptions = {}): Promise<number> {
  const batch = opts.batch ?? BATCH;
  const settleMs = opts.settleMs ?? SETTLE_MS;
  let total = 0;
  for (;;) {
    const handled = await db.transaction().execute((trx) => recomputeBatch(trx, batch, settleMs));
    if (handled === undefined) return total;
    total += handled;
  }
}

/** Every few seconds, in whichever replica gets there first. */
export function createMappingRecomputeJob(opts: { db: Kysely<Database>; intervalMs?: number; onError?: (error: unknown) => void } & RecomputeOptions): PeriodicJob<number> {
  return periodicJob(() => runMappingRecomputes(opts.db, opts), opts.intervalMs ?? 2000, opts.onError);
}
