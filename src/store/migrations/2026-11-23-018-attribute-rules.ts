// Attribute rules: users whose attributes match a SCIM filter hold a role. The rule keeps the filter
// as written and its compiled, parameter-free SQL predicate over the users row `r`
// (src/access/rule-filter.ts); the database runs it in the transaction of every change to a user.
import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';
import { SYNC_RULE_ROLES_015 } from './2026-11-23-015-role-rules.ts';

// The functions 018 defines or replaces, exported so migration 025's down restores them.
export const SYNC_RULE_ROLES_018 = `
    create or replace function sync_rule_roles(uid uuid) returns void language plpgsql as $$
    declare
      org uuid;
      dir uuid;
      is_current boolean;
      rec record;
      new_grant uuid;
    begin
      select d.organization_id, u.directory_id, u.state in ('active', 'suspended') into org, dir, is_current
      from users u join directories d on d.id = u.directory_id where u.id = uid;
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
          where rr.organization_id = org and is_current
            and (rr.kind = 'everyone'
                 or rr.group_id in (select gm.group_id from group_members gm where gm.user_id = uid)
                 or (rr.include_nested and rr.group_id in (select gid from up))
                 or (rr.kind = 'attribute' and role_rule_matches(rr.predicate, uid)))
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

export const ATTRIBUTE_RULES_ADDED_SYNC_ROLES_018 = `
    create or replace function attribute_rules_added_sync_roles() returns trigger language plpgsql as $$
    declare
      rule record;
      uid uuid;
    begin
      for rule in select organization_id, predicate from changed_rules where kind = 'attribute' loop
        for uid in execute
          'select r.id from users r join directories d on d.id = r.directory_id
           where d.organization_id = $1 and r.state in (''active'', ''suspended'') and (' || rule.predicate || ')'
          using rule.organization_id
        loop
          perform sync_rule_roles(uid);
        end loop;
      end loop;
      return null;
    end $$`;

export const USER_ATTRIBUTES_SYNC_ROLES_018 = `
    create or replace function user_attributes_sync_roles() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from role_rules rr
                 where rr.kind = 'attribute' and rr.organization_id = (select organization_id from directories where id = new.directory_id)) then
        perform sync_rule_roles(new.id);
      end if;
      return null;
    end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    alter table role_rules drop constraint role_rules_kind_check;
    alter table role_rules add constraint role_rules_kind_check check (kind in ('group', 'everyone', 'attribute'));
    alter table role_rules add column filter text, add column predicate text;
    alter table role_rules add constraint role_rules_kind_filter check ((kind = 'attribute') = (filter is not null and predicate is not null));
    create unique index role_rules_attribute on role_rules (organization_id, role_id, md5(filter)) where kind = 'attribute';
    -- A review item of an attribute rule's grant: the filter the user must stop matching in the IdP.
    alter table access_review_items add column rule_filter text;
  `);
  // Whether one user matches a rule's predicate. Costly next to the other conditions, so the planner
  // checks those first.
  await sql.raw(`
    create function role_rule_matches(predicate text, uid uuid) returns boolean language plpgsql stable cost 1000 as $$
    declare
      ok boolean;
    begin
      execute 'select exists (select 1 from users r where r.id = $1 and (' || predicate || '))' into ok using uid;
      return ok;
    end $$`).execute(db);
  // 015's function with attribute rules among the rules a user may match.
  await sql.raw(SYNC_RULE_ROLES_018).execute(db);
  // A new attribute rule: the organization's current users its predicate selects, found in one query.
  // (A removed rule reaches the holders of its grants through 015's role_rules_removed.)
  await sql.raw(ATTRIBUTE_RULES_ADDED_SYNC_ROLES_018).execute(db);
  // A user's attributes changed (SCIM PATCH or PUT). The WHEN clause runs in C and this body costs one
  // indexed probe in organizations without attribute rules; a change of state has its own trigger.
  await sql.raw(USER_ATTRIBUTES_SYNC_ROLES_018).execute(db);
  await executeStatements(db, `
    create trigger role_rules_attribute_added after insert on role_rules referencing new table as changed_rules
      for each statement execute function attribute_rules_added_sync_roles();
    create trigger users_attributes_roles after update on users for each row
      when ((old.resource is distinct from new.resource or old.user_name is distinct from new.user_name
             or old.external_id is distinct from new.external_id or old.display_name is distinct from new.display_name
             or old.emails is distinct from new.emails or old.active is distinct from new.active)
            and old.state is not distinct from new.state)
      execute function user_attributes_sync_roles();
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop trigger users_attributes_roles on users;
    drop trigger role_rules_attribute_added on role_rules;
    drop function user_attributes_sync_roles();
    drop function attribute_rules_added_sync_roles();
    delete from role_rules where kind = 'attribute';
  `);
  await sql.raw(SYNC_RULE_ROLES_015).execute(db);
  await executeStatements(db, `
    drop function role_rule_matches(text, uuid);
    drop index role_rules_attribute;
    alter table access_review_items drop column rule_filter;
    alter table role_rules drop constraint role_rules_kind_filter;
    alter table role_rules drop column filter, drop column predicate;
    alter table role_rules drop constraint role_rules_kind_check;
    alter table role_rules add constraint role_rules_kind_check check (kind in ('group', 'everyone'));
  `);
}
