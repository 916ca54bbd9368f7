// Reading the sync log: query parameters, the (at, id) cursor, and the JSON of one entry.
import { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { pageSyncLog, type SyncLogFilter, type SyncLogRow } from '../../store/sync-log-repository.ts';
import { getDirectory } from '../directories/directory-service.ts';

export interface SyncLogQuery {
  status?: string | undefined;
  userId?: string | undefined;
  userName?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  after?: string | undefined;
}

/**
 * `ok` and `error` split by outcome (a Bulk 200 around failed operations is an error), `4xx`, `5xx`
 * and one status such as `409` by status.
 */
function statusFilter(text: string): Pick<SyncLogFilter, 'status' | 'failed'> {
  const t = text.toLowerCase();
  if (t === 'ok') return { failed: false };
  if (t === 'error') return { failed: true };
  if (/^[1-5]xx$/.test(t)) return { status: { min: Number(t[0]) * 100, max: Number(t[0]) * 100 + 99 } };
  if (/^[1-5]\d\d$/.test(t)) return { status: { min: Number(t), max: Number(t) } };
  throw new RosterError('invalid_value', `status must be ok, error, 4xx, 5xx or a status such as 409; got "${text}"`, { attribute: 'status' });
}

function time(text: string, name: string): Date {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RosterError('invalid_value', `${name} must be an ISO 8601 time such as 2026-11-02T09:00:00Z; got "${text}"`, { attribute: name });
  return new Date(ms);
}

/** The cursor is opaque to clients: base64url of [at, id] of the last entry of the page. */
export function encodeCursor(row: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(text: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && isUuid(id) && !Number.isNaN(Date.parse(at))) return { at: new Date(at), id };
  } catch {
    // falls through to the error below
  }
  throw new RosterError('invalid_cursor', 'The cursor is not one this server issued', { attribute: 'after', hint: 'Start again without after and follow nextCursor' });
}

function toFilter(query: SyncLogQuery): SyncLogFilter {
  if (query.userId !== undefined && !isUuid(query.userId)) {
    throw new RosterError('invalid_value', `userId must be a user id (a UUID); got "${query.userId}"`, { attribute: 'userId' });
  }
  return {
    ...(query.status ? statusFilter(query.status) : {}),
    resourceId: query.userId?.toLowerCase(),
    userName: query.userName || undefined,
    since: query.since ? time(query.since, 'since') : undefined,
    until: query.until ? time(query.until, 'until') : undefined,
    before: query.after ? decodeCursor(query.after) : undefined,
  };
}

/** One entry as the admin API and the portal show it. */
export function syncLogEntryJson(row: SyncLogRow): Record<string, unknown> {
  return {
    id: row.id,
    at: row.at.toISOString(),
    method: row.method,
    path: row.path,
    status: row.status,
    durationMs: row.duration_ms,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    userName: row.user_name,
    error: row.error_code ? { code: row.error_code, attribute: row.attribute, message: row.message, hint: row.hint } : null,
    // A success with a message: attributes the directory ignored (attributeMode lenient).
    warning: !row.error_code && row.message ? { attribute: row.attribute, message: row.message, hint: row.hint } : null,
    requestBody: row.request_body ?? null,
    responseExcerpt: row.response_excerpt,
  };
}

/** A page of a directory's log, newest first; 404 for an unknown directory. */
export async function listSyncLog(db: Db, directoryId: string, query: SyncLogQuery, limit: number) {
  await getDirectory(db, directoryId);
  const rows = await pageSyncLog(db, directoryId, toFilter(query), limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { data: page.map(syncLogEntryJson), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
