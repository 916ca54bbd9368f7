// SQL for group memberships: a table (group, member), so changes cost O(members changed).
import { sql, type RawBuilder } from 'kysely';
import { isUuid } from '../lib/ids.ts';
import type { Executor } from './organization-repository.ts';

export type MemberType = 'User' | 'Group';

export interface MemberRow {
  value: string;
  type: MemberType;
  display: string | null;
}

/**
 * Which of these ids are SCIM-visible users or groups of the directory. The rows found stay
 * key-share locked until the transaction ends: a concurrent delete of one of them waits, or, if
 * it came first, this read waits for it and then no longer finds the row. Without the lock a
 * membership could be added to a user or group deleted in the same instant.
 */
export async function resolveMemberIds(db: Executor, directoryId: string, ids: string[]): Promise<Map<string, MemberType>> {
  const found = new Map<string, MemberType>();
  if (ids.length === 0) return found;
  const users = await db
    .selectFrom('users')
    .select('id')
    .where('directory_id', '=', directoryId)
    .where('id', 'in', ids)
    .where('state', '<>', 'deprovisioned')
    .forKeyShare()
    .execute();
  for (const u of users) found.set(u.id, 'User');
  const rest = ids.filter((id) => !found.has(id));
  if (rest.length > 0) {
    const groups = await db.selectFrom('groups').select('id').where('directory_id', '=', directoryId).where('id', 'in', rest).forKeyShare().execute();
    for (const g of groups) found.set(g.id, 'Group');
  }
  return found;
}

/** Inserts memberships that do not exist yet; returns the ids actually added. */
export async function addMembers(db: Executor, groupId: string, directoryId: string, members: { id: string; type: MemberType }[]): Promise<string[]> {
  const added: string[] = [];
  const users = members.filter((m) => m.type === 'User').map((m) => ({ group_id: groupId, directory_id: directoryId, user_id: m.id }));
  const groups = members.filter((m) => m.type === 'Group').map((m) => ({ group_id: groupId, directory_id: directoryId, member_group_id: m.id }));
  if (users.length > 0) {
    const rows = await db
      .insertInto('group_members')
      .values(users)
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).where('user_id', 'is not', null).doNothing())
      .returning('user_id')
      .execute();
    for (const r of rows) if (r.user_id) added.push(r.user_id);
  }
  if (groups.length > 0) {
    const rows = await db
      .insertInto('group_members')
      .values(groups)
      .onConflict((oc) => oc.columns(['group_id', 'member_group_id']).where('member_group_id', 'is not', null).doNothing())
      .returning('member_group_id')
      .execute();
    for (const r of rows) if (r.member_group_id) added.push(r.member_group_id);
  }
  return added;
}

/** Deletes the given memberships; returns those actually removed. */
export async function removeMembers(db: Executor, groupId: string, ids: string[]): Promise<{ id: string; type: MemberType }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where((eb) => eb.or([eb('user_id', 'in', ids), eb('member_group_id', 'in', ids)]))
    .returning(['user_id', 'member_group_id'])
    .execute();
  return rows.map((r) => (r.user_id ? { id: r.user_id, type: 'User' } : { id: r.member_group_id as string, type: 'Group' }));
}

/**
 * The members of group `gid` (value, type, display, created_at) with a display name (the user's displayName or userName, the group's
 * displayName): users and nested groups apart, each through its partial index (group_id, user_id)
 * or (group_id, member_group_id). `where group_id = …` alone implies neither index's predicate, so it
 * was a scan of every membership of every directory, for a group of one member as for 100,000.
 * The `members` filter on groups reads them too (filter-sql/attribute-sql.ts).
 */
export const memberHalves = (gid: RawBuilder<unknown>) => sql`select gm.created_at, gm.user_id as value, 'User' as type, coalesce(u.display_name, u.user_name) as display
      from group_members gm left join users u on u.id = gm.user_id
      where gm.group_id = ${gid} and gm.user_id is not null
      union all
      select gm.created_at, gm.member_group_id, 'Group', g.display_name
      from group_members gm left join groups g on g.id = gm.member_group_id
      where gm.group_id = ${gid} and gm.member_group_id is not null`;
const limited = (limit?: number) => (limit === undefined ? sql`` : sql` limit ${limit}`);

/**
 * One group's members, in order. Planned for that group: a scan where the group is most of the table
 * (a 100,000-member group read whole), an index where it is not.
 */
