// SQL for organizations.
import type { Kysely } from 'kysely';
import type { Database, OrganizationRow } from './database.ts';

export type Executor = Kysely<Database>;

export async function insertOrganization(db: Executor, row: { id: string; name: string; domains: string[] }): Promise<OrganizationRow> {
  return db.insertInto('organizations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findOrganization(db: Executor, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Keyset page ordered by id (time-ordered UUIDs): stable under concurrent inserts. */
export async function listOrganizations(db: Executor, after: string | undefined, limit: number): Promise<OrganizationRow[]> {
  let q = db.selectFrom('organizations').selectAll().orderBy('id').limit(limit);
  if (after) q = q.where('id', '>', after);
  return q.execute();
}

export async function updateOrganizationRow(
  db: Executor,
  id: string,
  values: { name?: string; domains?: string[]; external_domain_policy?: string },
): Promise<OrganizationRow | undefined> {
  return db.updateTable('organizations').set({ ...values, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
}
