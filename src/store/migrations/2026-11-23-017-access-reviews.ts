// Access reviews: a campaign freezes the open grants in scope at its creation into items, each with
// the reviewer who must decide keep or revoke; the decisions are the evidence auditors ask for.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table access_reviews (
      id uuid primary key,
      organization_id uuid not null references organizations(id) on delete cascade,
      name text not null,
      -- null: every role; otherwise the role keys in scope
      role_keys text[],
      reviewer_mode text not null check (reviewer_mode in ('admin', 'manager')),
      reviewer text,
      fallback_reviewer text not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      created_at timestamptz not null default now(),
      closes_at timestamptz,
      closed_at timestamptz
    );
    create index access_reviews_organization on access_reviews (organization_id, created_at desc);
    create table access_review_items (
      id uuid primary key,
      review_id uuid not null references access_reviews(id) on delete cascade,
      -- no foreign keys to users or grants: the evidence outlives them
      user_id uuid not null,
      user_name text not null,
      role_key text not null,
      role_name text not null,
      grant_id uuid not null,
      source text not null check (source in ('grant', 'rule')),
      -- the group a rule-derived grant comes from: what the user must leave in the IdP
      group_name text,
      reviewer text not null,
      decision text check (decision in ('keep', 'revoke')),
      reason text,
      decided_by text,
      decided_at timestamptz,
      outcome text check (outcome in ('kept', 'revoked', 'idp_change_needed')),
      check (decision is null or decision = 'keep' or reason is not null)
    );
    create index access_review_items_review on access_review_items (review_id, user_name, role_key);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table access_review_items;
    drop table access_reviews;
  `);
}
