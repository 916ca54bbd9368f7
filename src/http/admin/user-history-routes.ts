// GET /api/v1/directories/:id/users/:userId/events: what happened to one user, newest first (the portal's user history).
import type { FastifyInstance } from 'fastify';
import { getDirectory } from '../../directory/directories/directory-service.ts';
import { RosterError } from '../../errors.ts';
import { eventJson } from '../../events/event-feed.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { listObjectEvents } from '../../store/portal-repository.ts';
import { findDirectoryUser } from '../../store/read-repository.ts';
import { pageParams } from './admin-reply.ts';
import { AdminPageQuery, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

const schema = {
  ...operation('users and groups', 'listUserEvents', "A user's events (created, updated, deactivated…), newest first"),
  params: pathParams(['id', 'userId'] as const, { id: "The directory's id (UUID)", userId: "The user's id (UUID)" }),
  documentedQuerystring: AdminPageQuery,
  response: responses({ 200: ref('UserEventList') }),
};

export async function userHistoryRoutes(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  app.get<{ Params: { id: string; userId: string } }>('/directories/:id/users/:userId/events', { schema }, async (request) => {
    const directory = await getDirectory(opts.db, request.params.id);
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    if (after !== undefined && !/^\d{1,18}$/.test(after)) throw new RosterError('invalid_cursor', 'after must be the nextCursor of the previous page', { attribute: 'after' });
    const userId = request.params.userId.toLowerCase();
    // Like GET /users/:userId: a user of another directory is not found here, rather than an empty history.
    if (!isUuid(userId) || !(await findDirectoryUser(opts.db, directory.id, userId))) throw new RosterError('not_found', 'No user with this id in this directory', { resourceId: request.params.userId });
    const rows = await listObjectEvents(opts.db, directory.id, userId, after, limit);
    const last = rows[rows.length - 1];
    return { data: rows.map(eventJson), nextCursor: rows.length === limit && last ? String(last.sequence) : null };
  });
}