const membersOf = (groupId: RawBuilder<unknown>, limit?: number) => sql<MemberRow & { group_id: string }>`select ${groupId}::text as group_id,
      m.value::text as value, m.type, m.display
    from (${memberHalves(groupId)}) m
    order by m.created_at, value${limited(limit)}`;

/** The distinct ids of an array parameter, as a relation of one column (gid). */
const eachGroup = (groupIds: string[]) => sql`(select distinct g from unnest(${groupIds}::uuid[]) g)`;

/**
 * The members of a page of groups, in order: each group looked up on its own (a lateral subquery
 * behind `offset 0`), since `group_id = any(…)` kept, under generic plans, a plan that scanned.
 */
const membersOfEach = (groupIds: string[], limit?: number) => sql<MemberRow & { group_id: string }>`select q.gid::text as group_id,
      m.value::text as value, m.type, m.display
    from ${eachGroup(groupIds)} as q(gid), lateral (${memberHalves(sql`q.gid`)} offset 0) m
    order by q.gid, m.created_at, value${limited(limit)}`;

/** A group's members; with `limit`, the first that many. */
export async function listMembers(db: Executor, groupId: string, limit?: number): Promise<MemberRow[]> {
  return (await membersOf(sql`${groupId}::uuid`, limit).execute(db)).rows.map(({ group_id: _, ...m }) => m);
}

/**
 * The members of each of a page of groups, in one statement (a list of 100 groups was 101). With
 * `limit` and that many rows between them, undefined: the caller walks them another way.
 */
export async function listMembersOfGroups(db: Executor, groupIds: string[], limit?: number): Promise<Map<string, MemberRow[]> | undefined> {
  const result = new Map<string, MemberRow[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const rows = await membersOfEach(groupIds, limit).execute(db);
  if (limit !== undefined && rows.rows.length >= limit) return undefined;
  for (const { group_id, ...m } of rows.rows) result.get(group_id)?.push(m);
  return result;
}

/**
 * The same members through a cursor, `size` rows per call, so a group of 100,000 is never one array.
 * A cursor lives in its transaction: `trx` must be one, and its snapshot is what every call sees.
 */
export async function openMemberCursor(trx: Executor, groupId: string): Promise<{ fetch(size: number): Promise<MemberRow[]>; close(): Promise<void> }> {
  if (!isUuid(groupId)) throw new Error(`not a group id: ${groupId}`);
  // The id as a literal: a DECLARE with parameters would be named by the prepared-statement client,
  // and the server does not take parameters in a utility statement's query.
  await sql`declare roster_members no scroll cursor for ${membersOf(sql`${sql.lit(groupId)}::uuid`)}`.execute(trx);
  return {
    fetch: async (size) => (await sql<MemberRow & { group_id: string }>`fetch forward ${sql.lit(size)} from roster_members`.execute(trx)).rows.map(({ group_id: _, ...m }) => m),
    // One cursor at a time: a list walks its groups' members one group after another.
    close: async () => void (await sql`close roster_members`.execute(trx)),
  };
}

/** How many direct members each group has (absent: none). */
export async function countMembersOfGroups(db: Executor, groupIds: string[]): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  // Each group on its own, each kind of member through its partial index (see memberHalves and membersOfEach).
  const r = await sql<{ group_id: string; n: string }>`select group_id, n from (
      select q.gid::text as group_id,
        (select count(*) from group_members gm where gm.group_id = q.gid and gm.user_id is not null)
        + (select count(*) from group_members gm where gm.group_id = q.gid and gm.member_group_id is not null) as n
      from ${eachGroup(groupIds)} as q(gid)
    ) c where n > 0`.execute(db);
  return new Map(r.rows.map((x) => [x.group_id, Number(x.n)]));
}

/** For each user, its groups: direct ones and those reached through nested groups (RFC 7643 §4.1.2). */
export async function groupsOfUsers(db: Executor, userIds: string[]): Promise<Map<string, MemberRow[]>> {
  const result = new Map<string, MemberRow[]>();
  if (userIds.length === 0) return result;
  const r = await sql<{ user_id: string; value: string; display: string; direct: boolean }>`
    with recursive closure(user_id, group_id, direct) as (
      select gm.user_id, gm.group_id, true from group_members gm where gm.user_id = any(${userIds}::uuid[])
      union
      select c.user_id, gm.group_id, false from group_members gm join closure c on gm.member_group_id = c.group_id
    )
    select c.user_id::text as user_id, c.group_id::text as value, g.display_name as display, bool_or(c.direct) as direct
    from closure c join groups g on g.id = c.group_id
    group by c.user_id, c.group_id, g.display_name
    order by g.display_name, c.group_id`.execute(db);
  for (const row of r.rows) {
    const list = result.get(row.user_id) ?? [];
    list.push({ value: row.value, display: row.display, type: (row.direct ? 'direct' : 'indirect') as MemberType });
    result.set(row.user_id, list);
  }
  return result;
}

