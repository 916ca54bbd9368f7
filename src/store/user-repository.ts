// SQL for users: rows with indexed mirrors of what IdPs filter on, and the SCIM resource as jsonb.
import { sql } from 'kysely';
import { isUuid } from '../lib/ids.ts';
import type { UserRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

/** Columns derived from the resource, written on every insert and update. */
export interface UserColumns {
  user_name: string;
  external_id: string | null;
  emails: string[];
  display_name: string | null;
  active: boolean;
  state: string;
  resource: Record<string, unknown>;
  password_hash?: string | null;
  /** The app's fields computed by the directory's mapping; undefined leaves them as they are. */
  fields?: Record<string, unknown>;
}

export async function insertUser(db: Executor, id: string, directoryId: string, cols: UserColumns): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({ id, directory_id: directoryId, ...cols, resource: JSON.stringify(cols.resource), fields: JSON.stringify(cols.fields ?? {}), password_hash: cols.password_hash ?? null, version: 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A user visible to SCIM (not deprovisioned); `lock` takes a row lock for read-modify-write. */
export async function findUser(db: Executor, directoryId: string, id: string, lock = false): Promise<UserRow | undefined> {
  // The id column is a uuid: any other text would be a cast error (a 500), yet it simply names no user.
  if (!isUuid(id)) return undefined;
  let q = db.selectFrom('users').selectAll().where('id', '=', id).where('directory_id', '=', directoryId).where('state', '<>', 'deprovisioned');
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findUsersByIds(db: Executor, directoryId: string, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').selectAll().where('directory_id', '=', directoryId).where('id', 'in', ids).execute();
}

/** Writes new columns and bumps the version; the caller holds the row lock. */
export async function updateUser(db: Executor, id: string, cols: UserColumns): Promise<UserRow> {
  const { password_hash, fields, ...rest } = cols;
  return db
    .updateTable('users')
    .set({
      ...rest,
      resource: JSON.stringify(cols.resource),
      ...(fields !== undefined ? { fields: JSON.stringify(fields) } : {}),
      ...(password_hash !== undefined ? { password_hash } : {}),
      version: sql`version + 1` as never,
      updated_at: sql`now()` as never,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setUserState(db: Executor, id: string, state: string, active: boolean): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({ state, active, version: sql`version + 1` as never, updated_at: sql`now()` as never })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteUserRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** The SCIM-visible user holding a userName (case-insensitive) or externalId, for conflict details. */
export async function findUserConflict(
  db: Executor,
  directoryId: string,
  userName: string,
  externalId: string | null,
  exceptId?: string,
): Promise<{ id: string; field: 'userName' | 'externalId'; created_at: Date } | undefined> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'user_name', 'external_id', 'created_at'])
    .where('directory_id', '=', directoryId)
    .where('state', '<>', 'deprovisioned')
    .where((eb) => {
      const byName = eb(sql`lower(user_name)`, '=', sql`lower(${userName})`);
      return externalId === null ? byName : eb.or([byName, eb('external_id', '=', externalId)]);
    })
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId as string))
    .limit(2)
    .execute();
  const row = rows[0];
  if (!row) return undefined;
  const field = row.user_name.toLowerCase() === userName.toLowerCase() ? 'userName' : 'externalId';
  return { id: row.id, field, created_at: row.created_at };
}

/** Users of a directory in one lifecycle state (held users awaiting approval, …), newest first. */
export async function listUsersInState(db: Executor, directoryIds: string[], state: string, limit: number): Promise<UserRow[]> {
  if (directoryIds.length === 0) return [];
  return db.selectFrom('users').selectAll().where('directory_id', 'in', directoryIds).where('state', '=', state).orderBy('created_at', 'desc').limit(limit).execute();
}

/** A user by id in any state (admin API), optionally locked. */
export async function findUserAnyState(db: Executor, id: string, lock = false): Promise<UserRow | undefined> {
  let q = db.selectFrom('users').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A user holding an identity value, SCIM-visible or deprovisioned (a rehire candidate). */
export interface IdentityMatch {
  id: string;
  user_name: string;
  external_id: string | null;
  state: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * Everything a create must know in one round trip, each branch on its own partial index: visible
 * users holding the userName or externalId (a conflict) and deprovisioned users the create may rehire.
 */
export async function findIdentityMatches(db: Executor, directoryId: string, userName: string, externalId: string | null): Promise<IdentityMatch[]> {
  const cols = sql`id, user_name, external_id, state, created_at, updated_at`;
  const byName = sql`select ${cols} from users where directory_id = ${directoryId}::uuid and state <> 'deprovisioned' and lower(user_name) = lower(${userName}::text)`;
  const former =
    externalId !== null
      ? sql`select ${cols} from users where directory_id = ${directoryId}::uuid and state = 'deprovisioned' and external_id = ${externalId}::text and external_id is not null`
      : sql`select ${cols} from users where directory_id = ${directoryId}::uuid and state = 'deprovisioned' and lower(user_name) = lower(${userName}::text)`;
  const byExternal =
    externalId !== null
      ? sql` union all select ${cols} from users where directory_id = ${directoryId}::uuid and state <> 'deprovisioned' and external_id = ${externalId}::text`
      : sql``;
  const r = await sql<IdentityMatch>`${byName}${byExternal} union all ${former}`.execute(db);
  return r.rows;
}

/** Locks one user row by id (re-checking it is still deprovisioned before a rehire). */
export async function lockDeprovisionedUser(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).where('state', '=', 'deprovisioned').forUpdate().executeTakeFirst();
}
