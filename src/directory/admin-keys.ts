// The admin API key: from config, or generated once on first start and shown once.
import { newId } from '../lib/ids.ts';
import { hashSecret, newSecret } from '../lib/secrets.ts';
import { countAdminKeys, insertAdminKey } from '../store/admin-key-repository.ts';
import type { Executor } from '../store/organization-repository.ts';

/**
 * Makes sure an admin key exists. A configured key is stored (hashed) if new; with none configured
 * and none stored, a key is generated and returned so the caller can print it once.
 */
export async function ensureAdminKey(db: Executor, configured: string | undefined): Promise<string | undefined> {
  if (configured !== undefined) {
    await insertAdminKey(db, { id: newId(), key_hash: hashSecret(configured), name: 'ROSTER_ADMIN_API_KEY' });
    return undefined;
  }
  if ((await countAdminKeys(db)) > 0) return undefined;
  const key = newSecret('rak_');
  await insertAdminKey(db, { id: newId(), key_hash: hashSecret(key), name: 'generated on first start' });
  return key;
}
