// The fast path of the most frequent group write: an IdP pushing users into a group, one statement.
import { newId } from '../../lib/ids.ts';
import { applyPatch } from '../../scim/patch/patch-engine.ts';
import type { PatchOperation } from '../../scim/patch/patch-types.ts';
import { GROUP_RESOURCE } from '../../scim/schema/resource-types.ts';
import { isUuid } from '../../lib/ids.ts';
import type { GroupRow } from '../../store/database.ts';
import { addUsersWithEvents } from '../../store/membership-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import type { DirectoryContext } from '../directory-context.ts';

/** The user ids a PATCH adds when it does nothing else (no attribute, no removal), else undefined. */
function addedIdsOnly(ops: PatchOperation[]): string[] | undefined {
  if (ops.length === 0 || ops.some((o) => o.op !== 'add' || o.path?.toLowerCase() !== 'members')) return undefined;
  let result;
  try {
    // The engine validates the values exactly as on the general path; any doubt goes there.
    result = applyPatch(GROUP_RESOURCE, {}, ops);
  } catch {
    return undefined;
  }
  if (result.changedAttributes.length > 0 || result.warnings.length > 0) return undefined;
  const ids: string[] = [];
  for (const change of result.memberChanges) {
    if (change.kind !== 'add') return undefined;
    for (const m of change.members) if (m.type !== 'Group') ids.push(m.value);
    if (change.members.some((m) => m.type === 'Group')) return undefined;
  }
  const unique = [...new Set(ids)];
  return unique.length > 0 && unique.every(isUuid) ? unique : undefined;
}

function toRow(json: Record<string, unknown>): GroupRow {
  return {
    ...(json as unknown as GroupRow),
    created_at: new Date(json.created_at as string),
    updated_at: new Date(json.updated_at as string),
  };
}

/**
 * PATCH adding users to a group that is in no group, without If-Match: this one statement, atomic on
 * its own, so the caller need not open a transaction for it. Returns the group after the change, or
 * undefined when the general path must do it (it has written nothing then).
 */
export async function pushUsers(db: Executor, ctx: DirectoryContext, groupId: string, ops: PatchOperation[], ifMatch: string | undefined): Promise<GroupRow | undefined> {
  if ((ifMatch !== undefined && ifMatch !== '') || !isUuid(groupId)) return undefined;
  const ids = addedIdsOnly(ops);
  if (!ids) return undefined;
  const result = await addUsersWithEvents(db, {
    groupId,
    directoryId: ctx.directoryId,
    organizationId: ctx.organizationId,
    ids,
    eventIds: ids.map(() => newId()),
    updatedAt: new Date(),
  });
  return result.applied && result.row ? toRow(result.row) : undefined;
}
