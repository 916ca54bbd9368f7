// The SCIM view of a stored group: resource + id + members from the membership table + meta.
import { formatETag } from '../../scim/etag.ts';
import { canonicalOrder } from '../../scim/resource/canonical-order.ts';
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import type { GroupRow } from '../../store/database.ts';
import type { MemberRow } from '../../store/membership-repository.ts';
import type { DirectoryContext } from '../directory-context.ts';

/** One member as RFC 7643 §4.2 shows it, in a view or streamed one by one. */
export function memberJson(m: MemberRow, ctx: DirectoryContext): Record<string, unknown> {
  return {
    value: m.value,
    $ref: `${ctx.scimBaseUrl}/${m.type === 'User' ? 'Users' : 'Groups'}/${m.value}`,
    display: m.display ?? undefined,
    type: m.type,
  };
}

/** Builds the SCIM Group (RFC 7643 §4.2); `members` undefined leaves the attribute out (excludedAttributes=members). */
export function groupView(row: GroupRow, members: MemberRow[] | undefined, ctx: DirectoryContext): Record<string, unknown> {
  return build(row, members && members.length > 0 ? members.map((m) => memberJson(m, ctx)) : undefined, ctx);
}

/**
 * The group with `placeholder` where its members go, in their canonical place: the members are
 * written into the JSON there as they come from the database (src/http/scim/group-stream.ts).
 */
export function groupViewWithMembersAt(row: GroupRow, placeholder: string, ctx: DirectoryContext): Record<string, unknown> {
  return build(row, placeholder, ctx);
}

function build(row: GroupRow, members: unknown, ctx: DirectoryContext): Record<string, unknown> {
  const { schemas, ...attrs } = row.resource as { schemas?: string[] } & Record<string, unknown>;
  const view: Record<string, unknown> = { schemas: schemas ?? [SCHEMA_URN.group], id: row.id, ...attrs, displayName: row.display_name };
  if (members !== undefined) view.members = members;
  view.meta = {
    resourceType: 'Group',
    created: row.created_at.toISOString(),
    lastModified: row.updated_at.toISOString(),
    location: `${ctx.scimBaseUrl}/Groups/${row.id}`,
    version: formatETag(row.version),
  };
  return canonicalOrder(ctx.resources.Group, view);
}
