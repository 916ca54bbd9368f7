// The SCIM-visible users of a directory in id order: list pages pick their ids and count totals by index-only scans.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create index users_visible on users (directory_id, id) where state <> 'deprovisioned';
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop index users_visible;
  `);
}
