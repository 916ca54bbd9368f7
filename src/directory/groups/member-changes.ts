// Applies membership changes (from POST, PUT or PATCH) to the table, checked and evented.
import { RosterError } from '../../errors.ts';
import type { DomainEvent } from '../../events/event-writer.ts';
import { matchesElement } from '../../scim/filter/filter-evaluator.ts';
import type { MemberChange, MemberRef } from '../../scim/patch/patch-types.ts';
import { findAttribute } from '../../scim/schema/resolve-path.ts';
import { GROUP_RESOURCE } from '../../scim/schema/resource-types.ts';
import { isUuid } from '../../lib/ids.ts';
import { findGroup, updateGroup } from '../../store/group-repository.ts';
import {
  addMembers,
  existingMemberIds,
  groupsOfMember,
  listMembers,
  removeMembers,
  resolveMemberIds,
  wouldCreateCycle,
  type MemberType,
} from '../../store/membership-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import type { DirectoryContext } from '../directory-context.ts';

const MEMBERS_DEF = findAttribute(GROUP_RESOURCE.core.attributes, 'members');

/** Checks that every member exists in this directory and that no group would contain itself. */
async function resolveMembers(trx: Executor, ctx: DirectoryContext, groupId: string, refs: MemberRef[], groupName?: string): Promise<{ id: string; type: MemberType }[]> {
  const ids = [...new Set(refs.map((r) => r.value))];
  const bad = ids.filter((id) => !isUuid(id));
  const found = await resolveMemberIds(trx, ctx.directoryId, ids.filter(isUuid));
  const missing = [...bad, ...ids.filter((id) => isUuid(id) && !found.has(id))];
  if (missing.length > 0) {
    const list = missing.slice(0, 5).map((m) => `"${m}"`).join(', ');
    throw new RosterError('invalid_value', `Group ${groupName !== undefined ? `"${groupName}"` : groupId}: member ${list}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} not found in this directory`, {
      attribute: 'members',
      resourceId: groupId,
      hint: 'Provision the user or group before adding it as a member; the identity provider retries the membership after.',
    });
  }
  const groups = ids.filter((id) => found.get(id) === 'Group');
  const cycle = await wouldCreateCycle(trx, groupId, groups);
  if (cycle) {
    throw new RosterError('invalid_value', `Group ${groupId} cannot contain group ${cycle}: that group already contains ${groupId}, which would make a cycle`, {
      attribute: 'members',
      resourceId: groupId,
      hint: 'Remove the nesting in the identity provider; groups may nest but not in a loop.',
    });
  }
  return ids.map((id) => ({ id, type: found.get(id) as MemberType }));
}

function memberEvent(type: string, ctx: DirectoryContext, groupId: string, memberId: string, memberType: MemberType): DomainEvent {
  return {
    type,
    organizationId: ctx.organizationId,
    directoryId: ctx.directoryId,
    objectId: groupId,
    objectVersion: null,
    data: { groupId, member: { id: memberId, type: memberType } },
  };
}

async function add(trx: Executor, ctx: DirectoryContext, groupId: string, refs: MemberRef[], groupName?: string): Promise<DomainEvent[]> {
  // Members already there change nothing and need no check. Leaving them out also keeps their
  // rows unlocked: a delete of one of them locks it and then this group, the reverse order.
  const present = await existingMemberIds(trx, groupId, [...new Set(refs.map((r) => r.value))].filter(isUuid));
  const members = await resolveMembers(trx, ctx, groupId, refs.filter((r) => !present.has(r.value)), groupName);
  const added = new Set(await addMembers(trx, groupId, ctx.directoryId, members));
  return members.filter((m) => added.has(m.id)).map((m) => memberEvent('group.member_added', ctx, groupId, m.id, m.type));
}

async function remove(trx: Executor, ctx: DirectoryContext, groupId: string, ids: string[]): Promise<DomainEvent[]> {
  const removed = await removeMembers(trx, groupId, ids.filter(isUuid));
  return removed.map((m) => memberEvent('group.member_removed', ctx, groupId, m.id, m.type));
}

/** Applies the changes in order; returns the member events, one per member actually added or removed. */
/** `groupName` names the group in errors (a group being created has no id an admin could look up). */
export async function applyMemberChanges(trx: Executor, ctx: DirectoryContext, groupId: string, changes: MemberChange[], groupName?: string): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'add':
        events.push(...(await add(trx, ctx, groupId, change.members, groupName)));
        break;
      case 'remove':
        events.push(...(await remove(trx, ctx, groupId, change.ids)));
        break;
      case 'removeAll': {
        const all = (await listMembers(trx, groupId)).map((m) => m.value);
        events.push(...(await remove(trx, ctx, groupId, all)));
        break;
      }
      case 'removeWhere': {
        if (!MEMBERS_DEF) break;
        const rows = await listMembers(trx, groupId);
        const ids = rows.filter((m) => matchesElement(change.filter, m, MEMBERS_DEF, GROUP_RESOURCE)).map((m) => m.value);
        events.push(...(await remove(trx, ctx, groupId, ids)));
        break;
      }
      case 'replace': {
        const wanted = new Set(change.members.map((m) => m.value));
        const current = (await listMembers(trx, groupId)).map((m) => m.value);
        events.push(...(await remove(trx, ctx, groupId, current.filter((id) => !wanted.has(id)))));
        const currentSet = new Set(current);
        events.push(...(await add(trx, ctx, groupId, change.members.filter((m) => !currentSet.has(m.value)), groupName)));
        break;
      }
    }
  }
  return events;
}

/**
 * Takes a user or group out of every group that holds it directly, before it is deleted. Each such
 * group's member list changed, so it gets a new version (its ETag must not match a stale list)
 * and one member_removed event carrying that version.
 */
export async function leaveAllGroups(trx: Executor, ctx: DirectoryContext, memberId: string, memberType: MemberType): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  // A fixed order keeps two concurrent deletes from locking the same groups in opposite orders.
  for (const groupId of (await groupsOfMember(trx, memberId)).sort()) {
    // Group row first, membership row second: the order PATCH /Groups takes them in. The other
    // way round, a PATCH removing this member deadlocks against the delete (PostgreSQL 40P01).
    if (!(await findGroup(trx, ctx.directoryId, groupId, true))) continue;
    if ((await removeMembers(trx, groupId, [memberId])).length === 0) continue;
    const group = await updateGroup(trx, groupId, undefined);
    events.push({ ...memberEvent('group.member_removed', ctx, groupId, memberId, memberType), objectVersion: group.version });
  }
  return events;
}