/** True when adding `childIds` as members of `groupId` would close a cycle. */
export async function wouldCreateCycle(db: Executor, groupId: string, childIds: string[]): Promise<string | undefined> {
  if (childIds.includes(groupId)) return groupId;
  if (childIds.length === 0) return undefined;
  const r = await sql<{ root: string }>`
    with recursive down(root, id) as (
      select gm.group_id, gm.member_group_id from group_members gm
        where gm.group_id = any(${childIds}::uuid[]) and gm.member_group_id is not null
      union
      select d.root, gm.member_group_id from group_members gm join down d on gm.group_id = d.id
        where gm.member_group_id is not null
    )
    select root::text as root from down where id = ${groupId}::uuid limit 1`.execute(db);
  return r.rows[0]?.root;
}

/**
 * One user by primary key, locked against deletion, for a lateral join: the caller filters on the
 * directory and state outside. `offset 0` keeps those conditions out of this scan; inside it, a plan
 * made while the tables were small (a prepared statement keeps it) chose any index led by
 * directory_id, all equal on a few rows, and then read the whole directory once per id (measured:
 * 2,000,000 index rows for a push of 100 users into a 20,000-user directory). The row returned is
 * the latest version (a locked row is re-read), so the caller's filter sees a user deleted meanwhile.
 */
function userById(id: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`select u.id, u.directory_id, u.state from users u where u.id = ${id} offset 0 for key share`;
}

export interface UserMemberDelta {
  /** Ids that were already direct members (users or groups): nothing to do for them. */
  present: Set<string>;
  /** Users inserted now, in the order asked. */
  added: string[];
  /** Ids neither present nor a SCIM-visible user of the directory: groups, or unknown. */
  rest: string[];
  hasParents: boolean;
  hasNested: boolean;
}

/**
 * Adds the ids that are users of the directory as direct members, in one statement (one round trip
 * whatever the count): skips those already members (their rows stay unlocked, see resolveMemberIds
 * for the key-share lock on the others), inserts the rest, and says how the group nests so the
 * caller knows whether effective membership needs a look further.
 */
export async function addUserMembers(db: Executor, groupId: string, directoryId: string, ids: string[]): Promise<UserMemberDelta> {
  const r = await sql<{ present: string[]; found: string[]; added: string[]; has_parents: boolean; has_nested: boolean }>`with
    present as (
      select gm.user_id as id from group_members gm where gm.group_id = ${groupId}::uuid and gm.user_id = any(${ids}::uuid[])
      union all
      select gm.member_group_id from group_members gm where gm.group_id = ${groupId}::uuid and gm.member_group_id = any(${ids}::uuid[])
    ),
    found as (
      select u.id from unnest(${ids}::uuid[]) as w(id) cross join lateral (${userById(sql`w.id`)}) u
      where not exists (select 1 from present p where p.id = w.id)
        and u.directory_id = ${directoryId}::uuid and u.state <> 'deprovisioned'
    ),
    ins as (
      insert into group_members (group_id, directory_id, user_id)
      select ${groupId}::uuid, ${directoryId}::uuid, f.id from found f
      on conflict (group_id, user_id) where user_id is not null do nothing
      returning user_id
    )
    select array(select id::text from present) as present, array(select id::text from found) as found,
      array(select user_id::text from ins) as added,
      coalesce((select parent_count > 0 from groups where id = ${groupId}::uuid), false) as has_parents,
      exists(select 1 from group_members where group_id = ${groupId}::uuid and member_group_id is not null) as has_nested`.execute(db);
  const row = r.rows[0];
  const present = new Set(row?.present ?? []);
  const found = new Set(row?.found ?? []);
  const inserted = new Set(row?.added ?? []);
  return {
    present,
    added: ids.filter((id) => inserted.has(id)),
    rest: ids.filter((id) => !present.has(id) && !found.has(id)),
    hasParents: row?.has_parents === true,
    hasNested: row?.has_nested === true,
  };
}

