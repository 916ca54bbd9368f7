// Group rules (members of a group, directly or through nested groups, hold a role) and default roles
// (every current user holds it). The database keeps rule-derived grants in step with memberships,
// users and rules, in the transaction of each change.
import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

// One user's rule-derived grants made equal to what the rules say now: the difference only, each
// change with its event (a mover keeps what still matches). Held and removed users match nothing.
// Exported so migration 018's down restores it.
export const SYNC_RULE_ROLES_015 = `
    create or replace function sync_rule_roles(uid uuid) returns void language plpgsql as $$
    declare
      org uuid;
      dir uuid;
      rec record;
      new_grant uuid;
    begin
      select d.organization_id, u.directory_id into org, dir from users u join directories d on d.id = u.directory_id where u.id = uid;
      if org is null then return; end if;
      for rec in
        with recursive up(gid) as (
          select gm.group_id from group_members gm where gm.user_id = uid
          union
          select gm.group_id from group_members gm join up on gm.member_group_id = up.gid
        ),
        matched as (
          select distinct on (rr.role_id) rr.role_id, rr.id as rule_id
          from role_rules rr
          where rr.organization_id = org
            and exists (select 1 from users where id = uid and state in ('active', 'suspended'))
            and (rr.kind = 'everyone'
                 or rr.group_id in (select gm.group_id from group_members gm where gm.user_id = uid)
                 or (rr.include_nested and rr.group_id in (select gid from up)))
          order by rr.role_id, rr.priority, rr.created_at, rr.id
        ),
        held as (select id, role_id, rule_id from role_grants where user_id = uid and source = 'rule' and revoked_at is null)
        select m.role_id as want_role, m.rule_id as want_rule, h.id as grant_id, h.rule_id as have_rule
        from matched m full join held h on h.role_id = m.role_id
      loop
        if rec.grant_id is null then
          new_grant := gen_random_uuid();
          insert into role_grants (id, user_id, role_id, organization_id, source, rule_id) values (new_grant, uid, rec.want_role, org, 'rule', rec.want_rule);
          insert into events (id, organization_id, directory_id, type, object_id, object_version, data)
          values (gen_random_uuid(), org, dir, 'role.assigned', uid, null, jsonb_build_object('grant', role_grant_json(new_grant), 'cause', 'rule'));
        elsif rec.want_role is null then
          update role_grants set revoked_at = now(), revoked_by = 'rule' where id = rec.grant_id;
          insert into events (id, organization_id, directory_id, type, object_id, object_version, data)
          values (gen_random_uuid(), org, dir, 'role.revoked', uid, null, jsonb_build_object('grant', role_grant_json(rec.grant_id), 'cause', 'rule'));
        elsif rec.have_rule is distinct from rec.want_rule then
          update role_grants set rule_id = rec.want_rule where id = rec.grant_id;
        end if;
      end loop;
    end $$`;

// The trigger functions, exported so migration 025's down restores them.
export const GROUP_MEMBERS_SYNC_ROLES_015 = `
    create or replace function group_members_sync_roles() returns trigger language plpgsql as $$
    declare
      uid uuid;
    begin
      if not exists (
        select 1 from role_rules rr join directories d on d.organization_id = rr.organization_id
        where d.id in (select distinct directory_id from changed_rows)) then
        return null;
      end if;
      for uid in
        with recursive down(gid) as (
          select member_group_id from changed_rows where member_group_id is not null
          union
          select gm.member_group_id from group_members gm join down on gm.group_id = down.gid where gm.member_group_id is not null
        )
        select user_id from changed_rows where user_id is not null
        union
        select gm.user_id from group_members gm where gm.group_id in (select gid from down) and gm.user_id is not null
      loop
        perform sync_rule_roles(uid);
      end loop;
      return null;
    end $$`;

export const ROLE_RULES_SYNC_ROLES_015 = `
    create or replace function role_rules_sync_roles() returns trigger language plpgsql as $$
    declare
      uid uuid;
    begin
      for uid in
        with recursive down(gid) as (
          select group_id from changed_rules where group_id is not null
          union
          select gm.member_group_id from group_members gm join down on gm.group_id = down.gid where gm.member_group_id is not null
        )
        select gm.user_id from group_members gm where gm.group_id in (select gid from down) and gm.user_id is not null
        union
        select u.id from users u join directories d on d.id = u.directory_id
        where d.organization_id in (select organization_id from changed_rules where kind = 'everyone') and u.state in ('active', 'suspended')
        union
        select g.user_id from role_grants g where g.rule_id in (select id from changed_rules) and g.revoked_at is null and g.source = 'rule'
      loop
        perform sync_rule_roles(uid);
      end loop;
      return null;
    end $$`;

