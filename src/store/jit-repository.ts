// SQL for just-in-time sign-in: the organization's users an SSO assertion may name.
import { sql } from 'kysely';
import type { UserRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

export type JitMatch = UserRow & { matched_by: 'externalId' | 'userName' | 'email' };

/**
 * Users of any directory of the organization with this externalId, or this address as userName
 * or as one of their emails (each lookup on an index). Strongest match first, then users the app
 * can see, then the most recently changed.
 */
export async function findJitMatches(db: Executor, organizationId: string, externalId: string | null, email: string): Promise<JitMatch[]> {
  const address = email.toLowerCase();
  const rows = await db
    .selectFrom('users')
    .innerJoin('directories', 'directories.id', 'users.directory_id')
    .selectAll('users')
    .select(
      sql<'externalId' | 'userName' | 'email'>`case
        when ${externalId}::text is not null and users.external_id = ${externalId} then 'externalId'
        when lower(users.user_name) = ${address} then 'userName'
        else 'email' end`.as('matched_by'),
    )
    .where('directories.organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        ...(externalId ? [eb('users.external_id', '=', externalId)] : []),
        eb(sql`lower(users.user_name)`, '=', address),
        eb(sql`users.emails`, '@>', sql`array[${address}]::text[]`),
      ]),
    )
    .where('users.state', '!=', 'refused')
    .limit(20)
    .execute();
  const strength = { externalId: 0, userName: 1, email: 2 } as const;
  const visible = (s: string) => (s === 'active' || s === 'suspended' ? 0 : 1);
  return rows.sort(
    (a, b) => strength[a.matched_by] - strength[b.matched_by] || visible(a.state) - visible(b.state) || new Date(b.updated_at).getTime() - new Date(a.updated_at).getTime(),
  );
}

/** The organization's directories, oldest first (JIT creates in the only one, or the one named). */
export async function organizationDirectories(db: Executor, organizationId: string) {
  return db.selectFrom('directories').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').limit(50).execute();
}
