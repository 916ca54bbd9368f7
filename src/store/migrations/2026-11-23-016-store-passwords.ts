// Per directory: keep the write-only SCIM password (hashed) or drop it (SSO apps never use it).
import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `alter table directories add column store_passwords boolean not null default true;`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `alter table directories drop column store_passwords;`);
}
