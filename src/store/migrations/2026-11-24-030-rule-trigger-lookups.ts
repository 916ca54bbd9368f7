// Issue 5: the role-rule triggers walk nested groups through the memberships' indexes, so nesting a
// group, adding or removing a rule, or deleting a group reads the memberships of the groups involved,
// not every membership of every directory.
//
// The walks were joins (`group_members gm join down on gm.group_id = down.gid`). These trigger
// queries have no parameters, so plpgsql keeps the first plan a session made for them until the
// table's statistics change; a plan made while group_members was small is a hash join over a scan of
// the whole table, run at every step of the walk. Measured on 20,000 memberships in one transaction
// (test/rule-trigger-lookups.test.ts): nesting an empty group into a group read 40,060 memberships,
// adding or removing a rule on a nested group 60,081, deleting a group 40,060.
//
// Each step now looks up the groups it reached one by one (a lateral subquery behind `offset 0`,
// which the planner cannot flatten back into a join), by `group_members_group` and
// `group_members_user` for the groups below, by `group_members_by_group` for the groups above a user:
// an index scan whatever the plan was made on. What the triggers compute is unchanged.
import { sql, type Kysely } from 'kysely';
import {
  GROUP_MEMBERS_SYNC_ROLES_025,
  ROLE_RULES_SYNC_ROLES_025,
  SYNC_RULE_ROLES_025,
  syncRuleRolesFunction,
  syncTrigger,
} from './2026-11-23-025-rule-recompute-locks.ts';

/** The groups below the `down` walk's groups, one index lookup each. */
const GROUPS_BELOW = `select x.gid from down,
          lateral (select gm.member_group_id as gid from group_members gm where gm.group_id = down.gid and gm.member_group_id is not null offset 0) x`;
/** The users directly in the `down` walk's groups, one index lookup each. */
const USERS_IN_DOWN = `select x.uid from down,
        lateral (select gm.user_id as uid from group_members gm where gm.group_id = down.gid and gm.user_id is not null offset 0) x`;

const SYNC_RULE_ROLES_030 = syncRuleRolesFunction(
  'select x.gid from up, lateral (select gm.group_id as gid from group_members gm where gm.member_group_id = up.gid offset 0) x',
);

const GROUP_MEMBERS_SYNC_ROLES_030 = syncTrigger(
  'group_members_sync_roles',
  'select distinct d.organization_id from directories d where d.id in (select distinct directory_id from changed_rows)',
  'shared',
  `with recursive down(gid) as (
          select member_group_id from changed_rows where member_group_id is not null
          union
          ${GROUPS_BELOW}
        )
        select user_id from changed_rows where user_id is not null
        union
        ${USERS_IN_DOWN}`,
  `
      if not exists (
        select 1 from role_rules rr join directories d on d.organization_id = rr.organization_id
        where d.id in (select distinct directory_id from changed_rows)) then
        return null;
      end if;`,
);

const ROLE_RULES_SYNC_ROLES_030 = syncTrigger(
  'role_rules_sync_roles',
  'select distinct organization_id from changed_rules',
  'exclusive',
  `with recursive down(gid) as (
          select group_id from changed_rules where group_id is not null
          union
          ${GROUPS_BELOW}
        )
        ${USERS_IN_DOWN}
        union
        select u.id from users u join directories d on d.id = u.directory_id
        where d.organization_id in (select organization_id from changed_rules where kind = 'everyone') and u.state in ('active', 'suspended')
        union
        select g.user_id from role_grants g where g.rule_id in (select id from changed_rules) and g.revoked_at is null and g.source = 'rule'`,
);

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const f of [SYNC_RULE_ROLES_030, GROUP_MEMBERS_SYNC_ROLES_030, ROLE_RULES_SYNC_ROLES_030]) await sql.raw(f).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const f of [SYNC_RULE_ROLES_025, GROUP_MEMBERS_SYNC_ROLES_025, ROLE_RULES_SYNC_ROLES_025]) await sql.raw(f).execute(db);
}
