// Admin Portal: single-use links that open a session scoped to one organization; both stored as hashes only.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // events_object serves a user's history in the portal (newest first) without scanning the directory's events.
  // A link is consumed by the UPDATE that sets used_at, so two clicks racing open one session at most.
  await executeStatements(db, `
    create table portal_links (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      token_hash text not null unique,
      intent text not null check (intent in ('setup', 'manage')),
      created_by_key_id uuid,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index portal_links_organization on portal_links (organization_id, created_at);
    create table portal_sessions (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      link_id uuid references portal_links (id) on delete set null,
      session_hash text not null unique,
      intent text not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index portal_sessions_organization on portal_sessions (organization_id, created_at);
    create index events_object on events (object_id, sequence) where object_id is not null;
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop index events_object;
    drop table portal_sessions;
    drop table portal_links;
  `);
}
