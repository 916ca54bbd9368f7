// Admin API for the event log: GET /events (cursor over the ordered log) and per-organization retention.
import type { FastifyInstance } from 'fastify';
import { getOrganization } from '../../directory/organizations/organization-service.ts';
import { pageEvents, parseEventQuery } from '../../events/event-feed.ts';
import { eventRetentionDays, setEventRetention } from '../../events/event-retention.ts';
import type { Db } from '../../store/db.ts';
import { idParams, operation, ref, responses } from './schemas/common-schemas.ts';
import { EventQuery } from './schemas/event-schemas.ts';

const organizationId = idParams('organization');

/** Each route's OpenAPI operation and schemas (the shared ones are in schemas/event-schemas.ts). */
const schemas = {
  list: { ...operation('events', 'listEvents', 'Read the event log in order, after a cursor'), documentedQuerystring: EventQuery, response: responses({ 200: ref('EventList') }) },
  getRetention: {
    ...operation('events', 'getEventRetention', "Get how long an organization's events are kept"),
    params: organizationId,
    response: responses({ 200: ref('EventRetention') }),
  },
  setRetention: {
    ...operation('events', 'setEventRetention', "Set how long an organization's events are kept (null: forever)"),
    params: organizationId,
    body: ref('EventRetentionUpdate'),
    response: responses({ 200: ref('EventRetention') }),
  },
};

/** Registers the event routes on the admin plugin (which supplies auth and error rendering). */
export function registerEventRoutes(app: FastifyInstance, opts: { db: Db }): void {
  const { db } = opts;

  app.get('/events', { schema: schemas.list }, async (request) => {
    const input = parseEventQuery(request.query as Record<string, unknown>);
    // A typo in organizationId should say so, not look like an empty log.
    if (input.organizationId) await getOrganization(db, input.organizationId);
    return pageEvents(db, input);
  });

  app.get<{ Params: { id: string } }>('/organizations/:id/event-retention', { schema: schemas.getRetention }, async (request) => {
    const org = await getOrganization(db, request.params.id);
    return { organizationId: org.id, eventRetentionDays: await eventRetentionDays(db, org.id) };
  });

  // PATCH /organizations/:id belongs to lifecycle-routes.ts (name, domains, policy); retention is
  // its own sub-resource so the two never collide.
  app.put<{ Params: { id: string }; Body: { eventRetentionDays: number | null } }>(
    '/organizations/:id/event-retention',
    { schema: schemas.setRetention },
    async (request) => {
      const org = await getOrganization(db, request.params.id);
      await db.transaction().execute((trx) => setEventRetention(trx, org.id, request.body.eventRetentionDays));
      return { organizationId: org.id, eventRetentionDays: request.body.eventRetentionDays };
    },
  );
}
