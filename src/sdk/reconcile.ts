// reconcile: rebuilds the app's copy of a directory from a snapshot and returns the cursor to follow.
import type { HttpClient } from './http-client.ts';
import { openSnapshotStream } from './snapshot-stream.ts';
import { isNewer, versionKey, type Stamp, type SyncStore } from './sync-store.ts';

export interface ReconcileOptions {
  directoryId: string;
  store: SyncStore;
  signal?: AbortSignal;
}

export interface ReconcileResult {
  /** Follow `events.iterate({ after: cursor, directoryId })` from here: nothing is missed. */
  cursor: string;
  sequence: string;
  exact: boolean;
  counts: { users: number; groups: number; memberships: number; tombstones: number };
  removed: { users: number; groups: number; memberships: number };
}

async function collect<T>(items: Iterable<T> | AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Streams the snapshot into `store`: what it has is written (unless the store already holds
 * something newer, from an event past the snapshot), what it lacks is removed (unless it came
 * from an event past the snapshot). Tombstones are kept so late events cannot revive the dead.
 */
export async function reconcileDirectory(http: HttpClient, options: ReconcileOptions): Promise<ReconcileResult> {
  const { store, directoryId } = options;
  const { header, records } = await openSnapshotStream(http, directoryId, options.signal);
  const at = Number(header.sequence);
  const stampOf = (version: number): Stamp => ({ version, sequence: at });
  // Something the store holds is "from the snapshot or before" when its stamp is not past it.
  const notPast = (held: Stamp | undefined) => held === undefined || held.sequence <= at;
  const counts = { users: 0, groups: 0, memberships: 0, tombstones: 0 };
  const seenUsers = new Set<string>();
  const seenGroups = new Set<string>();
  const seenMemberships = new Set<string>();
  const groupVersions = new Map<string, number>();
  for await (const record of records) {
    if (record.type === 'user') {
      const { user } = record;
      seenUsers.add(user.id);
      counts.users++;
      const key = versionKey.user(user.id);
      const stamp = stampOf(user.version);
      if (!isNewer(await store.getVersion(key) ?? { version: null, sequence: -1 }, stamp)) {
        await store.putUser(user);
        await store.setVersion(key, stamp);
      }
    } else if (record.type === 'group') {
      const { group } = record;
      seenGroups.add(group.id);
      groupVersions.set(group.id, group.version);
      counts.groups++;
      const key = versionKey.group(group.id);
      const stamp = stampOf(group.version);
      if (!isNewer(await store.getVersion(key) ?? { version: null, sequence: -1 }, stamp)) {
        await store.putGroup(group);
        await store.setVersion(key, stamp);
      }
      // Every membership of this group up to the snapshot is now known, present or absent.
      await store.setVersion(versionKey.members(group.id), stamp);
    } else if (record.type === 'membership') {
      const m = record.membership;
      seenMemberships.add(`${m.groupId}:${m.memberId}`);
      counts.memberships++;
      const key = versionKey.membership(m.groupId, m.memberId);
      const stamp = stampOf(groupVersions.get(m.groupId) ?? 0);
      if (!isNewer(await store.getVersion(key) ?? { version: null, sequence: -1 }, stamp)) {
        await store.putMembership({ directoryId, ...m });
        await store.setVersion(key, stamp);
      }
    } else {
      const t = record.tombstone;
      counts.tombstones++;
      await store.putTombstone({ objectType: t.objectType, id: t.id, directoryId, version: t.version });
      if (t.objectType === 'user') await store.deleteUser(t.id);
      else await store.deleteGroup(t.id);
    }
  }
  const removed = { users: 0, groups: 0, memberships: 0 };
  const gone: Stamp = { version: null, sequence: at };
  for (const m of await collect(await store.listMemberships(directoryId))) {
    const key = versionKey.membership(m.groupId, m.memberId);
    if (seenMemberships.has(`${m.groupId}:${m.memberId}`) || !notPast(await store.getVersion(key))) continue;
    await store.deleteMembership(m.groupId, m.memberId);
    await store.setVersion(key, gone);
    removed.memberships++;
  }
  for (const id of await collect(await store.listGroupIds(directoryId))) {
    if (seenGroups.has(id) || !notPast(await store.getVersion(versionKey.group(id)))) continue;
    await store.deleteGroup(id);
    await store.setVersion(versionKey.group(id), gone);
    removed.groups++;
  }
  for (const id of await collect(await store.listUserIds(directoryId))) {
    if (seenUsers.has(id) || !notPast(await store.getVersion(versionKey.user(id)))) continue;
    await store.deleteUser(id);
    await store.setVersion(versionKey.user(id), gone);
    removed.users++;
  }
  return { cursor: header.cursor, sequence: header.sequence, exact: header.exact, counts, removed };
}
