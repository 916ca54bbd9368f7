// SQL for admin API keys (stored as hashes only).
import type { Executor } from './organization-repository.ts';

export async function insertAdminKey(db: Executor, row: { id: string; key_hash: string; name: string }): Promise<void> {
  await db.insertInto('admin_keys').values(row).onConflict((oc) => oc.column('key_hash').doNothing()).execute();
}

export async function countAdminKeys(db: Executor): Promise<number> {
  const r = await db.selectFrom('admin_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** True when a key hash is on file. Reads a secret hash: auth only. */
export async function readAdminKeyHash(db: Executor, keyHash: string): Promise<string | undefined> {
  const r = await db.selectFrom('admin_keys').select('key_hash').where('key_hash', '=', keyHash).executeTakeFirst();
  return r?.key_hash;
}
