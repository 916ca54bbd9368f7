// Seat utilization: the app reports sign-ins; provisioned vs activated vs active per organization.
import type { FastifyInstance } from 'fastify';
import {
  pageActiveWhileInactive,
  pageNeverSignedIn,
  reportActivity,
  seatUtilization,
} from '../../directory/activity/seat-utilization.ts';
import type { Db } from '../../store/db.ts';
import { pageParams } from './admin-reply.ts';
import { SeatQuery } from './schemas/activity-schemas.ts';
import { AdminPageQuery, idParams, operation, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'seats';

const schemas = {
  report: {
    ...operation(TAG, 'reportUserActivity', 'Report a sign-in of a user in the app (seat utilization)'),
    params: idParams('user'),
    body: ref('ActivityReport'),
    response: responses({ 200: ref('ActivityRecorded') }),
  },
  seats: {
    ...operation(TAG, 'getSeatUtilization', "An organization's seats: provisioned, activated, active in 30 days, by day"),
    params: idParams('organization'),
    documentedQuerystring: SeatQuery,
    response: responses({ 200: ref('SeatUtilization') }),
  },
  neverSignedIn: {
    ...operation(TAG, 'listNeverSignedIn', 'Provisioned users who never signed in (to invite)'),
    params: idParams('organization'),
    documentedQuerystring: AdminPageQuery,
    response: responses({ 200: ref('AppUserList') }),
  },
  activeWhileInactive: {
    ...operation(TAG, 'listActiveWhileInactive', 'Users who signed in while the IdP had them deactivated (a security finding)'),
    params: idParams('organization'),
    documentedQuerystring: AdminPageQuery,
    response: responses({ 200: ref('InactiveSignInList') }),
  },
};

function historyDays(query: Record<string, unknown>): number {
  const raw = Number(query.days ?? 30);
  return Number.isInteger(raw) ? Math.min(400, Math.max(1, raw)) : 30;
}

/** Registers the seat utilization routes on the admin plugin. */
export function registerActivityRoutes(app: FastifyInstance, opts: { db: Db; now: () => Date }): void {
  const { db, now } = opts;
  app.post('/users/:id/activity', { schema: schemas.report }, async (request) => {
    const { id } = request.params as { id: string };
    return reportActivity(db, id, (request.body ?? {}) as { at?: unknown }, now());
  });
  app.get('/organizations/:id/seats', { schema: schemas.seats }, async (request) => {
    const { id } = request.params as { id: string };
    return seatUtilization(db, id, historyDays(request.query as Record<string, unknown>), now());
  });
  app.get('/organizations/:id/seats/never-signed-in', { schema: schemas.neverSignedIn }, async (request) => {
    const { id } = request.params as { id: string };
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    return pageNeverSignedIn(db, id, after, limit);
  });
  app.get('/organizations/:id/seats/active-while-inactive', { schema: schemas.activeWhileInactive }, async (request) => {
    const { id } = request.params as { id: string };
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    return pageActiveWhileInactive(db, id, after, limit);
  });
}
