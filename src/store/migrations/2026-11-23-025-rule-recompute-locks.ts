// Rule-derived grants under concurrent writes. Recomputes of one user take turns (an advisory lock
// per user, read after it is held), and a rule added or removed takes turns with every recompute of
// its organization (an organization lock: shared by user and membership changes, exclusive for rule
// changes), so whichever transaction comes second reads what the first committed: no lost recompute,
// no duplicate open grant (409), no role out of step. An attribute rule's predicate that fails at
// runtime (a badly stored value) counts as "does not match", with a WARNING naming the rule, rather
// than failing the user's SCIM write.
//
// Lock order: the organization lock before any row lock, then users by their lock key. A rule insert
// takes its exclusive lock in a BEFORE trigger (before its foreign keys lock the group and role rows),
// and SCIM group and user deletions take the shared one first (role-rule-repository.ts
// shareRuleLock), since they lock group rows before changing memberships (other group writes lock
// them FOR NO KEY UPDATE, which the foreign key's KEY SHARE does not wait for); two statements that
// recompute the same users lock them in one order. What can still deadlock — one answers 503 and the
// client retries (database-errors.ts), as for the nesting locks: two transactions recomputing users in
// several statements in opposite orders; a write that locks group rows before the trigger takes the
// shared lock (a user deprovisioned by PATCH or PUT leaving its groups, an import) while a rule on one
// of those groups is added; a group deletion that removes its rules (shared, then exclusive) while
// other changes of the organization wait for its rows.
import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';
import { GROUP_MEMBERS_SYNC_ROLES_015, ROLE_RULES_SYNC_ROLES_015, USERS_CREATED_SYNC_ROLES_015, USER_STATE_SYNC_ROLES_015 } from './2026-11-23-015-role-rules.ts';
import { ATTRIBUTE_RULES_ADDED_SYNC_ROLES_018, SYNC_RULE_ROLES_018, USER_ATTRIBUTES_SYNC_ROLES_018 } from './2026-11-23-018-attribute-rules.ts';

// 'Role' as an int4: the class of the two-key organization locks, and the seed of the user lock keys.
const LOCK_CLASS = 1383034981;
const ORG_KEY = (org: string) => `${LOCK_CLASS}, hashtext(${org}::text)`;
const USER_KEY = (uid: string) => `hashtextextended(${uid}::text, ${LOCK_CLASS})`;
const orgLocks = (orgQuery: string, mode: 'shared' | 'exclusive') => `
      for org in select o from (${orgQuery}) x(o) where o is not null order by hashtext(o::text) loop
        perform ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(${ORG_KEY('org')});
      end loop;`;

// A statement trigger's function: the organization locks, then each user the query finds, in lock-key order.
export const syncTrigger = (name: string, orgQuery: string, mode: 'shared' | 'exclusive', usersQuery: string, before = '') => `
    create or replace function ${name}() returns trigger language plpgsql as $$
    declare
      uid uuid;
      org uuid;
    begin${orgLocks(orgQuery, mode)}${before}
      for uid in select x.id from (${usersQuery}) x(id) order by ${USER_KEY('x.id')} loop
        perform sync_rule_roles(uid);
      end loop;
      return null;
    end $$`;

// After users are inserted: their organizations, and those of them whose organization has rules.
export const USERS_CREATED_ORGS_025 = 'select distinct d.organization_id from directories d where d.id in (select distinct directory_id from changed_users)';
export const USERS_CREATED_USERS_025 = `select c.id from changed_users c join directories d on d.id = c.directory_id
        where exists (select 1 from role_rules rr where rr.organization_id = d.organization_id)`;