/** The groups that hold a member directly, and whether any of them is itself in a group. */
export async function directParentsOf(db: Executor, memberId: string): Promise<{ groups: string[]; nested: boolean }> {
  const r = await sql<{ group_id: string; nested: boolean }>`select gm.group_id::text as group_id, pg.parent_count > 0 as nested
    from group_members gm join groups pg on pg.id = gm.group_id
    where gm.user_id = ${memberId}::uuid or gm.member_group_id = ${memberId}::uuid`.execute(db);
  return { groups: r.rows.map((x) => x.group_id), nested: r.rows.some((x) => x.nested) };
}

export interface UsersAddedInOne {
  /** False: nothing was written; the caller takes the general path (same transaction). */
  applied: boolean;
  /** The group row after the statement (its version bumped when a member was added); null when no such group. */
  row: Record<string, unknown> | null;
  added: string[];
}

/**
 * The usual IdP push, "add these users to a group", in one statement: locks the group, adds the
 * users not yet members, bumps the group's version and writes one member_added event per user
 * added (event ids `eventIds[i]` for `ids[i]`). Writes nothing, and says so, unless every id is a
 * SCIM-visible user of the directory and the group is in no group (no indirect events to compute).
 *
 * Right even when the statement waited for the group's lock behind another push, which is the
 * usual case when an IdP sends a group's batches side by side: its snapshot is then older than the
 * other push's commit, so nothing here decides from what the snapshot says of the group's members.
 * Each user is locked, and a locked row is re-read at its latest version (a user deleted meanwhile
 * no longer matches); the insert skips the pairs present by then (ON CONFLICT sees the latest
 * committed rows), so `added` and the events are exactly the rows this statement inserted; the
 * group's row, its version and its parent count come from the lock, also the latest.
 *
 * Every lookup is by a unique key per id (no scan of the directory or the group), so the plan
 * PostgreSQL caches for the prepared statement stays right whatever the tables' sizes were when
 * it was made (test: membership-repository.test.ts). A user id of another directory is locked for
 * the statement's length (key share: it blocks only that user's deletion) and then refused.
 */
export async function addUsersWithEvents(
  db: Executor,
  args: { groupId: string; directoryId: string; organizationId: string; ids: string[]; eventIds: string[]; updatedAt: Date },
): Promise<UsersAddedInOne> {
  const { groupId, directoryId, organizationId, ids, eventIds } = args;
  const r = await sql<{ applied: boolean; row: Record<string, unknown> | null; added: string[] }>`with
    g as (select * from groups where id = ${groupId}::uuid and directory_id = ${directoryId}::uuid for no key update),
    want as (select * from unnest(${ids}::uuid[], ${eventIds}::uuid[]) with ordinality as w(id, event_id, n)),
    found as (
      select u.id from want w cross join lateral (${userById(sql`w.id`)}) u
      where u.directory_id = ${directoryId}::uuid and u.state <> 'deprovisioned'
    ),
    ok as (select 1 from g where g.parent_count = 0 and (select count(*) from found) = ${ids.length}),
    ins as (
      insert into group_members (group_id, directory_id, user_id)
      select ${groupId}::uuid, ${directoryId}::uuid, f.id from found f where exists (select 1 from ok)
      on conflict (group_id, user_id) where user_id is not null do nothing
      returning user_id
    ),
    upd as (
      update groups set version = version + 1, updated_at = ${args.updatedAt.toISOString()}::timestamptz
      where id = ${groupId}::uuid and exists (select 1 from ins)
      returning *
    ),
    x as materialized (select pg_current_xact_id() as tx),
    ev as (
      insert into events (id, organization_id, directory_id, type, object_id, object_version, data, tx_id)
      select w.event_id, ${organizationId}::uuid, ${directoryId}::uuid, 'group.member_added', ${groupId}::uuid, upd.version,
        jsonb_build_object('groupId', ${groupId}::text, 'member', jsonb_build_object('id', w.id::text, 'type', 'User'), 'indirect', false), x.tx
      from x cross join want w join ins on ins.user_id = w.id cross join upd
      order by w.n
      returning 1
    )
    select exists (select 1 from ok) as applied,
      coalesce((select to_jsonb(upd) from upd), (select to_jsonb(g) from g)) as row,
      array(select w.id::text from want w join ins on ins.user_id = w.id order by w.n) as added`.execute(db);
  const row = r.rows[0];
  return { applied: row?.applied === true, row: row?.row ?? null, added: row?.added ?? [] };
}
