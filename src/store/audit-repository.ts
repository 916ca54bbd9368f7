// SQL for the audit log: insert and read only; the table refuses UPDATE and DELETE by trigger.
import type { AuditLogRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

export type AuditInsert = Omit<AuditLogRow, 'sequence' | 'at'> & { at?: Date };

export async function insertAuditEntry(db: Executor, row: AuditInsert): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

/** Oldest first after `afterSequence`, so a reader can follow the log with a cursor. */
export async function listAuditEntries(db: Executor, afterSequence: string | undefined, limit: number): Promise<AuditLogRow[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('sequence').limit(limit);
  if (afterSequence !== undefined) q = q.where('sequence', '>', afterSequence);
  return q.execute();
}
