// Admin read API of a directory as the app sees it: users, groups, members (keyset pages) and the snapshot.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getDirectory, scimBaseUrl } from '../../directory/directories/directory-service.ts';
import { getAppGroup, getAppUser, listAppGroups, listAppMembers, listAppUsers, parseFilterParam, parsePageInput, parseStates } from '../../directory/snapshot/app-reader.ts';
import { snapshotJson, snapshotNdjson } from '../../directory/snapshot/snapshot-format.ts';
import { openSnapshot } from '../../directory/snapshot/snapshot-service.ts';
import type { Db } from '../../store/db.ts';

export interface DirectoryReadRouteOptions {
  db: Db;
  origin: (request: FastifyRequest) => string;
}

type Query = Record<string, unknown>;
type Dir = { Params: { id: string }; Querystring: Query };

/** NDJSON when asked by `?format=ndjson` or `Accept: application/x-ndjson`; one JSON document otherwise. */
function wantsNdjson(request: FastifyRequest<Dir>): boolean {
  return request.query.format === 'ndjson' || /application\/(x-)?ndjson/.test(String(request.headers.accept ?? ''));
}

export async function directoryReadRoutes(app: FastifyInstance, opts: DirectoryReadRouteOptions): Promise<void> {
  const { db } = opts;

  app.get<Dir>('/directories/:id/users', async (request) => {
    const dir = await getDirectory(db, request.params.id);
    const q = request.query;
    return listAppUsers(db, dir, { ...parsePageInput(q), filter: parseFilterParam(q), states: parseStates(q), scimBaseUrl: scimBaseUrl(opts.origin(request), dir.id) });
  });

  app.get<{ Params: { id: string; userId: string } }>('/directories/:id/users/:userId', async (request) => {
    const dir = await getDirectory(db, request.params.id);
    return getAppUser(db, dir, request.params.userId);
  });

  app.get<Dir>('/directories/:id/groups', async (request) => {
    const dir = await getDirectory(db, request.params.id);
    const q = request.query;
    return listAppGroups(db, dir, { ...parsePageInput(q), filter: parseFilterParam(q), scimBaseUrl: scimBaseUrl(opts.origin(request), dir.id) });
  });

  app.get<{ Params: { id: string; groupId: string } }>('/directories/:id/groups/:groupId', async (request) => {
    const dir = await getDirectory(db, request.params.id);
    return getAppGroup(db, dir, request.params.groupId);
  });

  app.get<{ Params: { id: string; groupId: string }; Querystring: Query }>('/directories/:id/groups/:groupId/members', async (request) => {
    const dir = await getDirectory(db, request.params.id);
    return listAppMembers(db, dir, request.params.groupId, parsePageInput(request.query));
  });

  app.get<Dir>('/directories/:id/snapshot', async (request, reply) => {
    const dir = await getDirectory(db, request.params.id);
    const snapshot = await openSnapshot(db, dir);
    const ndjson = wantsNdjson(request);
    const body = Readable.from(ndjson ? snapshotNdjson(snapshot.header, snapshot.chunks) : snapshotJson(snapshot.header, snapshot.chunks));
    // A client that hangs up mid-stream must not leave the transaction (and its connection) open.
    body.on('close', () => void snapshot.close());
    reply.header('content-type', ndjson ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8');
    reply.header('cache-control', 'no-store');
    return reply.send(body);
  });
}
