// The small interface an app implements so applyIfNewer and reconcile can keep its copy of a directory.
import type { AppGroup, AppUser } from './types.ts';

export type Awaitable<T> = T | Promise<T>;

/**
 * How new a piece of state is. `version` is the object's own (users, groups; for memberships the
 * group's, when the server sends it); `sequence` is the event's position in the log, which for one
 * object follows the order its changes committed. Compare with `isNewer`.
 */
export interface Stamp {
  version: number | null;
  sequence: number;
}

export interface Membership {
  directoryId: string;
  groupId: string;
  memberId: string;
  memberType: 'User' | 'Group';
}

export interface TombstoneRecord {
  objectType: 'user' | 'group';
  id: string;
  directoryId: string;
  version: number;
}

/**
 * The app's store. Keys of get/setVersion are opaque strings the SDK builds (`user:<id>`,
 * `group:<id>`, `membership:<groupId>:<memberId>`, `members:<groupId>`, `directory:<id>`); keep them in one table.
 * A version record outlives the object it describes: that is what stops a late event from
 * bringing back what was removed. Every method may be sync or async.
 */
export interface SyncStore {
  getVersion(key: string): Awaitable<Stamp | undefined>;
  setVersion(key: string, stamp: Stamp): Awaitable<void>;
  /** The version a purged user or deleted group had; undefined when not tombstoned. */
  getTombstone(objectType: 'user' | 'group', id: string): Awaitable<number | undefined>;
  putTombstone(tombstone: TombstoneRecord): Awaitable<void>;
  putUser(user: AppUser): Awaitable<void>;
  /** Removes the user and the memberships it is a member of. */
  deleteUser(id: string): Awaitable<void>;
  putGroup(group: AppGroup): Awaitable<void>;
  /** Removes the group, its memberships, and the memberships it is a member of. */
  deleteGroup(id: string): Awaitable<void>;
  putMembership(membership: Membership): Awaitable<void>;
  deleteMembership(groupId: string, memberId: string): Awaitable<void>;
  /** directory.deleted: everything of that directory goes (its version records may stay). */
  deleteDirectory(directoryId: string): Awaitable<void>;
  /** What the store holds of a directory, so reconcile can remove what the snapshot no longer has. */
  listUserIds(directoryId: string): Awaitable<Iterable<string> | AsyncIterable<string>>;
  listGroupIds(directoryId: string): Awaitable<Iterable<string> | AsyncIterable<string>>;
  listMemberships(directoryId: string): Awaitable<Iterable<Membership> | AsyncIterable<Membership>>;
}

/** True when `a` is strictly newer than `b`: by version when both have one and they differ, else by sequence. */
export function isNewer(a: Stamp, b: Stamp | undefined): boolean {
  if (b === undefined) return true;
  if (a.version !== null && b.version !== null && a.version !== b.version) return a.version > b.version;
  return a.sequence > b.sequence;
}

export const versionKey = {
  user: (id: string) => `user:${id}`,
  group: (id: string) => `group:${id}`,
  membership: (groupId: string, memberId: string) => `membership:${groupId}:${memberId}`,
  /** Set by reconcile: the group's memberships as a whole are known up to this stamp. */
  members: (groupId: string) => `members:${groupId}`,
  /** Set on directory.deleted: the directory's tombstone. */
  directory: (directoryId: string) => `directory:${directoryId}`,
};
