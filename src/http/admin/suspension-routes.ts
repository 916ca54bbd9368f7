// Admin suspensions of users: suspend with a return date, reschedule, end early, history.
import type { FastifyInstance } from 'fastify';
import { endSuspension, rescheduleSuspension, suspendUser, userSuspensions } from '../../directory/users/user-suspension.ts';
import type { Db } from '../../store/db.ts';
import { idParams, operation, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'users and groups';
const user = idParams('user');

const schemas = {
  suspend: { ...operation(TAG, 'suspendUser', 'Suspend an active user now, optionally until a date (leave of absence)'), params: user, body: ref('SuspensionCreate'), response: responses({ 201: ref('Suspension') }) },
  reschedule: { ...operation(TAG, 'rescheduleSuspension', "Move the return date of a user's suspension"), params: user, body: ref('SuspensionReschedule'), response: responses({ 200: ref('Suspension') }) },
  end: { ...operation(TAG, 'endSuspension', "End a user's suspension now"), params: user, response: responses({ 200: ref('Suspension') }) },
  list: { ...operation(TAG, 'listSuspensions', "A user's suspensions, newest first"), params: user, response: responses({ 200: ref('SuspensionList') }) },
};

/** Registers the suspension routes on the admin plugin. */
export function registerSuspensionRoutes(app: FastifyInstance, opts: { db: Db; now: () => Date }): void {
  const { db, now } = opts;
  app.post('/users/:id/suspension', { schema: schemas.suspend }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as { until?: unknown; reason?: unknown };
    return reply.code(201).send(await db.transaction().execute((trx) => suspendUser(trx, id, body, now())));
  });
  app.patch('/users/:id/suspension', { schema: schemas.reschedule }, async (request) => {
    const { id } = request.params as { id: string };
    return db.transaction().execute((trx) => rescheduleSuspension(trx, id, request.body as { until?: unknown }, now()));
  });
  app.post('/users/:id/suspension/end', { schema: schemas.end }, async (request) => {
    const { id } = request.params as { id: string };
    return db.transaction().execute((trx) => endSuspension(trx, id));
  });
  app.get('/users/:id/suspensions', { schema: schemas.list }, async (request) => {
    const { id } = request.params as { id: string };
    return userSuspensions(db, id);
  });
}
