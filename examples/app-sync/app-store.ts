// The example app's own database: a JSON file with its users table, its sessions table, and the
// version records that roster/sdk's applyIfNewer needs. Written whole and renamed into place.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppGroup, AppUser, Membership, Stamp, SyncStore, TombstoneRecord } from 'roster/sdk';

export interface Session {
  id: string;
  userId: string;
  createdAt: string;
  /** Set when the user was deactivated or deleted in the IdP. */
  revokedAt: string | null;
  revokedBecause: string | null;
}

interface Tables {
  users: Record<string, AppUser>;
  groups: Record<string, AppGroup>;
  memberships: Record<string, Membership>;
  sessions: Record<string, Session>;
  versions: Record<string, Stamp>;
  tombstones: Record<string, TombstoneRecord>;
  /** The Events API cursor, for an app that also polls (or reconciles) besides webhooks. */
  cursor: string | null;
}

export interface AppStore extends SyncStore {
  tables(): Readonly<Tables>;
  /** Writes the file; call once per handled request (the writes before it are one unit). */
  save(): void;
  openSession(userId: string): Session;
  /** Revokes every open session of the user; returns how many. */
  revokeSessions(userId: string, reason: string): number;
  setCursor(cursor: string): void;
}

const empty = (): Tables => ({ users: {}, groups: {}, memberships: {}, sessions: {}, versions: {}, tombstones: {}, cursor: null });

export function openAppStore(file: string): AppStore {
  const db: Tables = fs.existsSync(file) ? { ...empty(), ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Tables) } : empty();
  const dropMemberships = (match: (m: Membership) => boolean) => {
    for (const [key, m] of Object.entries(db.memberships)) if (match(m)) delete db.memberships[key];
  };
  return {
    tables: () => db,
    save() {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Temp file then rename: a crash mid-write never leaves half a database.
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(db, null, 2));
      fs.renameSync(temp, file);
    },
    openSession(userId) {
      const session: Session = { id: randomUUID(), userId, createdAt: new Date().toISOString(), revokedAt: null, revokedBecause: null };
      db.sessions[session.id] = session;
      return session;
    },
    revokeSessions(userId, reason) {
      let count = 0;
      for (const s of Object.values(db.sessions)) {
        if (s.userId !== userId || s.revokedAt) continue;
        s.revokedAt = new Date().toISOString();
        s.revokedBecause = reason;
        count++;
      }
      return count;
    },
    setCursor(cursor) {
      db.cursor = cursor;
    },
    getVersion: (key) => db.versions[key],
    setVersion: (key, stamp) => void (db.versions[key] = stamp),
    getTombstone: (type, id) => db.tombstones[`${type}:${id}`]?.version,
    putTombstone: (t) => void (db.tombstones[`${t.objectType}:${t.id}`] = t),
    putUser: (user) => void (db.users[user.id] = user),
    deleteUser(id) {
      delete db.users[id];
      dropMemberships((m) => m.memberId === id);
    },
    putGroup: (group) => void (db.groups[group.id] = group),
    deleteGroup(id) {
      delete db.groups[id];
      dropMemberships((m) => m.groupId === id || m.memberId === id);
    },
    putMembership: (m) => void (db.memberships[`${m.groupId}:${m.memberId}`] = m),
    deleteMembership: (groupId, memberId) => void delete db.memberships[`${groupId}:${memberId}`],
    deleteDirectory(directoryId) {
      for (const u of Object.values(db.users)) if (u.directoryId === directoryId) delete db.users[u.id];
      for (const g of Object.values(db.groups)) if (g.directoryId === directoryId) delete db.groups[g.id];
      dropMemberships((m) => m.directoryId === directoryId);
    },
    listUserIds: (directoryId) => Object.values(db.users).filter((u) => u.directoryId === directoryId).map((u) => u.id),
    listGroupIds: (directoryId) => Object.values(db.groups).filter((g) => g.directoryId === directoryId).map((g) => g.id),
    listMemberships: (directoryId) => Object.values(db.memberships).filter((m) => m.directoryId === directoryId),
  };
}
