// Custom extension schemas per directory, and the version that tells every replica's cache when they changed.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table custom_schemas (
      id uuid primary key,
      directory_id uuid not null references directories(id) on delete cascade,
      urn text not null check (length(urn) between 5 and 200),
      resource_type text not null check (resource_type in ('User', 'Group')),
      name text not null,
      description text not null default '',
      attributes jsonb not null check (jsonb_typeof(attributes) = 'array'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index custom_schemas_directory_urn on custom_schemas (directory_id, lower(urn));
    alter table directories add column schemas_version integer not null default 0;
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table custom_schemas;
    alter table directories drop column schemas_version;
  `);
}
