// GET /api/v1/audit-log: every admin action, oldest first, by cursor. Full-scope unbound keys only (admin-auth.ts).
import type { FastifyInstance } from 'fastify';
import { pageAuditLog } from '../../directory/audit/audit-log.ts';
import type { Db } from '../../store/db.ts';
import { pageParams } from './admin-reply.ts';
import { AuditQuery } from './schemas/admin-key-schemas.ts';
import { operation, ref, responses } from './schemas/common-schemas.ts';

/** The route's OpenAPI operation and schemas (the shared ones are in schemas/admin-key-schemas.ts). */
const schemas = {
  list: { ...operation('admin keys', 'listAuditLog', 'Read the audit log of admin actions, oldest first'), documentedQuerystring: AuditQuery, response: responses({ 200: ref('AuditEntryList') }) },
};

/** Registers the audit log route on the admin plugin; there is deliberately no route that changes the log. */
export function registerAuditRoutes(app: FastifyInstance, opts: { db: Db }): void {
  app.get('/audit-log', { schema: schemas.list }, async (request) => {
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    return pageAuditLog(opts.db, after, limit);
  });
}
