// Admin API errors as `{ error: { code, message } }`, the shape design.md promises.
import type { FastifyReply } from 'fastify';
import type { RosterError } from '../../errors.ts';

export function sendAdminError(reply: FastifyReply, error: RosterError): FastifyReply {
  if (error.details.retryAfter !== undefined) reply.header('retry-after', String(error.details.retryAfter));
  if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="roster-admin"');
  const { attribute, hint, resourceId } = error.details;
  return reply.code(error.status).send({
    error: { code: error.code, message: error.message, ...(attribute ? { attribute } : {}), ...(resourceId ? { resourceId } : {}), ...(hint ? { hint } : {}) },
  });
}

/** Parses `limit` (1–100, default 50) and `after` cursor of admin list endpoints. */
export function pageParams(query: Record<string, unknown>): { limit: number; after: string | undefined } {
  const raw = Number(query.limit ?? 50);
  const limit = Number.isInteger(raw) ? Math.min(100, Math.max(1, raw)) : 50;
  const after = typeof query.after === 'string' && query.after !== '' ? query.after : undefined;
  return { limit, after };
}

/** `{ data, nextCursor }`: the cursor is the last id when the page is full, else null. */
export function listBody<T extends { id: string }>(rows: T[], limit: number, render: (row: T) => unknown) {
  const last = rows[rows.length - 1];
  return { data: rows.map(render), nextCursor: rows.length === limit && last ? last.id : null };
}
