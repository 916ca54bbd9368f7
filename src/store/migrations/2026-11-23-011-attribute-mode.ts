// Per-directory handling of unknown attributes: lenient (ignore, warn) or strict (400 invalidSyntax).
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    alter table directories add column attribute_mode text not null default 'lenient' check (attribute_mode in ('lenient', 'strict'));
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `alter table directories drop column attribute_mode;`);
}
