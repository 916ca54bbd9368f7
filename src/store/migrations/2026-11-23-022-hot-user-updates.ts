// Issue 5: a SCIM PATCH or PUT of a user can be a HOT update (no index entry written) when no index
// covers a column it changes. Every update changes `updated_at`, and `users_updated` indexed it, so
// each title change wrote ten index entries. The index served only `meta.lastModified` filters, which
// no IdP sends on its sync path; they now read the directory's rows instead. Free space in each page
// (fillfactor 80) is what lets the new row version stay on its page.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop index users_updated;
    alter table users set (fillfactor = 80);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    alter table users reset (fillfactor);
    create index users_updated on users (directory_id, updated_at);
  `);
}
