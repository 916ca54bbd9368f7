// Indexes for the rehire lookup: deprovisioned users by externalId and userName, so every create stays O(log n).
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create index users_deprovisioned_external_id on users (directory_id, external_id) where state = 'deprovisioned' and external_id is not null;
    create index users_deprovisioned_user_name on users (directory_id, lower(user_name)) where state = 'deprovisioned';
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop index users_deprovisioned_user_name;
    drop index users_deprovisioned_external_id;
  `);
}
