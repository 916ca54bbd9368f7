// Seat utilization: the sign-ins the app reports, one row per user and day, and a daily count per organization.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per user and UTC day keeps "active in the last 30 days" an index range, however often
  // a user signs in. `while_inactive` marks a sign-in reported while the IdP had the user
  // deactivated (or never approved): a security finding the app should hear about.
  await executeStatements(db, `
    create table user_activity_days (
      user_id uuid not null references users(id) on delete cascade,
      day date not null,
      sign_ins integer not null default 1,
      first_at timestamptz not null,
      last_at timestamptz not null,
      while_inactive boolean not null default false,
      primary key (user_id, day)
    );
    create index user_activity_days_while_inactive on user_activity_days (user_id) where while_inactive;
    create table seat_counts_daily (
      organization_id uuid not null references organizations(id) on delete cascade,
      day date not null,
      provisioned integer not null,
      activated integer not null,
      active_30d integer not null,
      suspended integer not null,
      recorded_at timestamptz not null default now(),
      primary key (organization_id, day)
    );
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table seat_counts_daily;
    drop table user_activity_days;
  `);
}
