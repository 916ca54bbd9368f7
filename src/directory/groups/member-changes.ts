// Applies membership changes (from POST, PUT or PATCH) to the table, checked and evented.
import { RosterError } from '../../errors.ts';
import type { DomainEvent } from '../../events/event-writer.ts';
import { matchesElement } from '../../scim/filter/filter-evaluator.ts';
import type { MemberChange, MemberRef } from '../../scim/patch/patch-types.ts';
import { findAttribute } from '../../scim/schema/resolve-path.ts';
import { GROUP_RESOURCE } from '../../scim/schema/resource-types.ts';
import { isUuid } from '../../lib/ids.ts';
import { findGroup, updateGroup } from '../../store/group-repository.ts';
import { indirectMemberEvents, leavingMemberEvents, type DirectMember } from './indirect-member-events.ts';
import {
  addMembers,
  addUserMembers,
  directParentsOf,
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
    data: { groupId, member: { id: memberId, type: memberType }, indirect: false },
  };
}

/** What one request did to the group's direct members, and what it knows of the group's nesting. */
interface Applied {
  events: DomainEvent[];
  direct: DirectMember[];
  nesting?: { hasParents: boolean; hasNested: boolean };
}

async function add(trx: Executor, ctx: DirectoryContext, groupId: string, refs: MemberRef[], applied: Applied, groupName?: string): Promise<void> {
  const ids = [...new Set(refs.map((r) => r.value))];
  if (ids.length === 0) return;
  // Users, the common case, in one statement. Members already there change nothing and need no
  // check; leaving them out also keeps their rows unlocked (a delete of one of them locks it and
  // then this group, the reverse order).
  const delta = await addUserMembers(trx, groupId, ctx.directoryId, ids.filter(isUuid));
  applied.nesting = { hasParents: delta.hasParents, hasNested: delta.hasNested };
  const added: { id: string; type: MemberType }[] = delta.added.map((id) => ({ id, type: 'User' }));
  const unresolved = new Set(delta.rest);
  const rest = ids.filter((id) => !delta.present.has(id) && (!isUuid(id) || unresolved.has(id)));
  if (rest.length > 0) {
    // Groups, and ids that name nothing here (refused with the list of them).
    const members = await resolveMembers(trx, ctx, groupId, refs.filter((r) => rest.includes(r.value)), groupName);
    const inserted = new Set(await addMembers(trx, groupId, ctx.directoryId, members));
    added.push(...members.filter((m) => inserted.has(m.id)));
    if (members.some((m) => m.type === 'Group' && inserted.has(m.id))) applied.nesting = { ...applied.nesting, hasNested: true };
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  added.sort((a, b) => (order.get(a.id) as number) - (order.get(b.id) as number));
  for (const m of added) {
    applied.events.push(memberEvent('group.member_added', ctx, groupId, m.id, m.type));
    applied.direct.push({ id: m.id, type: m.type, kind: 'added' });
  }
}

async function remove(trx: Executor, ctx: DirectoryContext, groupId: string, ids: string[], applied: Applied): Promise<void> {
  const order = new Map(ids.map((id, i) => [id, i]));
  const removed = (await removeMembers(trx, groupId, [...new Set(ids.filter(isUuid))])).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  for (const m of removed) {
    applied.events.push(memberEvent('group.member_removed', ctx, groupId, m.id, m.type));
    applied.direct.push({ id: m.id, type: m.type, kind: 'removed' });
  }
}

/**
 * Joins runs of adds and runs of removes into one change each, with the same outcome: an IdP that
 * sends one `remove` operation per member (Entra does) costs one statement, not one per member.
 */
function mergeRuns(changes: MemberChange[]): MemberChange[] {
  const out: MemberChange[] = [];
  for (const change of changes) {
    const last = out[out.length - 1];
    if (last?.kind === 'add' && change.kind === 'add') out[out.length - 1] = { kind: 'add', members: [...last.members, ...change.members] };
    else if (last?.kind === 'remove' && change.kind === 'remove') out[out.length - 1] = { kind: 'remove', ids: [...last.ids, ...change.ids] };
    else out.push(change);
  }
  return out;
}

/**
 * Applies the changes in order; returns the member events: one per direct member actually added
 * or removed, then one per user who starts or stops being an effective member of this group or an
 * ancestor through nesting (docs/events.md, "Nested groups").
 * `groupName` names the group in errors (a group being created has no id an admin could look up).
 */
export async function applyMemberChanges(trx: Executor, ctx: DirectoryContext, groupId: string, changes: MemberChange[], groupName?: string): Promise<DomainEvent[]> {
  const applied: Applied = { events: [], direct: [] };
  for (const change of mergeRuns(changes)) {
    switch (change.kind) {
      case 'add':
        await add(trx, ctx, groupId, change.members, applied, groupName);
        break;
      case 'remove':
        await remove(trx, ctx, groupId, change.ids, applied);
        break;
      case 'removeAll': {
        const all = (await listMembers(trx, groupId)).map((m) => m.value);
        await remove(trx, ctx, groupId, all, applied);
        break;
      }
      case 'removeWhere': {
        if (!MEMBERS_DEF) break;
        const rows = await listMembers(trx, groupId);
        const ids = rows.filter((m) => matchesElement(change.filter, m, MEMBERS_DEF, GROUP_RESOURCE)).map((m) => m.value);
        await remove(trx, ctx, groupId, ids, applied);
        break;
      }
      case 'replace': {
        const wanted = new Set(change.members.map((m) => m.value));
        const current = (await listMembers(trx, groupId)).map((m) => m.value);
        await remove(trx, ctx, groupId, current.filter((id) => !wanted.has(id)), applied);
        const currentSet = new Set(current);
        await add(trx, ctx, groupId, change.members.filter((m) => !currentSet.has(m.value)), applied, groupName);
        break;
      }
    }
  }
  if (applied.direct.length === 0) return applied.events;
  return [...applied.events, ...(await indirectMemberEvents(trx, ctx, groupId, applied.direct, applied.nesting))];
}

/**
 * Takes a user or group out of every group that holds it directly, before it is deleted. Each such
 * group's member list changed, so it gets a new version (its ETag must not match a stale list)
 * and one member_removed event carrying that version; then the indirect member_removed events of
 * users who were in an ancestor only through it.
 */
export async function leaveAllGroups(trx: Executor, ctx: DirectoryContext, memberId: string, memberType: MemberType): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  const left = new Map<string, number>();
  const parents = await directParentsOf(trx, memberId);
  // A fixed order keeps two concurrent deletes from locking the same groups in opposite orders.
  for (const groupId of parents.groups.sort()) {
    // Group row first, membership row second: the order PATCH /Groups takes them in. The other
    // way round, a PATCH removing this member deadlocks against the delete (PostgreSQL 40P01).
    if (!(await findGroup(trx, ctx.directoryId, groupId, true))) continue;
    if ((await removeMembers(trx, groupId, [memberId])).length === 0) continue;
    const group = await updateGroup(trx, groupId, undefined);
    left.set(groupId, group.version);
    events.push({ ...memberEvent('group.member_removed', ctx, groupId, memberId, memberType), objectVersion: group.version });
  }
  // A user reaches further only when a group it left is itself in a group; a deleted group's
  // users leave its parents too.
  if (left.size > 0 && (memberType === 'Group' || parents.nested)) events.push(...(await leavingMemberEvents(trx, ctx, memberId, memberType, left)));
  return events;
}
