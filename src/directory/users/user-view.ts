// The SCIM view of a stored user: resource + id + computed groups + meta.
import { formatETag } from '../../scim/etag.ts';
import { canonicalOrder } from '../../scim/resource/canonical-order.ts';
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import type { UserRow } from '../../store/database.ts';
import type { MemberRow } from '../../store/membership-repository.ts';
import type { DirectoryContext } from '../directory-context.ts';

/** Builds the SCIM User (RFC 7643 §4.1) a client reads back; `groups` undefined skips the attribute. */
export function userView(row: UserRow, groups: MemberRow[] | undefined, ctx: DirectoryContext): Record<string, unknown> {
  const { schemas, ...attrs } = row.resource as { schemas?: string[] } & Record<string, unknown>;
  const view: Record<string, unknown> = { schemas: schemas ?? [SCHEMA_URN.user], id: row.id, ...attrs, active: row.active };
  if (groups && groups.length > 0) {
    view.groups = groups.map((g) => ({ value: g.value, $ref: `${ctx.scimBaseUrl}/Groups/${g.value}`, display: g.display, type: g.type }));
  }
  view.meta = {
    resourceType: 'User',
    created: row.created_at.toISOString(),
    lastModified: row.updated_at.toISOString(),
    location: `${ctx.scimBaseUrl}/Users/${row.id}`,
    version: formatETag(row.version),
  };
  return canonicalOrder(ctx.resources.User, view);
}
