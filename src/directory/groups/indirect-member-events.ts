// The member events of nesting: users who start or stop being effective members of a group
// because a group holding them was added or removed somewhere below it (docs/events.md).
import type { DomainEvent } from '../../events/event-writer.ts';
import type { MemberType } from '../../store/membership-repository.ts';
import { groupNesting, lockNestingScope, nestingSubgraph, type Subgraph } from '../../store/nesting-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import type { DirectoryContext } from '../directory-context.ts';
import { effectiveMembershipChanges, type DirectChange, type Edge, type IndirectChange } from './effective-membership.ts';

/** A direct member a request added or removed (in the order it happened). */
export interface DirectMember {
  id: string;
  type: MemberType;
  kind: 'added' | 'removed';
}

function toEvents(ctx: DirectoryContext, changes: IndirectChange[], versions: Map<string, number>, ownGroupId?: string): DomainEvent[] {
  return changes.map((c) => ({
    type: c.kind === 'added' ? 'group.member_added' : 'group.member_removed',
    organizationId: ctx.organizationId,
    directoryId: ctx.directoryId,
    objectId: c.groupId,
    // The changed group gets its new version when the update is written (null until then); an
    // ancestor did not change itself, so its events carry the version it has.
    objectVersion: c.groupId === ownGroupId ? null : (versions.get(c.groupId) ?? null),
    data: { groupId: c.groupId, member: { id: c.userId, type: 'User' }, indirect: true, via: c.via },
  }));
}

const key = (e: Edge) => `${e.parent}\u0000${e.child}`;

/**
 * Indirect events for direct changes of `groupId`'s members. Costs nothing more when the group
 * is in no group and only users changed (the usual IdP push); otherwise one lock statement and one
 * read of the graph around the changed members.
 */
export async function indirectMemberEvents(trx: Executor, ctx: DirectoryContext, groupId: string, direct: DirectMember[], known?: { hasParents: boolean; hasNested: boolean }): Promise<DomainEvent[]> {
  const nested = [...new Set(direct.filter((d) => d.type === 'Group').map((d) => d.id))];
  const users = [...new Set(direct.filter((d) => d.type === 'User').map((d) => d.id))];
  if (nested.length === 0) {
    const removesUsers = direct.some((d) => d.kind === 'removed');
    const nesting = known ?? (await groupNesting(trx, groupId));
    // No ancestor to reach, and a user taken out cannot stay through a nested group.
    if (!nesting.hasParents && (!removesUsers || !nesting.hasNested)) return [];
  }
  await lockNestingScope(trx, [groupId], nested);
  const sub = await nestingSubgraph(trx, users, nested, [groupId]);
  // The subgraph is read after the change: put back what it removed, take out what it added.
  const first = new Map<string, DirectMember['kind']>();
  for (const d of direct) if (!first.has(d.id)) first.set(d.id, d.kind);
  const present = new Set(sub.edges.map(key));
  const before = sub.edges.filter((e) => !(e.parent === groupId && first.get(e.child) === 'added'));
  for (const [id, kind] of first) {
    if (kind === 'removed' && !present.has(key({ parent: groupId, child: id }))) before.push({ parent: groupId, child: id });
  }
  const changes: DirectChange[] = direct.map((d) => ({ groupId, memberId: d.id, kind: d.kind }));
  return toEvents(ctx, effectiveMembershipChanges({ before, after: sub.edges, users: sub.users, direct: changes }), sub.versions, groupId);
}

/**
 * Indirect removals for a user or group that just left every group holding it directly (user
 * deleted or deprovisioned, group deleted; `removedFrom` those groups, which got direct events).
 * Read after the direct memberships went, while a deleted group still holds its members. A deleted
 * group's own members get no events: its group.deleted says they are gone.
 */
export async function leavingMemberEvents(trx: Executor, ctx: DirectoryContext, memberId: string, memberType: MemberType, removedFrom: Map<string, number>): Promise<DomainEvent[]> {
  const groups = [...removedFrom.keys()];
  if (groups.length === 0) return [];
  const nested = memberType === 'Group' ? [memberId] : [];
  await lockNestingScope(trx, groups, nested);
  const sub: Subgraph = await nestingSubgraph(trx, memberType === 'User' ? [memberId] : [], nested, groups);
  const before = [...sub.edges, ...groups.map((p) => ({ parent: p, child: memberId }))];
  const after = sub.edges.filter((e) => e.parent !== memberId);
  const direct: DirectChange[] = groups.map((p) => ({ groupId: p, memberId, kind: 'removed' }));
  const silent = new Set(memberType === 'Group' ? [memberId] : []);
  const users = memberType === 'User' ? [memberId] : sub.users;
  return toEvents(ctx, effectiveMembershipChanges({ before, after, users, direct, silent }), new Map([...sub.versions, ...removedFrom]));
}
