// applyIfNewer: applies one event to the app's store only if it is newer than what the store holds,
// so duplicates and out-of-order deliveries (webhooks retry, replays overlap) are harmless by construction.
import type { GroupEvent, MembershipEvent, RosterEvent, UserEvent } from './event-types.ts';
import { isKnownEvent } from './event-types.ts';
import { isNewer, versionKey, type Stamp, type SyncStore } from './sync-store.ts';

/**
 * applied: the store changed. stale: the store already holds this or something newer.
 * tombstoned: the object was purged or deleted; nothing may bring it back. ignored: nothing to keep
 * (directory.activated, an indirect membership event, or a type this SDK does not know).
 */
export type ApplyOutcome = 'applied' | 'stale' | 'tombstoned' | 'ignored';

/** The minimal event shape: what the Events API and webhook bodies carry. */
export type IncomingEvent = RosterEvent | { type: string; sequence: number; directoryId: string | null; data: unknown };

async function applyUser(store: SyncStore, event: UserEvent): Promise<ApplyOutcome> {
  const user = event.data.user;
  if ((await store.getTombstone('user', user.id)) !== undefined) return 'tombstoned';
  const stamp: Stamp = { version: user.version, sequence: event.sequence };
  const key = versionKey.user(user.id);
  if (!isNewer(stamp, await store.getVersion(key))) return 'stale';
  if (event.type === 'user.deleted' && !event.data.retained) {
    await store.deleteUser(user.id);
    await store.putTombstone({ objectType: 'user', id: user.id, directoryId: user.directoryId, version: user.version });
  } else {
    // Every user event carries the whole user after the change, deprovisioned ones included.
    await store.putUser(user);
  }
  await store.setVersion(key, stamp);
  return 'applied';
}

async function applyGroup(store: SyncStore, event: GroupEvent): Promise<ApplyOutcome> {
  const group = event.data.group;
  if ((await store.getTombstone('group', group.id)) !== undefined) return 'tombstoned';
  const stamp: Stamp = { version: group.version, sequence: event.sequence };
  const key = versionKey.group(group.id);
  if (!isNewer(stamp, await store.getVersion(key))) return 'stale';
  if (event.type === 'group.deleted') {
    await store.deleteGroup(group.id);
    await store.putTombstone({ objectType: 'group', id: group.id, directoryId: group.directoryId, version: group.version });
  } else {
    await store.putGroup(group);
  }
  await store.setVersion(key, stamp);
  return 'applied';
}

async function applyMembership(store: SyncStore, event: MembershipEvent): Promise<ApplyOutcome> {
  const { groupId, member } = event.data;
  // The store keeps direct memberships, as the snapshot lists them; an indirect event follows
  // from direct ones it also receives, for apps that track effective membership themselves.
  if (event.data.indirect === true) return 'ignored';
  // An add must not recreate a link to something deleted; a remove of one is a no-op anyway.
  if (event.type === 'group.member_added') {
    const memberKind = member.type === 'Group' ? 'group' : 'user';
    if ((await store.getTombstone('group', groupId)) !== undefined || (await store.getTombstone(memberKind, member.id)) !== undefined) return 'tombstoned';
  }
  const stamp: Stamp = { version: typeof event.objectVersion === 'number' ? event.objectVersion : null, sequence: event.sequence };
  const key = versionKey.membership(groupId, member.id);
  // Newer than both this link's last change and the snapshot the group was last reconciled from.
  if (!isNewer(stamp, await store.getVersion(key)) || !isNewer(stamp, await store.getVersion(versionKey.members(groupId)))) return 'stale';
  if (event.type === 'group.member_added') {
    await store.putMembership({ directoryId: event.directoryId ?? '', groupId, memberId: member.id, memberType: member.type });
  } else {
    await store.deleteMembership(groupId, member.id);
  }
  // Kept after a removal: the record is the membership's tombstone.
  await store.setVersion(key, stamp);
  return 'applied';
}

/**
 * Applies `event` to `store` if it is newer than what the store holds for its object, and never
 * revives a purged user or deleted group. Feed it every event, in any order, as often as it
 * arrives: the store ends in the same state as Roster's.
 */
export async function applyIfNewer(store: SyncStore, event: IncomingEvent): Promise<ApplyOutcome> {
  if (!isKnownEvent(event)) return 'ignored';
  // A late event of a deleted directory must not bring any of it back.
  if (event.directoryId && (await store.getVersion(versionKey.directory(event.directoryId))) !== undefined) return 'tombstoned';
  switch (event.type) {
    case 'user.created':
    case 'user.updated':
    case 'user.fields_changed':
    case 'user.deactivated':
    case 'user.reactivated':
    case 'user.deleted':
      return applyUser(store, event);
    case 'group.created':
    case 'group.updated':
    case 'group.deleted':
      return applyGroup(store, event);
    case 'group.member_added':
    case 'group.member_removed':
      return applyMembership(store, event);
    case 'directory.deleted':
      if (!event.directoryId) return 'ignored';
      await store.deleteDirectory(event.directoryId);
      await store.setVersion(versionKey.directory(event.directoryId), { version: null, sequence: event.sequence });
      return 'applied';
    case 'directory.activated':
    // Roles are the app's own to keep; the sync store mirrors the directory (docs/access.md).
    case 'role.assigned':
    case 'role.revoked':
      return 'ignored';
  }
}
