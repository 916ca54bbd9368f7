// SQL for the admin read API and the snapshot: keyset pages of users, groups, memberships and tombstones.
import { sql } from 'kysely';
import type { Filter } from '../scim/filter/filter-ast.ts';
import type { ResourceSchema } from '../scim/schema/attribute.ts';
import { GROUP_RESOURCE, USER_RESOURCE } from '../scim/schema/resource-types.ts';
import type { GroupRow, UserRow } from './database.ts';
import { compileFilter } from './filter-sql/compile-filter.ts';
import type { MemberType } from './membership-repository.ts';
import type { Executor } from './organization-repository.ts';

export interface KeysetQuery {
  directoryId: string;
  /** Rows with an id greater than this (the previous page's last id). */
  afterId?: string | undefined;
  limit: number;
}

export interface UserPageQuery extends KeysetQuery {
  filter?: Filter | undefined;
  /** Only these lifecycle states; all states when absent (the admin sees what SCIM hides). */
  states?: readonly string[] | undefined;
  /** For filters on meta.location. */
  scimBaseUrl?: string | undefined;
  /** The directory's User, with its custom extensions, for filters that name them; the built-in one by default. */
  rs?: ResourceSchema | undefined;
}

/** A page of users in id order, in any state; the filter compiles to SQL like SCIM's. */
export async function pageDirectoryUsers(db: Executor, q: UserPageQuery): Promise<UserRow[]> {
  const where = [sql`r.directory_id = ${q.directoryId}::uuid`];
  if (q.afterId) where.push(sql`r.id > ${q.afterId}::uuid`);
  if (q.states && q.states.length > 0) where.push(sql`r.state = any(${[...q.states]}::text[])`);
  if (q.filter) where.push(compileFilter(q.filter, q.rs ?? USER_RESOURCE, { scimBaseUrl: q.scimBaseUrl }));
  const r = await sql<UserRow>`select r.* from users r where ${sql.join(where, sql` and `)} order by r.id limit ${q.limit}`.execute(db);
  return r.rows;
}

export interface GroupPageQuery extends KeysetQuery {
  filter?: Filter | undefined;
  scimBaseUrl?: string | undefined;
  rs?: ResourceSchema | undefined;
}

export async function pageDirectoryGroups(db: Executor, q: GroupPageQuery): Promise<GroupRow[]> {
  const where = [sql`r.directory_id = ${q.directoryId}::uuid`];
  if (q.afterId) where.push(sql`r.id > ${q.afterId}::uuid`);
  if (q.filter) where.push(compileFilter(q.filter, q.rs ?? GROUP_RESOURCE, { scimBaseUrl: q.scimBaseUrl }));
  const r = await sql<GroupRow>`select r.* from groups r where ${sql.join(where, sql` and `)} order by r.id limit ${q.limit}`.execute(db);
  return r.rows;
}

/** A user of the directory in any state (the SCIM reader hides deprovisioned ones). */
export async function findDirectoryUser(db: Executor, directoryId: string, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('directory_id', '=', directoryId).where('id', '=', id).executeTakeFirst();
}

export interface MemberPageRow {
  member_id: string;
  member_type: MemberType;
}

/**
 * One page of a group's direct members in member-id order. Users and groups sit in two partial
 * indexes; each is read in order up to `limit` and the two are merged, so a page of a
 * 100,000-member group costs O(limit), never O(members).
 */
export async function pageGroupMembers(db: Executor, groupId: string, afterId: string | undefined, limit: number): Promise<MemberPageRow[]> {
  const after = afterId ?? '00000000-0000-0000-0000-000000000000';
  const r = await sql<MemberPageRow>`select * from (
      (select user_id::text as member_id, 'User' as member_type from group_members
        where group_id = ${groupId}::uuid and user_id is not null and user_id > ${after}::uuid order by user_id limit ${limit})
      union all
      (select member_group_id::text, 'Group' from group_members
        where group_id = ${groupId}::uuid and member_group_id is not null and member_group_id > ${after}::uuid order by member_group_id limit ${limit})
    ) m order by member_id::uuid limit ${limit}`.execute(db);
  return r.rows;
}

export interface MembershipRow {
  group_id: string;
  member_id: string;
  member_type: MemberType;
}

