// Admin key scopes (full/read, optionally one organization), revocation, and the append-only audit log.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Existing keys keep what they could do: full scope over every organization.
  // The audit log has no foreign keys on purpose: deleting an organization or a key must never
  // need to touch (and so never be able to erase) the record of what was done with it.
  // The trigger body is one line: executeStatements splits scripts at a semicolon ending a line.
  await executeStatements(db, `
    alter table admin_keys add column scope text not null default 'full' check (scope in ('full', 'read'));
    alter table admin_keys add column organization_id uuid references organizations (id) on delete cascade;
    alter table admin_keys add column prefix text;
    alter table admin_keys add column revoked_at timestamptz;
    create table audit_log (
      sequence bigserial primary key,
      id uuid not null unique,
      at timestamptz not null default now(),
      key_id uuid,
      key_name text,
      organization_id uuid,
      method text not null,
      route text not null,
      path text not null,
      object_id text,
      status integer not null,
      ip text not null
    );
    create function audit_log_refuse_change() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end $$;
    create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_refuse_change();
    create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change();
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table audit_log;
    drop function audit_log_refuse_change();
    alter table admin_keys drop column revoked_at, drop column prefix, drop column organization_id, drop column scope;
  `);
}
