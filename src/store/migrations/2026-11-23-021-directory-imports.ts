// CSV imports run by the server (POST /directories/:id/imports): one row per applied import, its progress and result.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table directory_imports (
      id uuid primary key,
      directory_id uuid not null references directories(id) on delete cascade,
      state text not null check (state in ('running', 'completed')),
      deactivate_missing boolean not null,
      total integer not null,
      done integer not null default 0,
      created integer not null default 0,
      updated integer not null default 0,
      deactivated integer not null default 0,
      reactivated integer not null default 0,
      managers_set integer not null default 0,
      unchanged integer not null,
      not_in_file integer not null,
      errors jsonb not null default '[]',
      error_count integer not null default 0,
      sample jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index directory_imports_directory on directory_imports (directory_id, created_at desc);
  `);
}
