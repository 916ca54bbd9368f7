// Leaver checklists: the tasks the app declares, and one record per deprovisioned user with those tasks to tick off.
import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table offboarding_tasks (
      key text primary key,
      name text not null,
      description text,
      position integer not null
    );
    create table offboardings (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null,
      organization_id uuid not null references organizations(id) on delete cascade,
      directory_id uuid not null,
      user_name text not null,
      email text,
      display_name text,
      manager_id text,
      cause text not null check (cause in ('deprovisioned', 'deleted')),
      started_at timestamptz not null default now(),
      completed_at timestamptz,
      cancelled_at timestamptz
    );
    create index offboardings_organization on offboardings (organization_id, started_at desc, id);
    create unique index offboardings_open on offboardings (user_id) where completed_at is null and cancelled_at is null;
    create table offboarding_steps (
      offboarding_id uuid not null references offboardings(id) on delete cascade,
      task_key text not null,
      name text not null,
      position integer not null,
      done_at timestamptz,
      note text,
      primary key (offboarding_id, task_key)
    );
  `);
  // Started by the database in the deprovisioning's own transaction, whichever code path deprovisions
  // (SCIM DELETE under either rule, PATCH to deprovisioned): no leaver is ever missed. A user removed
  // with their directory (the customer left) starts nothing: the directory row is already gone.
  await sql.raw(`
    create function start_offboarding() returns trigger language plpgsql as $$
    declare
      u users%rowtype;
      org uuid;
      new_id uuid;
    begin
      if tg_op = 'DELETE' then u := old; else u := new; end if;
      if not exists (select 1 from offboarding_tasks) then return null; end if;
      select organization_id into org from directories where id = u.directory_id;
      if org is null then return null; end if;
      if exists (select 1 from offboardings where user_id = u.id and completed_at is null and cancelled_at is null) then return null; end if;
      insert into offboardings (user_id, organization_id, directory_id, user_name, email, display_name, manager_id, cause)
      values (u.id, org, u.directory_id, u.user_name, u.emails[1], u.display_name,
              u.resource #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,manager,value}',
              case when tg_op = 'DELETE' then 'deleted' else 'deprovisioned' end)
      returning id into new_id;
      insert into offboarding_steps (offboarding_id, task_key, name, position)
      select new_id, key, name, position from offboarding_tasks;
      return null;
    end $$`).execute(db);
  // A rehire (deprovisioned → active again) cancels the open checklist: there is no leaver any more.
  await sql.raw(`
    create function cancel_offboarding() returns trigger language plpgsql as $$
    begin
      update offboardings set cancelled_at = now() where user_id = new.id and completed_at is null and cancelled_at is null;
      return null;
    end $$`).execute(db);
  await executeStatements(db, `
    create trigger users_deprovisioned_offboarding after update of state on users for each row
      when (new.state = 'deprovisioned' and old.state in ('active', 'suspended')) execute function start_offboarding();
    create trigger users_deleted_offboarding after delete on users for each row
      when (old.state in ('active', 'suspended')) execute function start_offboarding();
    create trigger users_rehired_offboarding after update of state on users for each row
      when (old.state = 'deprovisioned' and new.state in ('active', 'suspended')) execute function cancel_offboarding();
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop trigger users_rehired_offboarding on users;
    drop trigger users_deleted_offboarding on users;
    drop trigger users_deprovisioned_offboarding on users;
    drop function cancel_offboarding();
    drop function start_offboarding();
    drop table offboarding_steps;
    drop table offboardings;
    drop table offboarding_tasks;
  `);
}
