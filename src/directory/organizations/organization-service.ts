// Organization rules: an app's customer, owning directories and email domains.
import { RosterError } from '../../errors.ts';
import { newId, isUuid } from '../../lib/ids.ts';
import type { OrganizationRow } from '../../store/database.ts';
import { findOrganization, insertOrganization, listOrganizations, type Executor } from '../../store/organization-repository.ts';

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
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function createOrganization(trx: Executor, input: OrganizationInput): Promise<OrganizationRow> {
  const name = input.name.trim();
  if (name === '') throw new RosterError('invalid_value', 'name must not be empty', { attribute: 'name' });
  const domains = [...new Set((input.domains ?? []).map((d) => d.trim().toLowerCase()))];
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) throw new RosterError('invalid_value', `"${bad}" is not a domain name such as acme.com`, { attribute: 'domains' });
  return insertOrganization(trx, { id: newId(), name, domains });
}

export async function getOrganization(db: Executor, id: string): Promise<OrganizationRow> {
  const row = isUuid(id) ? await findOrganization(db, id) : undefined;
  if (!row) throw new RosterError('not_found', `Organization ${id} not found`, { resourceId: id });
  return row;
}

export async function pageOrganizations(db: Executor, after: string | undefined, limit: number): Promise<OrganizationRow[]> {
  return listOrganizations(db, after, limit);
}
