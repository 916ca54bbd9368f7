// Runs a script of DDL statements one by one: PGlite's extended protocol takes one statement per query.
import { sql, type Kysely } from 'kysely';

/** Splits on `;` at line ends (migrations keep semicolons out of string literals) and runs each statement. */
export async function executeStatements(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/)) {
    const text = statement.trim();
    if (text) await sql.raw(text).execute(db);
  }
}
