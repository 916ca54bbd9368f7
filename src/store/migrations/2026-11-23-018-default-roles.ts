// Default roles: a rule without a group gives its role to every current user of the organization.
// Users' own changes (created, approved, deprovisioned) now also recompute their rule-derived roles.
import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    alter table role_rules alter column group_id drop not null;
    alter table role_rules add column kind text not null default 'group' check (kind in ('group', 'everyone'));
    alter table role_rules add constraint role_rules_kind_group check ((kind = 'group') = (group_id is not null));
    create unique index role_rules_everyone on role_rules (organization_id, role_id) where kind = 'everyone';
  `);
  await sql.raw(`
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
    end $$`).execute(db);
  // Rules added or removed: "everyone" rules reach every current user of the organization.
  await sql.raw(`
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
    end $$`).execute(db);
  // A user's own arrival, approval or departure, for organizations that have rules (others pay one
  // probe per statement). Column lists cannot go with transition tables: updates compare old and new.
  await sql.raw(`
    create function users_sync_roles() returns trigger language plpgsql as $$
    declare
      uid uuid;
    begin
      if tg_op = 'INSERT' then
        for uid in
          select c.id from changed_users c join directories d on d.id = c.directory_id
          where exists (select 1 from role_rules rr where rr.organization_id = d.organization_id)
        loop
          perform sync_rule_roles(uid);
        end loop;
      else
        for uid in
          select c.id from changed_users c join old_users o on o.id = c.id join directories d on d.id = c.directory_id
          where c.state is distinct from o.state
            and exists (select 1 from role_rules rr where rr.organization_id = d.organization_id)
        loop
          perform sync_rule_roles(uid);
        end loop;
      end if;
      return null;
    end $$`).execute(db);
  await executeStatements(db, `
    create trigger users_created_roles after insert on users referencing new table as changed_users
      for each statement execute function users_sync_roles();
    create trigger users_state_roles after update on users referencing old table as old_users new table as changed_users
      for each statement execute function users_sync_roles();
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop trigger users_state_roles on users;
    drop trigger users_created_roles on users;
    drop function users_sync_roles();
    drop index role_rules_everyone;
    alter table role_rules drop constraint role_rules_kind_group;
    alter table role_rules drop column kind;
  `);
}
