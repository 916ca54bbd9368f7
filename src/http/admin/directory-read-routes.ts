// Admin read API of a directory as the app sees it: users, groups, members (keyset pages) and the snapshot.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getDirectory, scimBaseUrl } from '../../directory/directories/directory-service.ts';
import { getAppGroup, getAppUser, listAppGroups, listAppMembers, listAppUsers, parseFilterParam, parsePageInput, parseStates } from '../../directory/snapshot/app-reader.ts';
import { snapshotJson, snapshotNdjson } from '../../directory/snapshot/snapshot-format.ts';
import { openSnapshot } from '../../directory/snapshot/snapshot-service.ts';
import type { Db } from '../../store/db.ts';
import { idParams, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';
import { GroupListQuery, ReadPageQuery, SnapshotQuery, UserListQuery } from './schemas/read-query-schemas.ts';

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

const TAG = 'users and groups';
const directoryId = idParams('directory');
const userParams = pathParams(['id', 'userId'] as const, { id: "The directory's id (UUID)", userId: "The user's id (UUID)" });
const groupParams = pathParams(['id', 'groupId'] as const, { id: "The directory's id (UUID)", groupId: "The group's id (UUID)" });

/** Each route's OpenAPI operation and schemas (the shared ones are in schemas/app-view-schemas.ts). */
const schemas = {
  users: { ...operation(TAG, 'listUsers', "List a directory's users in any state, by SCIM filter and state"), params: directoryId, documentedQuerystring: UserListQuery, response: responses({ 200: ref('AppUserList') }) },
  user: { ...operation(TAG, 'getUser', 'Get a user with every group it is in, directly or through nesting'), params: userParams, response: responses({ 200: ref('AppUserWithGroups') }) },
  groups: { ...operation(TAG, 'listGroups', "List a directory's groups, by SCIM filter"), params: directoryId, documentedQuerystring: GroupListQuery, response: responses({ 200: ref('AppGroupList') }) },
  group: { ...operation(TAG, 'getGroup', 'Get a group'), params: groupParams, response: responses({ 200: ref('AppGroup') }) },
  members: { ...operation(TAG, 'listGroupMembers', "List a group's direct members"), params: groupParams, documentedQuerystring: ReadPageQuery, response: responses({ 200: ref('AppMemberList') }) },
  snapshot: {
    ...operation(TAG, 'getSnapshot', "A directory's whole current state and its position in the event log (JSON, or NDJSON to stream)"),
    params: directoryId,
    documentedQuerystring: SnapshotQuery,
    // Streamed, so never serialised with these; they document both formats (and tests check the answers against them).
    response: responses({ 200: { description: 'The snapshot', content: { 'application/json': { schema: ref('Snapshot') }, 'application/x-ndjson': { schema: ref('SnapshotLine') } } } }),
  },
};

export async function directoryReadRoutes(app: FastifyInstance, opts: DirectoryReadRouteOptions): Promise<void> {
  const { db } = opts;

  app.get<Dir>('/directories/:id/users', { schema: schemas.users }, async (request) => {
    const dir = await getDirectory(db, request.params.id);
    const q = request.query;
    return listAppUsers(db, dir, { ...parsePageInput(q), filter: parseFilterParam(q), states: parseStates(q), scimBaseUrl: scimBaseUrl(opts.origin(request), dir.id) });
  });

  app.get<{ Params: { id: string; userId: string } }>('/directories/:id/users/:userId', { schema: schemas.user }, async (request) => {
    const dir = await getDirectory(db, request.params.id);
    return getAppUser(db, dir, request.params.userId);
  });

  app.get<Dir>('/directories/:id/groups', { schema: schemas.groups }, async (request) => {
    const dir = await getDirectory(db, request.params.id);
    const q = request.query;
    return listAppGroups(db, dir, { ...parsePageInput(q), filter: parseFilterParam(q), scimBaseUrl: scimBaseUrl(opts.origin(request), dir.id) });
  });

  app.get<{ Params: { id: string; groupId: string } }>('/directories/:id/groups/:groupId', { schema: schemas.group }, async (request) => {
    const dir = await getDirectory(db, request.params.id);
    return getAppGroup(db, dir, request.params.groupId);
  });

  app.get<{ Params: { id: string; groupId: string }; Querystring: Query }>('/directories/:id/groups/:groupId/members', { schema: schemas.members }, async (request) => {
    const dir = await getDirectory(db, request.params.id);
    return listAppMembers(db, dir, request.params.groupId, parsePageInput(request.query));
  });

  app.get<Dir>('/directories/:id/snapshot', { schema: schemas.snapshot }, async (request, reply) => {
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
