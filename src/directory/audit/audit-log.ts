// The audit log of admin actions: who did what, to which object, with what outcome, when, from where.
import { RosterError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { insertAuditEntry, listAuditEntries } from '../../store/audit-repository.ts';
import type { AuditLogRow } from '../../store/database.ts';
import type { Executor } from '../../store/organization-repository.ts';
import type { AdminPrincipal } from '../admin-keys.ts';

export interface AdminAction {
  principal: AdminPrincipal | null;
  method: string;
  route: string;
  path: string;
  objectId: string | null;
  status: number;
  ip: string;
}

/** Appends one entry. There is no function to change or remove one, and the table refuses it too. */
export async function recordAdminAction(db: Executor, action: AdminAction): Promise<void> {
  await insertAuditEntry(db, {
    id: newId(),
    key_id: action.principal?.keyId ?? null,
    key_name: action.principal?.name ?? null,
    organization_id: action.principal?.organizationId ?? null,
    method: action.method,
    route: action.route,
    path: action.path.slice(0, 2048),
    object_id: action.objectId?.slice(0, 200) ?? null,
    status: action.status,
    ip: action.ip,
  });
}

function auditJson(row: AuditLogRow) {
  return {
    id: row.id,
    sequence: String(row.sequence),
    at: new Date(row.at).toISOString(),
    actor: { keyId: row.key_id, keyName: row.key_name, organizationId: row.organization_id },
    action: { method: row.method, route: row.route, path: row.path, objectId: row.object_id },
    status: row.status,
    ip: row.ip,
  };
}

/** `{ data, nextCursor }`, oldest first; `after` is the `sequence` of the last entry read. */
export async function pageAuditLog(db: Executor, after: string | undefined, limit: number) {
  if (after !== undefined && !/^\d{1,18}$/.test(after)) {
    throw new RosterError('invalid_cursor', 'after must be the sequence of an audit entry', { attribute: 'after' });
  }
  const rows = await listAuditEntries(db, after, limit);
  const last = rows[rows.length - 1];
  return { data: rows.map(auditJson), nextCursor: rows.length === limit && last ? String(last.sequence) : null };
}
