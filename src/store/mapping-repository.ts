// SQL for attribute mapping: the app's fields, per-directory overrides, and the recompute after a change.
import { sql } from 'kysely';
import type { UserRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

export interface AppFieldRow {
  key: string;
  type: string;
  required: boolean;
  description: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface RecomputeRow {
  directory_id: string;
  state: 'pending' | 'running' | 'done';
  total: number;
  done: number;
  changed: number;
  after_id: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export async function listAppFields(db: Executor): Promise<AppFieldRow[]> {
  return (await sql<AppFieldRow>`select * from app_fields order by key limit 500`.execute(db)).rows;
}

export async function insertAppField(db: Executor, f: Pick<AppFieldRow, 'key' | 'type' | 'required' | 'description'>): Promise<AppFieldRow | undefined> {
  const { rows } = await sql<AppFieldRow>`insert into app_fields (key, type, required, description)
    values (${f.key}, ${f.type}, ${f.required}, ${f.description}) on conflict (key) do nothing returning *`.execute(db);
  return rows[0];
}

export async function updateAppField(db: Executor, key: string, set: { type?: string; required?: boolean; description?: string | null }): Promise<AppFieldRow | undefined> {
  const { rows } = await sql<AppFieldRow>`update app_fields set
      type = coalesce(${set.type ?? null}, type),
      required = coalesce(${set.required ?? null}, required),
      description = case when ${set.description !== undefined} then ${set.description ?? null} else description end,
      updated_at = now()
    where key = ${key} returning *`.execute(db);
  return rows[0];
}

export async function deleteAppField(db: Executor, key: string): Promise<boolean> {
  const { rows } = await sql`delete from app_fields where key = ${key} returning key`.execute(db);
  return rows.length > 0;
}

/** The app's fields with this directory's override of each (one round trip: what a cache miss costs). */
export async function mappingInputs(db: Executor, directoryId: string): Promise<(AppFieldRow & { path: string | null; overridden: boolean })[]> {
  const { rows } = await sql<AppFieldRow & { path: string | null; overridden: boolean }>`
    select f.*, m.path, m.field_key is not null as overridden
    from app_fields f left join directory_field_mappings m on m.field_key = f.key and m.directory_id = ${directoryId}::uuid
    order by f.key`.execute(db);
  return rows;
}

/** Replaces a directory's overrides with `overrides` (key → path, or null for "not mapped"). */
export async function replaceOverrides(trx: Executor, directoryId: string, overrides: Record<string, string | null>): Promise<void> {
  await sql`delete from directory_field_mappings where directory_id = ${directoryId}::uuid`.execute(trx);
  const rows = Object.entries(overrides).map(([key, path]) => sql`(${directoryId}::uuid, ${key}, ${path})`);
  if (rows.length > 0) await sql`insert into directory_field_mappings (directory_id, field_key, path) values ${sql.join(rows)}`.execute(trx);
}

/**
 * A mapping changed: the directories' mapping version moves (caches key on it) and each gets a
 * recompute from its first user, replacing one in progress. `directoryId` null: every directory.
 */
export async function requestRecompute(trx: Executor, directoryId: string | null): Promise<void> {
  const which = directoryId === null ? sql`true` : sql`id = ${directoryId}::uuid`;
  await sql`with d as (update directories set mapping_version = mapping_version + 1 where ${which} returning id)
    insert into mapping_recomputes (directory_id, state, total, done, changed, after_id, requested_at, started_at, finished_at)
    select id, 'pending', 0, 0, 0, null, now(), null, null from d
    on conflict (directory_id) do update set state = 'pending', total = 0, done = 0, changed = 0, after_id = null,
      requested_at = now(), started_at = null, finished_at = null`.execute(trx);
}

export async function findRecompute(db: Executor, directoryId: string): Promise<RecomputeRow | undefined> {
  return (await sql<RecomputeRow>`select * from mapping_recomputes where directory_id = ${directoryId}::uuid`.execute(db)).rows[0];
}

/**
 * The oldest unfinished recompute requested at least `settleMs` ago, locked for this transaction;
 * one another replica holds is skipped, so replicas share the work directory by directory.
 */
export async function claimRecompute(trx: Executor, settleMs: number): Promise<RecomputeRow | undefined> {
  const { rows } = await sql<RecomputeRow>`select * from mapping_recomputes
    where state <> 'done' and requested_at <= now() - make_interval(secs => ${settleMs / 1000})
    order by requested_at limit 1 for update skip locked`.execute(trx);
  return rows[0];
}

export async function startRecompute(trx: Executor, directoryId: string): Promise<RecomputeRow> {
  const { rows } = await sql<RecomputeRow>`update mapping_recomputes set state = 'running', started_at = now(),
      total = (select count(*)::int from users where directory_id = ${directoryId}::uuid)
    where directory_id = ${directoryId}::uuid returning *`.execute(trx);
  return rows[0] as RecomputeRow;
}

/** The next users after the cursor, locked (a SCIM write of one of them waits for this batch, or this batch for it). */
export async function lockUsersAfter(trx: Executor, directoryId: string, afterId: string | null, limit: number): Promise<UserRow[]> {
  const after = afterId === null ? sql`` : sql`and id > ${afterId}::uuid`;
  const { rows } = await sql<UserRow>`select * from users where directory_id = ${directoryId}::uuid ${after} order by id limit ${limit} for update`.execute(trx);
  return rows;
}

/** New fields for users whose fields changed; each such user's version moves (events carry the new fields). */
export async function writeUserFields(trx: Executor, changes: { id: string; fields: Record<string, unknown> }[]): Promise<UserRow[]> {
  if (changes.length === 0) return [];
  const values = changes.map((c) => sql`(${c.id}::uuid, ${JSON.stringify(c.fields)}::jsonb)`);
  const { rows } = await sql<UserRow>`update users u set fields = v.fields, version = u.version + 1, updated_at = now()
    from (values ${sql.join(values)}) as v(id, fields) where u.id = v.id returning u.*`.execute(trx);
  return rows;
}

export async function advanceRecompute(trx: Executor, directoryId: string, lastId: string | null, handled: number, changed: number, finished: boolean): Promise<void> {
  await sql`update mapping_recomputes set after_id = coalesce(${lastId}::uuid, after_id), done = done + ${handled}, changed = changed + ${changed},
      total = greatest(total, done + ${handled}),
      state = case when ${finished} then 'done' else 'running' end, finished_at = case when ${finished} then now() else null end
    where directory_id = ${directoryId}::uuid`.execute(trx);
}

/** Users to preview a mapping on: the app's users first (active, then suspended), newest first. */
export async function previewUsers(db: Executor, directoryId: string, limit: number): Promise<UserRow[]> {
  const { rows } = await sql<UserRow>`select * from users where directory_id = ${directoryId}::uuid
    order by case state when 'active' then 0 when 'suspended' then 1 else 2 end, id desc limit ${limit}`.execute(db);
  return rows;
}
