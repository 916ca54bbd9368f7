// Indexes for the sync log's two common questions: "what failed?" and "what happened to this user?".
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Partial: successes (nearly every row) cost nothing extra to insert. An entry is a failure when it has an
  // error code: every status of 400 or more, and a Bulk 200 around failed operations.
  await executeStatements(db, `
    create index sync_log_directory_errors on sync_log (directory_id, at desc, id desc) where error_code is not null;
    create index sync_log_directory_user_name on sync_log (directory_id, lower(user_name), at desc) where user_name is not null;
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop index sync_log_directory_user_name;
    drop index sync_log_directory_errors;
  `);
}
