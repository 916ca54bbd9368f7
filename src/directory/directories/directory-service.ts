// Directory rules: one SCIM connection of an organization, its provider, its tokens and its state.
import { RosterError } from '../../errors.ts';
import { recordEvents } from '../../events/event-writer.ts';
import { newId, isUuid } from '../../lib/ids.ts';
import { hashSecret, newSecret, secretPrefix } from '../../lib/secrets.ts';
import { BUILT_IN_RESOURCES, type DirectoryResources } from '../../scim/schema/directory-resources.ts';
import type { DirectoryRow } from '../../store/database.ts';
import {
  activateDirectory,
  deleteDirectoryRow,
  expireTokens,
  findDirectory,
  insertDirectory,
  insertToken,
  listDirectories,
} from '../../store/directory-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import type { DirectoryContext } from '../directory-context.ts';
import { getOrganization } from '../organizations/organization-service.ts';

export const PROVIDERS = ['okta', 'entra', 'onelogin', 'jumpcloud', 'ping', 'rippling', 'google', 'generic'] as const;
export type Provider = (typeof PROVIDERS)[number];

const PROVIDER_LABELS: Record<string, string> = {
  okta: 'Okta',
  entra: 'Microsoft Entra ID',
  onelogin: 'OneLogin',
  jumpcloud: 'JumpCloud',
  ping: 'Ping Identity',
  rippling: 'Rippling',
  google: 'Google Workspace',
};

/** How messages name a provider; `generic` is just "the identity provider". */
export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? 'the identity provider';
}

export function scimBaseUrl(origin: string, directoryId: string): string {
  return `${origin}/scim/v2/${directoryId}`;
}

/** The organization's rules a directory applies to new users. */
export interface OrganizationPolicy {
  domains: string[];
  externalDomainPolicy: string;
}

export function directoryContext(
  row: DirectoryRow,
  origin: string,
  policy: OrganizationPolicy = { domains: [], externalDomainPolicy: 'allow' },
  resources: DirectoryResources = BUILT_IN_RESOURCES,
): DirectoryContext {
  const p = policy.externalDomainPolicy;
  return {
    directoryId: row.id,
    organizationId: row.organization_id,
    provider: row.provider,
    providerLabel: providerLabel(row.provider),
    deprovisionRule: row.deprovision_rule === 'delete' ? 'delete' : 'deactivate',
    attributeMode: row.attribute_mode === 'strict' ? 'strict' : 'lenient',
    storePasswords: row.store_passwords !== false,
    scimBaseUrl: scimBaseUrl(origin, row.id),
    domains: policy.domains,
    externalDomainPolicy: p === 'hold' || p === 'reject' ? p : 'allow',
    resources,
    mappingVersion: row.mapping_version,
  };
}

export function directoryJson(row: DirectoryRow, origin: string): Record<string, unknown> {
  return {
    object: 'directory',
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    provider: row.provider,
    state: row.state,
    deprovisionRule: row.deprovision_rule,
    attributeMode: row.attribute_mode,
    storePasswords: row.store_passwords,
    rateLimitPerSecond: row.rate_limit_per_second,
    rateLimitBurst: row.rate_limit_burst,
    syncLogRetentionDays: row.sync_log_retention_days,
    scimBaseUrl: scimBaseUrl(origin, row.id),
    lastRequestAt: row.last_request_at?.toISOString() ?? null,
    lastErrorAt: row.last_error_at?.toISOString() ?? null,
    lastErrorMessage: row.last_error_message,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function issueToken(trx: Executor, directoryId: string): Promise<string> {
  const token = newSecret('rst_');
  await insertToken(trx, { id: newId(), directory_id: directoryId, token_hash: hashSecret(token), prefix: secretPrefix(token) });
  return token;
}

/** Creates a directory and its first bearer token; the token is returned once and stored hashed. */
export async function createDirectory(trx: Executor, organizationId: string, input: { name: string; provider: string }): Promise<{ row: DirectoryRow; token: string }> {
  await getOrganization(trx, organizationId);
  const provider = input.provider.toLowerCase();
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw new RosterError('invalid_value', `provider must be one of ${PROVIDERS.join(', ')}; got "${input.provider}"`, { attribute: 'provider' });
  }
  const name = input.name.trim();
  if (name === '') throw new RosterError('invalid_value', 'name must not be empty', { attribute: 'name' });
  const row = await insertDirectory(trx, { id: newId(), organization_id: organizationId, name, provider });
  return { row, token: await issueToken(trx, row.id) };
}

export async function getDirectory(db: Executor, id: string): Promise<DirectoryRow> {
  const row = isUuid(id) ? await findDirectory(db, id) : undefined;
  if (!row) throw new RosterError('not_found', `Directory ${id} not found`, { resourceId: id });
  return row;
}

export async function pageDirectories(db: Executor, organizationId: string, after: string | undefined, limit: number): Promise<DirectoryRow[]> {
  await getOrganization(db, organizationId);
  return listDirectories(db, organizationId, after, limit);
}

/**
 * Issues a new token. The old ones keep working for `graceSeconds` (default 0: they stop now),
 * so an IT admin can paste the new token into the IdP without a failed sync.
 */
export async function rotateToken(trx: Executor, id: string, graceSeconds: number): Promise<{ token: string; previousExpiresAt: Date }> {
  await getDirectory(trx, id);
  const at = new Date(Date.now() + graceSeconds * 1000);
  await expireTokens(trx, id, at);
  return { token: await issueToken(trx, id), previousExpiresAt: at };
}

/** Deletes a directory with its users, groups and tokens; the event stays in the organization's log. */
export async function deleteDirectory(trx: Executor, id: string): Promise<void> {
  const row = await getDirectory(trx, id);
  await recordEvents(trx, [
    { type: 'directory.deleted', organizationId: row.organization_id, directoryId: row.id, objectId: row.id, objectVersion: null, data: { directory: { id: row.id, name: row.name, provider: row.provider } } },
  ]);
  await deleteDirectoryRow(trx, id);
}

/** On the first authenticated SCIM request: pending → active, with its event. */
export async function markDirectoryActive(trx: Executor, row: DirectoryRow): Promise<void> {
  if (row.state !== 'pending') return;
  if (await activateDirectory(trx, row.id)) {
    await recordEvents(trx, [
      { type: 'directory.activated', organizationId: row.organization_id, directoryId: row.id, objectId: row.id, objectVersion: null, data: { directory: { id: row.id, name: row.name, provider: row.provider } } },
    ]);
  }
}
