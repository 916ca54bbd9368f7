// Organization rules: an app's customer, owning directories and email domains.
import { RosterError } from '../../errors.ts';
import { newId, isUuid } from '../../lib/ids.ts';
import type { OrganizationRow } from '../../store/database.ts';
import { findOrganization, insertOrganization, listOrganizations, updateOrganizationRow, type Executor } from '../../store/organization-repository.ts';

export interface OrganizationInput {
  name: string;
  domains?: string[] | undefined;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function organizationJson(row: OrganizationRow): Record<string, unknown> {
  return {
    object: 'organization',
    id: row.id,
    name: row.name,
    domains: row.domains,
    externalDomainPolicy: row.external_domain_policy,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new RosterError('invalid_value', 'name must not be empty', { attribute: 'name' });
  return trimmed;
}

function cleanDomains(list: string[]): string[] {
  const domains = [...new Set(list.map((d) => d.trim().toLowerCase()))];
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) throw new RosterError('invalid_value', `"${bad}" is not a domain name such as acme.com`, { attribute: 'domains' });
  return domains;
}

const POLICIES = ['allow', 'hold', 'reject'];

export async function createOrganization(trx: Executor, input: OrganizationInput): Promise<OrganizationRow> {
  return insertOrganization(trx, { id: newId(), name: cleanName(input.name), domains: cleanDomains(input.domains ?? []) });
}

/** Changes name, domains or the policy for users outside them (docs/lifecycle.md). */
export async function updateOrganization(
  trx: Executor,
  id: string,
  input: { name?: string; domains?: string[]; externalDomainPolicy?: string },
): Promise<OrganizationRow> {
  await getOrganization(trx, id);
  if (input.externalDomainPolicy !== undefined && !POLICIES.includes(input.externalDomainPolicy)) {
    throw new RosterError('invalid_value', 'externalDomainPolicy must be "allow", "hold" or "reject"', { attribute: 'externalDomainPolicy' });
  }
  const row = await updateOrganizationRow(trx, id, {
    ...(input.name !== undefined ? { name: cleanName(input.name) } : {}),
    ...(input.domains !== undefined ? { domains: cleanDomains(input.domains) } : {}),
    ...(input.externalDomainPolicy !== undefined ? { external_domain_policy: input.externalDomainPolicy } : {}),
  });
  if (!row) throw new RosterError('not_found', `Organization ${id} not found`, { resourceId: id });
  return row;
}

export async function getOrganization(db: Executor, id: string): Promise<OrganizationRow> {
  const row = isUuid(id) ? await findOrganization(db, id) : undefined;
  if (!row) throw new RosterError('not_found', `Organization ${id} not found`, { resourceId: id });
  return row;
}

export async function pageOrganizations(db: Executor, after: string | undefined, limit: number): Promise<OrganizationRow[]> {
  return listOrganizations(db, after, limit);
}
