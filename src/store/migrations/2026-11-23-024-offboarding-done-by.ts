// Leaver checklists: who marked each task done (the person the app names, else the admin key's name), beside when.
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    alter table offboarding_steps add column done_by text;
  `);
}
