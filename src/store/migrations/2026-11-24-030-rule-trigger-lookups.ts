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
  groupMembersSyncRoles,
  roleRulesSyncRoles,
  syncRuleRolesFunction,
} from './2026-11-23-025-rule-recompute-locks.ts';

/** The groups directly below the `down` walk's groups, one index lookup each. */
const GROUPS_BELOW = `select x.gid from down,
          lateral (select gm.member_group_id as gid from group_members gm where gm.group_id = down.gid and gm.member_group_id is not null offset 0) x`;
/** The users directly in the `down` walk's groups, one index lookup each. */
const USERS_IN_DOWN = `select x.uid from down,
        lateral (select gm.user_id as uid from group_members gm where gm.group_id = down.gid and gm.user_id is not null offset 0) x`;
/** The groups directly above the `up` walk's groups, one index lookup each. */
const GROUPS_ABOVE = 'select x.gid from up, lateral (select gm.group_id as gid from group_members gm where gm.member_group_id = up.gid offset 0) x';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const f of [syncRuleRolesFunction(GROUPS_ABOVE), groupMembersSyncRoles(GROUPS_BELOW, USERS_IN_DOWN), roleRulesSyncRoles(GROUPS_BELOW, USERS_IN_DOWN)]) {
    await sql.raw(f).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const f of [SYNC_RULE_ROLES_025, GROUP_MEMBERS_SYNC_ROLES_025, ROLE_RULES_SYNC_ROLES_025]) await sql.raw(f).execute(db);
}
