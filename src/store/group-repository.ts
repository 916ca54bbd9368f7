// SQL for groups; their members live in group_members (see membership-repository.ts).
import { sql } from 'kysely';
import { isUuid } from '../lib/ids.ts';
import type { GroupRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

export interface GroupColumns {
  display_name: string;
  external_id: string | null;
  resource: Record<string, unknown>;
}

export async function insertGroup(db: Executor, id: string, directoryId: string, cols: GroupColumns): Promise<GroupRow> {
  return db
    .insertInto('groups')
    .values({ id, directory_id: directoryId, ...cols, resource: JSON.stringify(cols.resource), version: 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** `lock`: true for a write that keeps the row, 'delete' for the deletion of the row itself. */
export async function findGroup(db: Executor, directoryId: string, id: string, lock: boolean | 'delete' = false): Promise<GroupRow | undefined> {
  // The id column is a uuid: any other text would be a cast error (a 500), yet it simply names no group.
  if (!isUuid(id)) return undefined;
  let q = db.selectFrom('groups').selectAll().where('id', '=', id).where('directory_id', '=', directoryId);
  // FOR NO KEY UPDATE: group writers still take turns, but a rule being added on this group (its
  // foreign key takes KEY SHARE) is not blocked by them, so it cannot deadlock with a PATCH that holds
  // the row and waits for the rule lock in a membership trigger (migration 025). A deletion takes
  // FOR UPDATE from the start, so a concurrent add of this group as a member (KEY SHARE) waits and
  // then finds it gone, rather than holding KEY SHARE while the DELETE waits for it.
  if (lock === 'delete') q = q.forUpdate();
  else if (lock) q = q.forNoKeyUpdate();
  return q.executeTakeFirst();
}

export async function findGroupsByIds(db: Executor, directoryId: string, ids: string[]): Promise<GroupRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('groups').selectAll().where('directory_id', '=', directoryId).where('id', 'in', ids).execute();
}

/** Writes new columns and bumps the version; `touch` only bumps (a membership change). */
export async function updateGroup(db: Executor, id: string, cols: GroupColumns | undefined): Promise<GroupRow> {
  return db
    .updateTable('groups')
    .set({
      ...(cols ? { ...cols, resource: JSON.stringify(cols.resource) } : {}),
      version: sql`version + 1` as never,
      updated_at: sql`now()` as never,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The statement of updateGroup, to be sent with the change's events (recordEvents): the caller
 * holds the row lock, so the new version is the one it read plus one, and `updatedAt` is what it
 * puts in its events.
 */
export function groupUpdateSql(id: string, cols: GroupColumns | undefined, updatedAt: Date) {
  const set = cols
    ? sql`, display_name = ${cols.display_name}, external_id = ${cols.external_id}, resource = ${JSON.stringify(cols.resource)}::jsonb`
    : sql``;
  return sql`update groups set version = version + 1, updated_at = ${updatedAt.toISOString()}::timestamptz${set} where id = ${id}::uuid`;
}

export async function deleteGroupRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('groups').where('id', '=', id).execute();
}

export async function findGroupByExternalId(db: Executor, directoryId: string, externalId: string, exceptId?: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('groups')
    .select('id')
    .where('directory_id', '=', directoryId)
    .where('external_id', '=', externalId)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId as string))
    .executeTakeFirst();
  return row?.id;
}
