// SQL for the per-directory sync log: batched inserts, keyset pages, retention, the directory's last error.
import { sql } from 'kysely';
import type { SyncLogTable } from './database.ts';
import type { Executor } from './organization-repository.ts';

/**
 * One row as the writer hands it over; `request_body` is a JSON value (already redacted and capped).
 * The id is a UUIDv7 from the process: pages are ordered by (at, id), and two requests that start in
 * the same millisecond (a refused filter answers in well under one) must keep their order. With
 * random ids from the database they came back in either order (seen in CI).
 */
export interface SyncLogInsert {
  /** A UUIDv7 made when the entry is: entries that share a millisecond keep their order newest first. */
  id: string;
  directory_id: string;
  at: string;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  resource_type: string | null;
  resource_id: string | null;
  user_name: string | null;
  error_code: string | null;
  attribute: string | null;
  message: string | null;
  hint: string | null;
  request_body: unknown;
  response_excerpt: string | null;
}

export type SyncLogRow = Omit<SyncLogTable, 'at' | 'request_body'> & { at: Date; request_body: unknown };

/**
 * Inserts many rows in one statement with one parameter (a JSON array), so a batch of 500 costs
 * one round trip and no 8,000-parameter statement. Rows of directories that do not exist (a 401
 * to a made-up id, or a directory deleted since) are dropped by the same statement.
 * Returns how many rows were written.
 */
export async function insertSyncLogEntries(db: Executor, rows: SyncLogInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await sql`
    insert into sync_log (id, directory_id, at, method, path, status, duration_ms, resource_type, resource_id,
                          user_name, error_code, attribute, message, hint, request_body, response_excerpt)
    select x.id, x.directory_id, x.at, x.method, x.path, x.status, x.duration_ms, x.resource_type, x.resource_id,
           x.user_name, x.error_code, x.attribute, x.message, x.hint, x.request_body, x.response_excerpt
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
      id uuid, directory_id uuid, at timestamptz, method text, path text, status integer, duration_ms integer,
      resource_type text, resource_id uuid, user_name text, error_code text, attribute text, message text,
      hint text, request_body jsonb, response_excerpt text)
    where exists (select 1 from directories d where d.id = x.directory_id)
    -- A batch retried after a commit whose answer was lost adds nothing twice.
    on conflict (id) do nothing
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface SyncLogFilter {
  /** Inclusive status range. */
  status?: { min: number; max: number } | undefined;
  /** true: failures only (entries with an error code); false: successes only. */
  failed?: boolean | undefined;
  resourceId?: string | undefined;
  userName?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  /** Keyset cursor: rows strictly older than this (at, id). */
  before?: { at: Date; id: string } | undefined;
}

/** Newest first, keyset on (at, id), which the (directory_id, at desc, id desc) indexes serve. */
export async function pageSyncLog(db: Executor, directoryId: string, filter: SyncLogFilter, limit: number): Promise<SyncLogRow[]> {
  let q = db.selectFrom('sync_log').selectAll().where('directory_id', '=', directoryId);
  if (filter.status) q = q.where('status', '>=', filter.status.min).where('status', '<=', filter.status.max);
  if (filter.failed !== undefined) q = q.where('error_code', filter.failed ? 'is not' : 'is', null);
  if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
  if (filter.userName) q = q.where(sql`lower(user_name)`, '=', filter.userName.toLowerCase()).where('user_name', 'is not', null);
  if (filter.since) q = q.where('at', '>=', filter.since);
  if (filter.until) q = q.where('at', '<', filter.until);
  const before = filter.before;
  if (before) q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(before.at, before.id)));
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows as SyncLogRow[];
}

/**
 * Deletes up to `batch` rows older than their directory's retention, in one transaction that first
 * takes a try-lock: with several replicas only one purges at a time, the others skip this round.
 * Returns the number deleted, or null when another replica holds the lock.
 */
export async function deleteExpiredSyncLog(db: Executor, now: Date, batch: number): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext('roster.sync_log.retention')) as locked`.execute(trx);
    if (!lock.rows[0]?.locked) return null;
    // Lateral per directory so each directory's (directory_id, at) index range is read, not the whole table.
    const result = await sql`
      delete from sync_log where id in (
        select old.id from directories d
        cross join lateral (
          select s.id from sync_log s
          where s.directory_id = d.id and s.at < ${now}::timestamptz - make_interval(days => d.sync_log_retention_days)
          limit ${batch}
        ) old
        limit ${batch}
      )
    `.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  });
}

/**
 * Records a directory's latest failure. Older news never overwrites newer (replicas flush out of order).
 */
export async function setDirectoryLastError(db: Executor, directoryId: string, at: Date, message: string): Promise<void> {
  await db
    .updateTable('directories')
    .set({ last_error_at: at, last_error_message: message })
    .where('id', '=', directoryId)
    .where((eb) => eb.or([eb('last_error_at', 'is', null), eb('last_error_at', '<', at)]))
    .execute();
}
