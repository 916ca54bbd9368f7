// GET /api/v1/directories/:id/sync-log: what each SCIM request of a directory did, newest first (docs/sync-log.md).
import type { FastifyInstance } from 'fastify';
import { listSyncLog, type SyncLogQuery } from '../../directory/sync-log/sync-log-query.ts';
import type { Db } from '../../store/db.ts';
import { pageParams } from './admin-reply.ts';

export interface SyncLogRouteOptions {
  db: Db;
}

/** A repeated parameter (`?status=ok&status=error`) keeps its last value, like most query parsers. */
function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export async function syncLogRoutes(app: FastifyInstance, opts: SyncLogRouteOptions): Promise<void> {
  app.get<{ Params: { id: string } }>('/directories/:id/sync-log', async (request) => {
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
