// SQL for nested groups: the part of the membership graph a change touches, and the locks that
// keep two concurrent changes of that part from each computing its effective members alone.
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './organization-repository.ts';

// Each step of a walk looks up the groups it reached one by one (a lateral subquery behind
// `offset 0`, which the planner cannot flatten into a join), so it reads their memberships through
// an index. As joins, the steps were planned as hash joins over a scan of the whole of
// group_members, even on analysed tables: two scans of 20,000 memberships for a change of one
// nested group (test/membership-reads.test.ts).

/** The groups directly in group `id`, through the partial index (group_id, member_group_id). */
const groupsBelow = (id: RawBuilder<unknown>) =>
  sql`select gm.member_group_id as id from group_members gm where gm.group_id = ${id} and gm.member_group_id is not null offset 0`;

export interface SubgraphEdge {
  parent: string;
  child: string;
}

export interface Subgraph {
  /** Users at or under the changed members (the changed users and everyone in the changed groups). */
  users: string[];
  /** Every direct membership on a path up from those users and up from `starts`. */
  edges: SubgraphEdge[];
  /** Version of every group holding one of those edges. */
  versions: Map<string, number>;
}

/** Whether the group is itself a member of a group, and whether it has group members. */
export async function groupNesting(db: Executor, groupId: string): Promise<{ hasParents: boolean; hasNested: boolean }> {
  const r = await sql<{ has_parents: boolean; has_nested: boolean }>`select
      coalesce((select parent_count > 0 from groups where id = ${groupId}::uuid), false) as has_parents,
      exists(select 1 from group_members where group_id = ${groupId}::uuid and member_group_id is not null) as has_nested`.execute(db);
  const row = r.rows[0];
  return { hasParents: row?.has_parents === true, hasNested: row?.has_nested === true };
}

/**
 * Locks what a change's effective members depend on: every ancestor of `groupIds` (no-key-update,
 * so two changes under one ancestor take turns) and every group at or under `nestedIds` (share, so
 * a change inside those groups and this one take turns). The effective members are read in a later
 * statement, whose snapshot then includes whatever the other side committed. In a tangle of
 * concurrent nesting changes PostgreSQL may refuse one with a deadlock: the client retries (503).
 */
export async function lockNestingScope(db: Executor, groupIds: string[], nestedIds: string[]): Promise<void> {
  await sql`with recursive
    anc(id) as (
      select gm.group_id from group_members gm where gm.member_group_id = any(${groupIds}::uuid[])
      union
      select x.id from anc, lateral (select gm.group_id as id from group_members gm where gm.member_group_id = anc.id offset 0) x
    ),
    dn(id) as (
      select unnest(${nestedIds}::uuid[])
      union
      select x.id from dn, lateral (${groupsBelow(sql`dn.id`)}) x
    ),
    a as (select g.id from groups g where g.id in (select id from anc) order by g.id for no key update),
    b as (select g.id from groups g where g.id in (select id from dn) order by g.id for share)
    select (select count(*) from a) + (select count(*) from b) as locked`.execute(db);
}

/**
 * The part of the graph effective membership of the changed members depends on: O(users affected ×
 * their groups), never a walk of unrelated groups or of a changed group's other members.
 * `userIds`: users that changed directly; `nestedIds`: groups that changed as members (their users
 * are affected); `starts`: groups whose ancestors matter even when no affected user reaches them.
 */
export async function nestingSubgraph(db: Executor, userIds: string[], nestedIds: string[], starts: string[]): Promise<Subgraph> {
  const r = await sql<{ parent: string | null; child: string; version: number | null }>`with recursive
    dn(id) as (
      select unnest(${nestedIds}::uuid[])
      union
      select x.id from dn, lateral (${groupsBelow(sql`dn.id`)}) x
    ),
    affected(id) as (
      select unnest(${userIds}::uuid[])
      union
      select x.id from dn, lateral (select gm.user_id as id from group_members gm where gm.group_id = dn.id and gm.user_id is not null offset 0) x
    ),
    up(parent, child) as (
      select x.parent, a.id from affected a, lateral (select gm.group_id as parent from group_members gm where gm.user_id = a.id offset 0) x
      union
      select gm.group_id, gm.member_group_id from group_members gm where gm.member_group_id = any(${[...new Set([...starts, ...nestedIds])]}::uuid[])
      union
      select x.parent, up.parent from up, lateral (select gm.group_id as parent from group_members gm where gm.member_group_id = up.parent offset 0) x
    )
    select up.parent::text as parent, up.child::text as child, g.version from up join groups g on g.id = up.parent
    union all
    select null, a.id::text, null from affected a`.execute(db);
  const users: string[] = [];
  const edges: SubgraphEdge[] = [];
  const versions = new Map<string, number>();
  for (const row of r.rows) {
    if (row.parent === null) users.push(row.child);
    else {
      edges.push({ parent: row.parent, child: row.child });
      if (row.version !== null) versions.set(row.parent, Number(row.version));
    }
  }
  return { users, edges, versions };
}
