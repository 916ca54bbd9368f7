// Lifecycle, tenant policy and the sync log: tombstones, directory settings, two-step token rotation.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    alter table directories add column rate_limit_per_second integer not null default 200;
    alter table directories add column rate_limit_burst integer not null default 400;
    alter table directories add column sync_log_retention_days integer not null default 30;
    alter table directories add column last_error_at timestamptz;
    alter table directories add column last_error_message text;
    alter table organizations add column external_domain_policy text not null default 'allow';
    alter table directory_tokens add column status text not null default 'active';
    alter table users add column suspended_until timestamptz;
    create table tombstones (
      object_type text not null,
      object_id uuid not null,
      directory_id uuid not null,
      organization_id uuid not null,
      version integer not null,
      deleted_at timestamptz not null default now(),
      primary key (object_type, object_id)
    );
    create index tombstones_directory on tombstones (directory_id, deleted_at);
    create table sync_log (
      id uuid primary key,
      directory_id uuid not null references directories(id) on delete cascade,
      at timestamptz not null default now(),
      method text not null,
      path text not null,
      status integer not null,
      duration_ms integer not null,
      resource_type text,
      resource_id uuid,
      user_name text,
      error_code text,
      attribute text,
      message text,
      hint text,
      request_body jsonb,
      response_excerpt text
    );
    create index sync_log_directory_at on sync_log (directory_id, at desc, id desc);
    create index sync_log_directory_resource on sync_log (directory_id, resource_id) where resource_id is not null;
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table sync_log;
    drop table tombstones;
    alter table users drop column suspended_until;
    alter table directory_tokens drop column status;
    alter table organizations drop column external_domain_policy;
    alter table directories drop column last_error_message, drop column last_error_at, drop column sync_log_retention_days, drop column rate_limit_burst, drop column rate_limit_per_second;
  `);
}
