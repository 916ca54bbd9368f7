// GET /api/v1/audit-log: every admin action, oldest first, by cursor. Full-scope unbound keys only (admin-auth.ts).
import type { FastifyInstance } from 'fastify';
import { pageAuditLog } from '../../directory/audit/audit-log.ts';
import type { Db } from '../../store/db.ts';
import { pageParams } from './admin-reply.ts';

/** Registers the audit log route on the admin plugin; there is deliberately no route that changes the log. */
export function registerAuditRoutes(app: FastifyInstance, opts: { db: Db }): void {
  app.get('/audit-log', async (request) => {
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    return pageAuditLog(opts.db, after, limit);
  });
}
