// Admin API keys: the bootstrap key from config, keys made through the API with a scope, revocation.
import { RosterError } from '../errors.ts';
import { isUuid, newId } from '../lib/ids.ts';
import { hashesEqual, hashSecret, newSecret, secretPrefix } from '../lib/secrets.ts';
import {
  countAdminKeys,
  findAdminKey,
  insertAdminKey,
  listAdminKeys,
  readAdminKeyByHash,
  revokeAdminKeyRow,
  type AdminKeyRecord,
} from '../store/admin-key-repository.ts';
import type { Executor } from '../store/organization-repository.ts';
import { getOrganization } from './organizations/organization-service.ts';

/** `full` may do anything its organization binding allows; `read` may only read (GET). */
export type AdminScope = 'full' | 'read';
export const ADMIN_SCOPES: readonly AdminScope[] = ['full', 'read'];

/** Who is calling the admin API: what the audit log records and the scope checks read. */
export interface AdminPrincipal {
  keyId: string;
  name: string;
  scope: AdminScope;
  /** Set: the key sees only this organization's objects. */
  organizationId: string | null;
}

/**
 * Makes sure an admin key exists. A configured key is stored (hashed) if new; with none configured
 * and none stored, a key is generated and returned so the caller can print it once. These
 * bootstrap keys are full-scope and bound to no organization.
 */
export async function ensureAdminKey(db: Executor, configured: string | undefined): Promise<string | undefined> {
  if (configured !== undefined) {
    await insertAdminKey(db, { id: newId(), key_hash: hashSecret(configured), name: 'ROSTER_ADMIN_API_KEY' });
    return undefined;
  }
  if ((await countAdminKeys(db)) > 0) return undefined;
  const key = newSecret('rak_');
  await insertAdminKey(db, { id: newId(), key_hash: hashSecret(key), name: 'generated on first start', prefix: secretPrefix(key) });
  return key;
}

/** The principal a presented key stands for, or undefined (unknown or revoked). Hash compared in constant time. */
export async function authenticateAdminKey(db: Executor, presented: string): Promise<AdminPrincipal | undefined> {
  const hash = hashSecret(presented);
  const row = await readAdminKeyByHash(db, hash);
  if (!row || !hashesEqual(row.key_hash, hash)) return undefined;
  return { keyId: row.id, name: row.name, scope: row.scope === 'read' ? 'read' : 'full', organizationId: row.organization_id };
}

export interface NewAdminKeyInput {
  name: string;
  scope: AdminScope;
  organizationId?: string | null | undefined;
}

/** Creates a key; the key itself is returned once and only its hash is stored. */
export async function createAdminKey(db: Executor, input: NewAdminKeyInput): Promise<{ record: AdminKeyRecord; key: string }> {
  const organizationId = input.organizationId ?? null;
  if (organizationId !== null) {
    if (!isUuid(organizationId)) throw new RosterError('invalid_value', 'organizationId must be a UUID', { attribute: 'organizationId' });
    await getOrganization(db, organizationId);
  }
  const key = newSecret('rak_');
  const id = newId();
  await insertAdminKey(db, { id, key_hash: hashSecret(key), name: input.name, scope: input.scope, organization_id: organizationId, prefix: secretPrefix(key) });
  return { record: (await findAdminKey(db, id)) as AdminKeyRecord, key };
}

export async function pageAdminKeys(db: Executor, after: string | undefined, limit: number): Promise<AdminKeyRecord[]> {
  return listAdminKeys(db, after && isUuid(after) ? after : undefined, limit);
}

export async function revokeAdminKey(db: Executor, id: string, now: Date): Promise<AdminKeyRecord> {
  const row = isUuid(id) ? await revokeAdminKeyRow(db, id, now) : undefined;
  if (!row) throw new RosterError('not_found', 'No admin key has this id', { resourceId: id });
  return row;
}

/** The JSON of a key in the admin API: never the key or its hash. */
export function adminKeyJson(row: AdminKeyRecord) {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    organizationId: row.organization_id,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}
