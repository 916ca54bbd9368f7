// GET /api/v1/directories/:id/sync-log: what each SCIM request of a directory did, newest first (docs/sync-log.md).
import type { FastifyInstance } from 'fastify';
import { listSyncLog, type SyncLogQuery } from '../../directory/sync-log/sync-log-query.ts';
import type { Db } from '../../store/db.ts';
import { pageParams } from './admin-reply.ts';
import { idParams, operation, ref, responses } from './schemas/common-schemas.ts';
import { SyncLogQuery as SyncLogQuerySchema } from './schemas/sync-log-schemas.ts';

export interface SyncLogRouteOptions {
  db: Db;
}

/** A repeated parameter (`?status=ok&status=error`) keeps its last value, like most query parsers. */
function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const schema = {
  ...operation('directories', 'listSyncLog', "What each SCIM request of a directory did, newest first"),
  params: idParams('directory'),
  // Documented, not validated: the handler reads the parameters itself and answers invalid_value
  // naming the one it could not read, as docs/sync-log.md says.
  documentedQuerystring: SyncLogQuerySchema,
  response: responses({ 200: ref('SyncLogEntryList') }),
};

export async function syncLogRoutes(app: FastifyInstance, opts: SyncLogRouteOptions): Promise<void> {
  app.get<{ Params: { id: string } }>('/directories/:id/sync-log', { schema }, async (request) => {
    const raw = request.query as Record<string, unknown>;
    const { limit } = pageParams(raw);
    const query: SyncLogQuery = {
      status: one(raw.status),
      userId: one(raw.userId),
      userName: one(raw.userName),
      since: one(raw.since),
      until: one(raw.until),
      after: one(raw.after),
    };
    return listSyncLog(opts.db, request.params.id, query, limit);
  });
}