// Brings a user's rule roles in step with their groups and attributes. `upStep` is the recursive step
// to the groups above the user's: migration 030 replaces this join with a lookup by index.
export const syncRuleRolesFunction = (upStep: string) =>
  `create or replace function sync_rule_roles(uid uuid) returns void language plpgsql as $$
    declare
      org uuid;
      dir uuid;
      is_current boolean;
      rec record;
      done uuid;
    begin
      select d.organization_id into org from users u join directories d on d.id = u.directory_id where u.id = uid;
      if org is null then return; end if;
      perform pg_advisory_xact_lock_shared(${ORG_KEY('org')});
      perform pg_advisory_xact_lock(${USER_KEY('uid')});
      -- Read under the locks: each statement's snapshot includes what the previous holder committed.
      select u.directory_id, u.state in ('active', 'suspended') into dir, is_current from users u where u.id = uid;
      for rec in
        with recursive up(gid) as (
          select gm.group_id from group_members gm where gm.user_id = uid
          union
          ${upStep}
        ),
        matched as (
          select distinct on (rr.role_id) rr.role_id, rr.id as rule_id
          from role_rules rr
          where rr.organization_id = org and is_current
            and (rr.kind = 'everyone'
                 or rr.group_id in (select gm.group_id from group_members gm where gm.user_id = uid)
                 or (rr.include_nested and rr.group_id in (select gid from up))
                 or (rr.kind = 'attribute' and role_rule_holds(rr.id, rr.predicate, uid)))
          order by rr.role_id, rr.priority, rr.created_at, rr.id
        ),
        held as (select id, role_id, rule_id from role_grants where user_id = uid and source = 'rule' and revoked_at is null)
        select m.role_id as want_role, m.rule_id as want_rule, h.id as grant_id, h.rule_id as have_rule
        from matched m full join held h on h.role_id = m.role_id
      loop
        if rec.grant_id is null then
          -- An equal open grant written meanwhile (by a writer outside these locks) is kept, naming this rule.
          insert into role_grants (id, user_id, role_id, organization_id, source, rule_id) values (gen_random_uuid(), uid, rec.want_role, org, 'rule', rec.want_rule)
          on conflict (user_id, role_id, source) where revoked_at is null do nothing
          returning id into done;
          if done is null then
            update role_grants set rule_id = rec.want_rule
            where user_id = uid and role_id = rec.want_role and source = 'rule' and revoked_at is null and rule_id is distinct from rec.want_rule;
          else
            insert into events (id, organization_id, directory_id, type, object_id, object_version, data)
            values (gen_random_uuid(), org, dir, 'role.assigned', uid, null, jsonb_build_object('grant', role_grant_json(done), 'cause', 'rule'));
          end if;
        elsif rec.want_role is null then
          update role_grants set revoked_at = now(), revoked_by = 'rule' where id = rec.grant_id and revoked_at is null returning id into done;
          if done is not null then
            insert into events (id, organization_id, directory_id, type, object_id, object_version, data)
            values (gen_random_uuid(), org, dir, 'role.revoked', uid, null, jsonb_build_object('grant', role_grant_json(done), 'cause', 'rule'));
          end if;
        elsif rec.have_rule is distinct from rec.want_rule then
          update role_grants set rule_id = rec.want_rule where id = rec.grant_id and revoked_at is null;
        end if;
      end loop;
    end $$`;
export const SYNC_RULE_ROLES_025 = syncRuleRolesFunction('select gm.group_id from group_members gm join up on gm.member_group_id = up.gid');

// The walks down of the two statement triggers below, as 025 wrote them (joins; migration 030 passes
// lookups by index): the step to the groups directly below `down`'s, and the users directly in them.
const BELOW_025 = 'select gm.member_group_id from group_members gm join down on gm.group_id = down.gid where gm.member_group_id is not null';
const USERS_IN_DOWN_025 = 'select gm.user_id from group_members gm where gm.group_id in (select gid from down) and gm.user_id is not null';

// Memberships changed: the organization lock (shared) before asking whether it has rules, so a rule
// being added meanwhile is either seen here or sees these memberships.
export const groupMembersSyncRoles = (belowStep: string, usersInDown: string) =>
  syncTrigger(
    'group_members_sync_roles',
    'select distinct d.organization_id from directories d where d.id in (select distinct directory_id from changed_rows)',
    'shared',
    `with recursive down(gid) as (
          select member_group_id from changed_rows where member_group_id is not null
          union
          ${belowStep}
        )
        select user_id from changed_rows where user_id is not null
        union
        ${usersInDown}`,
    `
      if not exists (
        select 1 from role_rules rr join directories d on d.organization_id = rr.organization_id
        where d.id in (select distinct directory_id from changed_rows)) then
        return null;
      end if;`,
  );
export const GROUP_MEMBERS_SYNC_ROLES_025 = groupMembersSyncRoles(BELOW_025, USERS_IN_DOWN_025);

// Rules added or removed: the organization lock (exclusive) first, so the users found next include
// every change committed before, and changes after wait for this rule to commit.
export const roleRulesSyncRoles = (belowStep: string, usersInDown: string) =>
  syncTrigger(
    'role_rules_sync_roles',
    'select distinct organization_id from changed_rules',
    'exclusive',
    `with recursive down(gid) as (
          select group_id from changed_rules where group_id is not null
          union
          ${belowStep}
        )
        ${usersInDown}
        union
        select u.id from users u join directories d on d.id = u.directory_id
        where d.organization_id in (select organization_id from changed_rules where kind = 'everyone') and u.state in ('active', 'suspended')
        union
        select g.user_id from role_grants g where g.rule_id in (select id from changed_rules) and g.revoked_at is null and g.source = 'rule'`,
  );
