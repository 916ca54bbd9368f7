// SQL for CSV imports run by the server: one row per applied import, updated as it goes.
import { sql } from 'kysely';
import type { Executor } from './organization-repository.ts';

export interface ImportCounts {
  done: number;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  managers_set: number;
}

export interface ImportRow extends ImportCounts {
  id: string;
  directory_id: string;
  state: 'running' | 'completed';
  deactivate_missing: boolean;
  total: number;
  unchanged: number;
  not_in_file: number;
  errors: { line: number; userName: string; message: string }[];
  error_count: number;
  sample: Record<string, string[]>;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

export async function insertImport(db: Executor, row: Pick<ImportRow, 'id' | 'directory_id' | 'deactivate_missing' | 'total' | 'unchanged' | 'not_in_file' | 'sample'>): Promise<ImportRow> {
  const { rows } = await sql<ImportRow>`
    insert into directory_imports (id, directory_id, state, deactivate_missing, total, unchanged, not_in_file, sample)
    values (${row.id}, ${row.directory_id}, 'running', ${row.deactivate_missing}, ${row.total}, ${row.unchanged}, ${row.not_in_file}, ${JSON.stringify(row.sample)}::jsonb)
    returning *`.execute(db);
  return rows[0] as ImportRow;
}

/** Writes the progress so far; `finished` also writes the errors (at most `keep` of them) and ends it. */
export async function updateImport(
  db: Executor,
  id: string,
  counts: ImportCounts & { errors: ImportRow['errors']; sample: ImportRow['sample'] },
  finished: boolean,
  keep: number,
): Promise<void> {
  await sql`
    update directory_imports set
      done = ${counts.done}, created = ${counts.created}, updated = ${counts.updated}, deactivated = ${counts.deactivated},
      reactivated = ${counts.reactivated}, managers_set = ${counts.managers_set},
      errors = ${JSON.stringify(counts.errors.slice(0, keep))}::jsonb, error_count = ${counts.errors.length}, sample = ${JSON.stringify(counts.sample)}::jsonb,
      updated_at = now(), state = ${finished ? 'completed' : 'running'}, finished_at = ${finished ? sql`now()` : sql`null`}
    where id = ${id}`.execute(db);
}

export async function findImport(db: Executor, directoryId: string, id: string): Promise<ImportRow | undefined> {
  const { rows } = await sql<ImportRow>`select * from directory_imports where directory_id = ${directoryId} and id = ${id}`.execute(db);
  return rows[0];
}
