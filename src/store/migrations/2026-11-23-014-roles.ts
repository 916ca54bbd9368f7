// Roles the app declares, and grants of them to users, optionally until a date (time-bound access).
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table roles (
      id uuid primary key,
      key text not null unique,
      name text not null,
      description text,
      billable boolean not null default true,
      created_at timestamptz not null default now()
    );
    create table role_grants (
      id uuid primary key,
      user_id uuid not null references users(id) on delete cascade,
      role_id uuid not null references roles(id) on delete cascade,
      organization_id uuid not null,
      reason text,
      granted_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      revoked_by text check (revoked_by in ('admin', 'expiry', 'rule')),
      -- grant: given through the API; rule: derived from a group rule (rule_id), kept in step by the database
      source text not null default 'grant' check (source in ('grant', 'rule')),
      rule_id uuid
    );
    create unique index role_grants_open on role_grants (user_id, role_id, source) where revoked_at is null;
    create index role_grants_due on role_grants (expires_at) where revoked_at is null and expires_at is not null;
    create index role_grants_organization on role_grants (organization_id, role_id) where revoked_at is null;
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table role_grants;
    drop table roles;
  `);
}