export const ROLE_RULES_SYNC_ROLES_025 = roleRulesSyncRoles(BELOW_025, USERS_IN_DOWN_025);

const FUNCTIONS = [
  // Whether a user matches an attribute rule; an error in the predicate is a non-match, with a warning.
  // The subtransaction is paid only where an attribute rule is evaluated.
  `create or replace function role_rule_holds(rule_id uuid, predicate text, uid uuid) returns boolean language plpgsql stable cost 1000 as $$
    begin
      return role_rule_matches(predicate, uid);
    exception when others then
      raise warning 'role rule % could not be evaluated for user % (% %); it counts as not matching', rule_id, uid, sqlstate, sqlerrm;
      return false;
    end $$`,
  SYNC_RULE_ROLES_025,
  GROUP_MEMBERS_SYNC_ROLES_025,
  ROLE_RULES_SYNC_ROLES_025,
  // A new attribute rule: its users found in one query; if the predicate fails on some user's value,
  // the whole query fails, and each current user is tried on their own instead.
  `create or replace function attribute_rules_added_sync_roles() returns trigger language plpgsql as $$
    declare
      rule record;
      uid uuid;
      org uuid;
    begin${orgLocks("select distinct organization_id from changed_rules where kind = 'attribute'", 'exclusive')}
      for rule in select id, organization_id, predicate from changed_rules where kind = 'attribute' loop
        begin
          for uid in execute
            'select r.id from users r join directories d on d.id = r.directory_id
             where d.organization_id = $1 and r.state in (''active'', ''suspended'') and (' || rule.predicate || ')
             order by ${USER_KEY('r.id').replace(/'/g, "''")}'
            using rule.organization_id
          loop
            perform sync_rule_roles(uid);
          end loop;
        exception when others then
          raise warning 'role rule % could not be evaluated for every user at once (% %); trying each user', rule.id, sqlstate, sqlerrm;
          for uid in
            select r.id from users r join directories d on d.id = r.directory_id
            where d.organization_id = rule.organization_id and r.state in ('active', 'suspended') order by ${USER_KEY('r.id')}
          loop
            if role_rule_holds(rule.id, rule.predicate, uid) then perform sync_rule_roles(uid); end if;
          end loop;
        end;
      end loop;
      return null;
    end $$`,
  syncTrigger('users_created_sync_roles', USERS_CREATED_ORGS_025, 'shared', USERS_CREATED_USERS_025),
  // A rule being added takes the organization lock before its row is written, so before its foreign
  // keys lock the group and role rows: a PATCH of that group holding the shared lock would otherwise
  // wait for the group row while this waited for the lock (a deadlock, seen in the concurrency test).
  `create or replace function role_rules_lock_organization() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(${ORG_KEY('new.organization_id')});
      return new;
    end $$`,
  // Row triggers behind 015's and 018's WHEN clauses (which stay): one lock on top of the one probe.
  `create or replace function user_state_sync_roles() returns trigger language plpgsql as $$
    declare
      org uuid := (select organization_id from directories where id = new.directory_id);
    begin
      perform pg_advisory_xact_lock_shared(${ORG_KEY('org')});
      if exists (select 1 from role_rules rr where rr.organization_id = org) then
        perform sync_rule_roles(new.id);
      end if;
      return null;
    end $$`,
  `create or replace function user_attributes_sync_roles() returns trigger language plpgsql as $$
    declare
      org uuid := (select organization_id from directories where id = new.directory_id);
    begin
      perform pg_advisory_xact_lock_shared(${ORG_KEY('org')});
      if exists (select 1 from role_rules rr where rr.kind = 'attribute' and rr.organization_id = org) then
        perform sync_rule_roles(new.id);
      end if;
      return null;
    end $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const f of FUNCTIONS) await sql.raw(f).execute(db);
  await executeStatements(db, `
    create trigger role_rules_lock before insert on role_rules for each row execute function role_rules_lock_organization();
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const f of [
    SYNC_RULE_ROLES_018,
    GROUP_MEMBERS_SYNC_ROLES_015,
    ROLE_RULES_SYNC_ROLES_015,
    ATTRIBUTE_RULES_ADDED_SYNC_ROLES_018,
    USERS_CREATED_SYNC_ROLES_015,
    USER_STATE_SYNC_ROLES_015,
    USER_ATTRIBUTES_SYNC_ROLES_018,
  ]) {
    await sql.raw(f).execute(db);
  }
  await executeStatements(db, `
    drop trigger role_rules_lock on role_rules;
    drop function role_rules_lock_organization();
    drop function role_rule_holds(uuid, text, uuid);
  `);
}
