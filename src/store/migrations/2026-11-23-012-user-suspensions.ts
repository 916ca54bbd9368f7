// Suspensions an admin sets (leave of absence), with an optional return date, kept as history.
import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The IdP is the source of truth: whenever `active` changes by any other way than a suspension's
  // own start or end (those set roster.suspension_write for their transaction), the open suspension
  // ends as overridden by the identity provider, so no scheduled return can undo the IdP's decision.
  await executeStatements(db, `
    create table user_suspensions (
      id uuid primary key,
      user_id uuid not null references users(id) on delete cascade,
      until timestamptz,
      reason text,
      started_at timestamptz not null default now(),
      ended_at timestamptz,
      ended_by text check (ended_by in ('admin', 'schedule', 'identity_provider'))
    );
    create unique index user_suspensions_open on user_suspensions (user_id) where ended_at is null;
    create index user_suspensions_due on user_suspensions (until) where ended_at is null and until is not null;
  `);
  // Its body has semicolons at line ends: one statement of its own, not through executeStatements.
  await sql.raw(`
    create function end_suspension_on_idp_change() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('roster.suspension_write', true), '') <> 'on' then
        update user_suspensions set ended_at = now(), ended_by = 'identity_provider' where user_id = new.id and ended_at is null;
      end if;
      return new;
    end $$`).execute(db);
  await sql.raw(`
    create trigger users_active_ends_suspension after update of active on users
      for each row when (old.active is distinct from new.active) execute function end_suspension_on_idp_change()`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop trigger users_active_ends_suspension on users;
    drop function end_suspension_on_idp_change();
    drop table user_suspensions;
  `);
}
