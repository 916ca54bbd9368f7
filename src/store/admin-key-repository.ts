// SQL for admin API keys (stored as hashes only) and their scopes.
import type { AdminKeyRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

/** An admin key as listings show it: never its hash. */
export type AdminKeyRecord = Omit<AdminKeyRow, 'key_hash'>;

const PUBLIC_COLUMNS = ['id', 'name', 'scope', 'organization_id', 'prefix', 'revoked_at', 'created_at'] as const;

export async function insertAdminKey(
  db: Executor,
  row: { id: string; key_hash: string; name: string; scope?: string; organization_id?: string | null; prefix?: string | null },
): Promise<void> {
  await db.insertInto('admin_keys').values(row).onConflict((oc) => oc.column('key_hash').doNothing()).execute();
}

export async function countAdminKeys(db: Executor): Promise<number> {
  const r = await db.selectFrom('admin_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The key a hash opens, with its hash for the constant-time check; revoked keys open nothing. Auth only. */
export async function readAdminKeyByHash(db: Executor, keyHash: string): Promise<AdminKeyRow | undefined> {
  return db.selectFrom('admin_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function findAdminKey(db: Executor, id: string): Promise<AdminKeyRecord | undefined> {
  return db.selectFrom('admin_keys').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Keyset page ordered by id (time-ordered UUIDs). */
export async function listAdminKeys(db: Executor, after: string | undefined, limit: number): Promise<AdminKeyRecord[]> {
  let q = db.selectFrom('admin_keys').select(PUBLIC_COLUMNS).orderBy('id').limit(limit);
  if (after) q = q.where('id', '>', after);
  return q.execute();
}

/**
 * Marks a key revoked; the row stays, so the audit log's key ids keep naming something. Revoking
 * twice keeps the first time. Undefined when no key has this id.
 */
export async function revokeAdminKeyRow(db: Executor, id: string, at: Date): Promise<AdminKeyRecord | undefined> {
  const revoked = await db.updateTable('admin_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returning(PUBLIC_COLUMNS).executeTakeFirst();
  return revoked ?? findAdminKey(db, id);
}
