// What a transaction has read of a table so far, counted by PostgreSQL itself: the tests that hold a
// statement to O(rows it names) compare these before and after it.
import { sql } from 'kysely';
import type { Executor } from '../../src/store/organization-repository.ts';

/** Rows of `table` this transaction read so far: by sequential scans, and fetched through indexes. */
export async function tableReads(trx: Executor, table: string): Promise<{ seq: number; idx: number }> {
  const r = await sql<{ seq: string | null; idx: string | null }>`select seq_tup_read::text as seq, idx_tup_fetch::text as idx
    from pg_stat_xact_user_tables where relname = ${table}`.execute(trx);
  return { seq: Number(r.rows[0]?.seq ?? 0), idx: Number(r.rows[0]?.idx ?? 0) };
}
