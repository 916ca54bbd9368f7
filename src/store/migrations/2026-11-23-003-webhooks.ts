// Events retention per organization, webhook endpoints, their deliveries and every attempt.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table event_retention (
      organization_id uuid primary key references organizations(id) on delete cascade,
      retention_days integer check (retention_days is null or retention_days between 1 and 36500),
      updated_at timestamptz not null default now()
    );
    create index events_created on events (created_at);
    create table webhook_endpoints (
      id uuid primary key,
      organization_id uuid references organizations(id) on delete cascade,
      url text not null,
      description text,
      event_types text[] not null default '{}',
      enabled boolean not null default true,
      disabled_reason text,
      secret_ciphertext text not null,
      secret_prefix text not null,
      previous_secret_ciphertext text,
      previous_secret_expires_at timestamptz,
      last_sequence bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index webhook_endpoints_organization on webhook_endpoints (organization_id, id);
    create table webhook_deliveries (
      id uuid primary key,
      endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
      event_sequence bigint not null references events(sequence) on delete cascade,
      ordering_key uuid not null,
      origin text not null default 'fanout',
      replay_of uuid,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      locked_until timestamptz,
      lock_token uuid,
      last_status_code integer,
      last_error text,
      created_at timestamptz not null default now(),
      completed_at timestamptz
    );
    create unique index webhook_deliveries_fanout on webhook_deliveries (endpoint_id, event_sequence) where origin = 'fanout';
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status in ('pending', 'retrying');
    create index webhook_deliveries_lane on webhook_deliveries (endpoint_id, ordering_key, event_sequence) where status in ('pending', 'retrying');
    create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, id);
    create index webhook_deliveries_event on webhook_deliveries (event_sequence);
    create table webhook_attempts (
      id uuid primary key,
      delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
      attempted_at timestamptz not null,
      status_code integer,
      duration_ms integer not null,
      response_excerpt text,
      error text
    );
    create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempted_at);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table webhook_attempts;
    drop table webhook_deliveries;
    drop table webhook_endpoints;
    drop index events_created;
    drop table event_retention;
  `);
}