export const USERS_CREATED_SYNC_ROLES_015 = `
    create or replace function users_created_sync_roles() returns trigger language plpgsql as $$
    declare
      uid uuid;
    begin
      for uid in
        select c.id from changed_users c join directories d on d.id = c.directory_id
        where exists (select 1 from role_rules rr where rr.organization_id = d.organization_id)
      loop
        perform sync_rule_roles(uid);
      end loop;
      return null;
    end $$`;

export const USER_STATE_SYNC_ROLES_015 = `
    create or replace function user_state_sync_roles() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from role_rules rr join directories d on d.organization_id = rr.organization_id where d.id = new.directory_id) then
        perform sync_rule_roles(new.id);
      end if;
      return null;
    end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table role_rules (
      id uuid primary key,
      organization_id uuid not null references organizations(id) on delete cascade,
      role_id uuid not null references roles(id) on delete cascade,
      -- everyone: a default role, held by every current user of the organization (no group)
      kind text not null default 'group' check (kind in ('group', 'everyone')),
      group_id uuid references groups(id) on delete cascade,
      include_nested boolean not null default true,
      priority integer not null default 100,
      created_at timestamptz not null default now(),
      constraint role_rules_kind_group check ((kind = 'group') = (group_id is not null))
    );
    create unique index role_rules_unique on role_rules (organization_id, group_id, role_id);
    create unique index role_rules_everyone on role_rules (organization_id, role_id) where kind = 'everyone';
    create index role_rules_group on role_rules (group_id);
    create index role_grants_rule on role_grants (rule_id) where revoked_at is null and source = 'rule';
  `);
  // The grant as the API renders it (role-service.ts grantJson), for the events written here.
  await sql.raw(`
    create function role_grant_json(grant_id uuid) returns jsonb language sql stable as $$
      select jsonb_build_object(
        'id', g.id, 'userId', g.user_id, 'role', jsonb_build_object('key', r.key, 'name', r.name), 'reason', g.reason,
        'grantedAt', to_char(g.granted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'expiresAt', to_char(g.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'revokedAt', to_char(g.revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'revokedBy', g.revoked_by, 'source', g.source, 'ruleId', g.rule_id)
      from role_grants g join roles r on r.id = g.role_id where g.id = grant_id
    $$`).execute(db);
  await sql.raw(SYNC_RULE_ROLES_015).execute(db);
  // Memberships changed (one statement, any number of rows): the users under the changed members, once each.
  await sql.raw(GROUP_MEMBERS_SYNC_ROLES_015).execute(db);
  // Rules added or removed: their group's members (with nested ones), or the holders of their grants.
  await sql.raw(ROLE_RULES_SYNC_ROLES_015).execute(db);
  // A user's own arrival, approval or departure, for organizations that have rules. Arrivals come
  // one statement at a time; a change of state is rare, so a row trigger whose WHEN clause filters in
  // C keeps every other UPDATE of users (each SCIM PATCH) from calling anything.
  await sql.raw(USERS_CREATED_SYNC_ROLES_015).execute(db);
  await sql.raw(USER_STATE_SYNC_ROLES_015).execute(db);
  await executeStatements(db, `
    create trigger group_members_added_roles after insert on group_members referencing new table as changed_rows
      for each statement execute function group_members_sync_roles();
    create trigger group_members_removed_roles after delete on group_members referencing old table as changed_rows
      for each statement execute function group_members_sync_roles();
    create trigger role_rules_added after insert on role_rules referencing new table as changed_rules
      for each statement execute function role_rules_sync_roles();
    create trigger role_rules_removed after delete on role_rules referencing old table as changed_rules
      for each statement execute function role_rules_sync_roles();
    create trigger users_created_roles after insert on users referencing new table as changed_users
      for each statement execute function users_created_sync_roles();
    create trigger users_state_roles after update of state on users
      for each row when (old.state is distinct from new.state) execute function user_state_sync_roles();
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop trigger users_state_roles on users;
    drop trigger users_created_roles on users;
    drop trigger role_rules_removed on role_rules;
    drop trigger role_rules_added on role_rules;
    drop trigger group_members_removed_roles on group_members;
    drop trigger group_members_added_roles on group_members;
    drop function user_state_sync_roles();
    drop function users_created_sync_roles();
    drop function role_rules_sync_roles();
    drop function group_members_sync_roles();
    drop function sync_rule_roles(uuid);
    drop function role_grant_json(uuid);
    drop table role_rules;
  `);
}
