// The initial schema: tenants, directories, tokens, users, groups, memberships, events.
import { sql, type Kysely } from 'kysely';

import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table organizations (
      id uuid primary key,
      name text not null,
      domains text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table directories (
      id uuid primary key,
      organization_id uuid not null references organizations(id) on delete cascade,
      name text not null,
      provider text not null,
      state text not null default 'pending',
      deprovision_rule text not null default 'deactivate',
      last_request_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index directories_organization on directories (organization_id, id);
    create table directory_tokens (
      id uuid primary key,
      directory_id uuid not null references directories(id) on delete cascade,
      token_hash text not null unique,
      prefix text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz
    );
    create index directory_tokens_directory on directory_tokens (directory_id);
    create table admin_keys (
      id uuid primary key,
      key_hash text not null unique,
      name text not null,
      created_at timestamptz not null default now()
    );
    create table users (
      id uuid primary key,
      directory_id uuid not null references directories(id) on delete cascade,
      user_name text not null,
      external_id text,
      emails text[] not null default '{}',
      display_name text,
      active boolean not null default true,
      state text not null default 'active',
      resource jsonb not null,
      password_hash text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_user_name on users (directory_id, lower(user_name)) where state <> 'deprovisioned';
    create unique index users_external_id on users (directory_id, external_id) where external_id is not null and state <> 'deprovisioned';
    create index users_directory_id on users (directory_id, id);
    create index users_emails on users using gin (emails);
    create index users_display_name on users (directory_id, lower(display_name));
    create index users_updated on users (directory_id, updated_at);
    create table groups (
      id uuid primary key,
      directory_id uuid not null references directories(id) on delete cascade,
      display_name text not null,
      external_id text,
      resource jsonb not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index groups_directory_id on groups (directory_id, id);
    create index groups_display_name on groups (directory_id, lower(display_name));
    create unique index groups_external_id on groups (directory_id, external_id) where external_id is not null;
    create table group_members (
      group_id uuid not null references groups(id) on delete cascade,
      directory_id uuid not null references directories(id) on delete cascade,
      user_id uuid references users(id) on delete cascade,
      member_group_id uuid references groups(id) on delete cascade,
      created_at timestamptz not null default now(),
      check ((user_id is null) <> (member_group_id is null)),
      check (member_group_id is null or member_group_id <> group_id)
    );
    create unique index group_members_user on group_members (group_id, user_id) where user_id is not null;
    create unique index group_members_group on group_members (group_id, member_group_id) where member_group_id is not null;
    create index group_members_by_user on group_members (user_id) where user_id is not null;
    create index group_members_by_group on group_members (member_group_id) where member_group_id is not null;
    create table events (
      sequence bigserial primary key,
      id uuid not null unique,
      organization_id uuid not null,
      directory_id uuid,
      type text not null,
      object_id uuid,
      object_version integer,
      data jsonb not null,
      created_at timestamptz not null default now(),
      tx_id xid8 not null default pg_current_xact_id()
    );
    create index events_organization on events (organization_id, sequence);
    create index events_directory on events (directory_id, sequence);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table events, group_members, groups, users, admin_keys, directory_tokens, directories, organizations`.execute(db);
}
