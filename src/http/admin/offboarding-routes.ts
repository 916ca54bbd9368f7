// Leaver checklists: the app's tasks (unbound keys) and each organization's offboardings.
import type { FastifyInstance } from 'fastify';
import { getOffboarding, getTasks, markTask, pageOffboardings, setTasks } from '../../directory/offboarding/offboarding-service.ts';
import type { Db } from '../../store/db.ts';
import { pageParams } from './admin-reply.ts';
import { OffboardingQuery } from './schemas/offboarding-schemas.ts';
import { idParams, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'users and groups';
const oneParams = pathParams(['id', 'offboardingId'] as const, { id: "The organization's id (UUID)", offboardingId: "The offboarding's id (UUID)" });
const taskParams = pathParams(['id', 'offboardingId', 'key'] as const, { id: "The organization's id (UUID)", offboardingId: "The offboarding's id (UUID)", key: "The task's key" });

const schemas = {
  getTasks: { ...operation(TAG, 'listOffboardingTasks', 'The tasks every leaver gets'), response: responses({ 200: ref('OffboardingTaskList') }) },
  putTasks: { ...operation(TAG, 'setOffboardingTasks', 'Declare the tasks every leaver gets (replaces the list)'), body: ref('OffboardingTasksPut'), response: responses({ 200: ref('OffboardingTaskList') }) },
  list: { ...operation(TAG, 'listOffboardings', "An organization's offboardings (open ones by default), newest first"), params: idParams('organization'), documentedQuerystring: OffboardingQuery, response: responses({ 200: ref('OffboardingList') }) },
  get: { ...operation(TAG, 'getOffboarding', 'One offboarding with its tasks'), params: oneParams, response: responses({ 200: ref('Offboarding') }) },
  mark: { ...operation(TAG, 'markOffboardingTask', 'Mark a task of an offboarding done (or not done)'), params: taskParams, body: ref('OffboardingTaskMark'), response: responses({ 200: ref('Offboarding') }) },
};

/** Registers the offboarding routes on the admin plugin. */
export function registerOffboardingRoutes(app: FastifyInstance, opts: { db: Db }): void {
  const { db } = opts;
  app.get('/offboarding-tasks', { schema: schemas.getTasks }, async () => getTasks(db));
  app.put('/offboarding-tasks', { schema: schemas.putTasks }, async (request) => db.transaction().execute((trx) => setTasks(trx, request.body as { tasks?: unknown })));
  app.get('/organizations/:id/offboardings', { schema: schemas.list }, async (request) => {
    const { id } = request.params as { id: string };
    const query = request.query as Record<string, unknown>;
    const { limit, after } = pageParams(query);
    return pageOffboardings(db, id, query, after, limit);
  });
  app.get('/organizations/:id/offboardings/:offboardingId', { schema: schemas.get }, async (request) => {
    const { id, offboardingId } = request.params as { id: string; offboardingId: string };
    return getOffboarding(db, id, offboardingId);
  });
  app.post('/organizations/:id/offboardings/:offboardingId/tasks/:key', { schema: schemas.mark }, async (request) => {
    const { id, offboardingId, key } = request.params as { id: string; offboardingId: string; key: string };
    const actor = request.adminPrincipal?.name ?? null;
    return db.transaction().execute((trx) => markTask(trx, id, offboardingId, key, (request.body ?? {}) as { done?: unknown; note?: unknown; doneBy?: unknown }, actor));
  });
}
