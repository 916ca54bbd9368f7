// Which organization an admin API object belongs to: what an organization-bound admin key is checked against.
import type { Executor } from './organization-repository.ts';

export type OwnedKind = 'organization' | 'directory' | 'user' | 'webhook';

/**
 * The organization of the object, `null` for an object bound to none (a webhook endpoint for every
 * organization), undefined when there is no such object. Callers validate `id` as a UUID first.
 */
export async function organizationOf(db: Executor, kind: OwnedKind, id: string): Promise<string | null | undefined> {
  switch (kind) {
    case 'organization':
      return (await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst())?.id;
    case 'directory':
      return (await db.selectFrom('directories').select('organization_id').where('id', '=', id).executeTakeFirst())?.organization_id;
    case 'user': {
      const row = await db
        .selectFrom('users')
        .innerJoin('directories', 'directories.id', 'users.directory_id')
        .select('directories.organization_id')
        .where('users.id', '=', id)
        .executeTakeFirst();
      return row?.organization_id;
    }
    case 'webhook': {
      const row = await db.selectFrom('webhook_endpoints').select('organization_id').where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : row.organization_id;
    }
  }
}
