// A directory's full current state as the app sees it, read in one REPEATABLE READ transaction and
// handed out page by page, so 100,000 users never sit in memory at once.
import type { ControlledTransaction } from 'kysely';
import { stableSequence } from '../../events/event-horizon.ts';
import type { Database, DirectoryRow } from '../../store/database.ts';
import type { Db } from '../../store/db.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { pageDirectoryGroups, pageDirectoryUsers, pageMembershipsOfGroups, pageTombstones, type MembershipRow, type TombstoneRow } from '../../store/read-repository.ts';
import { appGroup } from '../groups/group-app-view.ts';
import { appUser } from '../users/user-app-view.ts';
import { isEmbedded, snapshotPosition, type SnapshotPosition } from './snapshot-position.ts';

/** Users in these states are the app's (held and refused users never reached it through events). */
export const SNAPSHOT_USER_STATES = ['active', 'suspended', 'deprovisioned'] as const;

const PAGE = 500;
const MEMBER_PAGE = 1000;
/** Attempts at an exact position before accepting one that may repeat a few events. */
const EXACT_ATTEMPTS = 3;

export interface SnapshotHeader extends SnapshotPosition {
  object: 'snapshot';
  directoryId: string;
  organizationId: string;
  takenAt: string;
}

export type SnapshotSection = 'users' | 'groups' | 'memberships' | 'tombstones';

/** One page of one section, in the order the sections are read. */
export interface SnapshotChunk {
  section: SnapshotSection;
  items: unknown[];
}

export interface OpenSnapshot {
  header: SnapshotHeader;
  /** The pages; reading them to the end (or stopping early) ends the transaction. */
  chunks: AsyncGenerator<SnapshotChunk>;
  /** Ends the transaction; safe to call more than once (a client that hangs up). */
  close(): Promise<void>;
}

type Trx = ControlledTransaction<Database>;

async function begin(db: Db, dir: DirectoryRow, horizon: string | undefined): Promise<{ trx: Trx; position: SnapshotPosition; retry: boolean }> {
  const trx = await db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  try {
    return { trx, ...(await snapshotPosition(db, trx, dir.id, horizon)) };
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}

/** Opens the snapshot transaction and places it in the event log (see snapshot-position.ts). */
export async function openSnapshot(db: Db, dir: DirectoryRow): Promise<OpenSnapshot> {
  // PGlite: one connection, nothing can run beside the snapshot, so no horizon is needed.
  const horizon = (await isEmbedded(db)) ? undefined : await stableSequence(db);
  let opened = await begin(db, dir, horizon);
  for (let attempt = 1; opened.retry && attempt < EXACT_ATTEMPTS; attempt++) {
    await opened.trx.rollback().execute();
    opened = await begin(db, dir, horizon);
  }
  const { trx, position } = opened;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await trx.rollback().execute();
  };
  async function* chunks(): AsyncGenerator<SnapshotChunk> {
    try {
      yield* readSections(trx, dir);
    } finally {
      await close();
    }
  }
  const header: SnapshotHeader = { object: 'snapshot', directoryId: dir.id, organizationId: dir.organization_id, ...position, takenAt: new Date().toISOString() };
  return { header, chunks: chunks(), close };
}

async function* readSections(trx: Executor, dir: DirectoryRow): AsyncGenerator<SnapshotChunk> {
  for (let after: string | undefined; ; ) {
    const rows = await pageDirectoryUsers(trx, { directoryId: dir.id, afterId: after, limit: PAGE, states: SNAPSHOT_USER_STATES });
    if (rows.length > 0) yield { section: 'users', items: rows.map((r) => appUser(r, dir.organization_id)) };
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.id;
  }
  for (let after: string | undefined; ; ) {
    const rows = await pageDirectoryGroups(trx, { directoryId: dir.id, afterId: after, limit: PAGE });
    if (rows.length > 0) yield { section: 'groups', items: rows.map((r) => appGroup(r, dir.organization_id)) };
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.id;
  }
  // Memberships by batches of groups: each batch is read through the (group, member) indexes.
  for (let after: string | undefined; ; ) {
    const groups = await pageDirectoryGroups(trx, { directoryId: dir.id, afterId: after, limit: PAGE });
    const ids = groups.map((g) => g.id);
    for (const type of ['User', 'Group'] as const) yield* membershipsOf(trx, ids, type);
    if (groups.length < PAGE) break;
    after = ids[ids.length - 1];
  }
  for (let after: TombstoneRow | undefined; ; ) {
    const rows = await pageTombstones(trx, dir.id, after, PAGE);
    if (rows.length > 0) {
      yield { section: 'tombstones', items: rows.map((t) => ({ objectType: t.object_type, id: t.object_id, version: t.version, deletedAt: t.deleted_at.toISOString() })) };
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1];
  }
}

async function* membershipsOf(trx: Executor, groupIds: string[], type: 'User' | 'Group'): AsyncGenerator<SnapshotChunk> {
  for (let after: MembershipRow | undefined; ; ) {
    const key = after ? { groupId: after.group_id, memberId: after.member_id } : undefined;
    const rows = await pageMembershipsOfGroups(trx, groupIds, type, key, MEMBER_PAGE);
    if (rows.length > 0) yield { section: 'memberships', items: rows.map((m) => ({ groupId: m.group_id, memberId: m.member_id, memberType: m.member_type })) };
    if (rows.length < MEMBER_PAGE) break;
    after = rows[rows.length - 1];
  }
}