/**
 * Memberships of some groups in (group, member) order after a keyset position, for the snapshot:
 * users first then nested groups, each through its partial (group_id, member) index.
 */
export async function pageMembershipsOfGroups(
  db: Executor,
  groupIds: string[],
  memberType: MemberType,
  after: { groupId: string; memberId: string } | undefined,
  limit: number,
): Promise<MembershipRow[]> {
  if (groupIds.length === 0) return [];
  const col = sql.ref(memberType === 'User' ? 'user_id' : 'member_group_id');
  const keyset = after ? sql`and (group_id, ${col}) > (${after.groupId}::uuid, ${after.memberId}::uuid)` : sql``;
  const r = await sql<MembershipRow>`select group_id::text as group_id, ${col}::text as member_id, ${memberType}::text as member_type
    from group_members where group_id = any(${groupIds}::uuid[]) and ${col} is not null ${keyset}
    order by group_id, ${col} limit ${limit}`.execute(db);
  return r.rows;
}

export interface TombstoneRow {
  object_type: string;
  object_id: string;
  version: number;
  deleted_at: Date;
  /** deleted_at as text: a Date would drop the microseconds and repeat rows across pages. */
  position: string;
}

/** Tombstones of a directory in (deleted_at, type, id) order after a keyset position. */
export async function pageTombstones(db: Executor, directoryId: string, after: TombstoneRow | undefined, limit: number): Promise<TombstoneRow[]> {
  const keyset = after ? sql`and (deleted_at, object_type, object_id) > (${after.position}::timestamptz, ${after.object_type}, ${after.object_id}::uuid)` : sql``;
  const r = await sql<TombstoneRow>`select object_type, object_id::text as object_id, version, deleted_at, deleted_at::text as position from tombstones
    where directory_id = ${directoryId}::uuid ${keyset} order by deleted_at, object_type, object_id limit ${limit}`.execute(db);
  return r.rows;
}

/**
 * Fixes a REPEATABLE READ transaction's snapshot (call it first) and returns it with the highest
 * event sequence it sees.
 */
export async function takeSnapshotPosition(trx: Executor): Promise<{ snapshot: string; maxSequence: string }> {
  const r = await sql<{ snapshot: string; max_sequence: string }>`select pg_current_snapshot()::text as snapshot,
      coalesce((select max(sequence) from events), 0)::text as max_sequence`.execute(trx);
  const row = r.rows[0];
  if (!row) throw new Error('no snapshot row');
  return { snapshot: row.snapshot, maxSequence: row.max_sequence };
}

/**
 * True once no transaction of this database with an id below `xid` is still running. Scoped to
 * the database (pg_stat_activity) because transaction ids are cluster-wide: a session left idle
 * in a transaction in another database must not hold our snapshots back. Sessions of other roles
 * show no xid here unless we may read all stats; Roster's tables have one writer role, so that is fine.
 */
export async function transactionsBeforeFinished(db: Executor, xid: string): Promise<boolean> {
  // Running ids are within 2^31 of `xid`: compare their 32-bit forms modulo 2^32.
  const r = await sql<{ done: boolean }>`select not exists (
      select 1 from pg_stat_activity a
      where a.datname = current_database() and a.backend_xid is not null
        and ((${xid}::bigint % 4294967296) - a.backend_xid::text::bigint + 4294967296) % 4294967296 between 1 and 2147483647
    ) as done`.execute(db);
  return r.rows[0]?.done === true;
}

/** The smallest sequence <= upTo of the directory's events that the given snapshot did not see. */
export async function firstEventMissedBy(db: Executor, directoryId: string, snapshot: string, upTo: string): Promise<string | undefined> {
  const r = await sql<{ first: string | null }>`select min(sequence)::text as first from events
    where directory_id = ${directoryId}::uuid and sequence <= ${upTo}::bigint
      and not pg_visible_in_snapshot(tx_id, ${snapshot}::pg_snapshot)`.execute(db);
  return r.rows[0]?.first ?? undefined;
}

/** True on embedded PGlite: one connection, so no transaction can be in flight beside ours. */
export async function isEmbeddedStore(db: Executor): Promise<boolean> {
  const r = await sql<{ v: string }>`select version() as v`.execute(db);
  return /PGlite/i.test(r.rows[0]?.v ?? '');
}
