// Attribute mapping: the app's declared fields, per-directory sources for them, each user's computed
// fields, and one resumable recompute per directory after a mapping change.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `create table app_fields (
      key text primary key,
      type text not null check (type in ('string', 'number', 'boolean', 'datetime', 'string[]')),
      required boolean not null default false,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table directory_field_mappings (
      directory_id uuid not null references directories(id) on delete cascade,
      field_key text not null references app_fields(key) on delete cascade,
      path text,
      updated_at timestamptz not null default now(),
      primary key (directory_id, field_key)
    );
    create table mapping_recomputes (
      directory_id uuid primary key references directories(id) on delete cascade,
      state text not null check (state in ('pending', 'running', 'done')),
      total integer not null default 0,
      done integer not null default 0,
      changed integer not null default 0,
      after_id uuid,
      requested_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    create index mapping_recomputes_due on mapping_recomputes (requested_at) where state <> 'done';
    alter table directories add column mapping_version integer not null default 0;
    alter table users add column fields jsonb not null default '{}'::jsonb;`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `alter table users drop column fields;
    alter table directories drop column mapping_version;
    drop table mapping_recomputes;
    drop table directory_field_mappings;
    drop table app_fields;`,
  );
}
