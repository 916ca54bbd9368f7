// Puts an app's synced store and Roster's snapshot in one comparable shape, for the SDK sync tests.
import type { AppGroup, MemoryStore, Snapshot } from '../../src/sdk/index.ts';

export interface SyncState {
  users: unknown[];
  groups: unknown[];
  memberships: string[];
  tombstones: string[];
}

/**
 * A group's version and updatedAt also move on membership-only changes, which have no group.*
 * event (their member events carry the change), so they are left out of the group comparison.
 */
function groupShape(g: AppGroup): unknown {
  const { version: _v, updatedAt: _u, ...rest } = g;
  return rest;
}

const byId = <T extends { id: string }>(items: Iterable<T>) => [...items].sort((a, b) => a.id.localeCompare(b.id));

export function snapshotState(s: Snapshot): SyncState {
  return {
    users: byId(s.users),
    groups: byId(s.groups).map(groupShape),
    memberships: s.memberships.map((m) => `${m.groupId}:${m.memberId}:${m.memberType}`).sort(),
    tombstones: s.tombstones.map((t) => `${t.objectType}:${t.id}:${t.version}`).sort(),
  };
}

export function storeState(store: MemoryStore, directoryId: string): SyncState {
  return {
    users: byId([...store.users.values()].filter((u) => u.directoryId === directoryId)),
    groups: byId([...store.groups.values()].filter((g) => g.directoryId === directoryId)).map(groupShape),
    memberships: [...store.memberships.values()].filter((m) => m.directoryId === directoryId).map((m) => `${m.groupId}:${m.memberId}:${m.memberType}`).sort(),
    tombstones: [...store.tombstones.values()].filter((t) => t.directoryId === directoryId).map((t) => `${t.objectType}:${t.id}:${t.version}`).sort(),
  };
}
