// An in-memory SyncStore: for tests, scripts, and as the reference an app's own store can follow.
import type { Membership, Stamp, SyncStore, TombstoneRecord } from './sync-store.ts';
import type { AppGroup, AppUser } from './types.ts';

export interface MemoryStore extends SyncStore {
  users: Map<string, AppUser>;
  groups: Map<string, AppGroup>;
  /** Keyed `${groupId}:${memberId}`. */
  memberships: Map<string, Membership>;
  tombstones: Map<string, TombstoneRecord>;
  versions: Map<string, Stamp>;
}

export function createMemoryStore(): MemoryStore {
  const users = new Map<string, AppUser>();
  const groups = new Map<string, AppGroup>();
  const memberships = new Map<string, Membership>();
  const tombstones = new Map<string, TombstoneRecord>();
  const versions = new Map<string, Stamp>();
  const dropMemberships = (match: (m: Membership) => boolean) => {
    for (const [key, m] of memberships) if (match(m)) memberships.delete(key);
  };
  return {
    users,
    groups,
    memberships,
    tombstones,
    versions,
    getVersion: (key) => versions.get(key),
    setVersion: (key, stamp) => void versions.set(key, stamp),
    getTombstone: (type, id) => tombstones.get(`${type}:${id}`)?.version,
    putTombstone: (t) => void tombstones.set(`${t.objectType}:${t.id}`, t),
    putUser: (user) => void users.set(user.id, user),
    deleteUser: (id) => {
      users.delete(id);
      dropMemberships((m) => m.memberId === id);
    },
    putGroup: (group) => void groups.set(group.id, group),
    deleteGroup: (id) => {
      groups.delete(id);
      dropMemberships((m) => m.groupId === id || m.memberId === id);
    },
    putMembership: (m) => void memberships.set(`${m.groupId}:${m.memberId}`, m),
    deleteMembership: (groupId, memberId) => void memberships.delete(`${groupId}:${memberId}`),
    deleteDirectory: (directoryId) => {
      for (const [id, u] of users) if (u.directoryId === directoryId) users.delete(id);
      for (const [id, g] of groups) if (g.directoryId === directoryId) groups.delete(id);
      dropMemberships((m) => m.directoryId === directoryId);
    },
    listUserIds: (directoryId) => [...users.values()].filter((u) => u.directoryId === directoryId).map((u) => u.id),
    listGroupIds: (directoryId) => [...groups.values()].filter((g) => g.directoryId === directoryId).map((g) => g.id),
    listMemberships: (directoryId) => [...memberships.values()].filter((m) => m.directoryId === directoryId),
  };
}
