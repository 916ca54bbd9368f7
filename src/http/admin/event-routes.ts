// Admin API for the event log: GET /events (cursor over the ordered log) and per-organization retention.
import type { FastifyInstance } from 'fastify';
import { getOrganization } from '../../directory/organizations/organization-service.ts';
import { pageEvents, parseEventQuery } from '../../events/event-feed.ts';
import { eventRetentionDays, setEventRetention } from '../../events/event-retention.ts';
import type { Db } from '../../store/db.ts';

const retentionBody = {
  type: 'object',
  required: ['eventRetentionDays'],
  additionalProperties: false,
  properties: { eventRetentionDays: { type: ['integer', 'null'], minimum: 1, maximum: 36500 } },
} as const;

/** Registers the event routes on the admin plugin (which supplies auth and error rendering). */
export function registerEventRoutes(app: FastifyInstance, opts: { db: Db }): void {
  const { db } = opts;

  app.get('/events', async (request) => {
    const input = parseEventQuery(request.query as Record<string, unknown>);
    // A typo in organizationId should say so, not look like an empty log.
    if (input.organizationId) await getOrganization(db, input.organizationId);
    return pageEvents(db, input);
  });

  app.get<{ Params: { id: string } }>('/organizations/:id/event-retention', async (request) => {
    const org = await getOrganization(db, request.params.id);
    return { organizationId: org.id, eventRetentionDays: await eventRetentionDays(db, org.id) };
  });

  // PATCH /organizations/:id belongs to lifecycle-routes.ts (name, domains, policy); retention is
  // its own sub-resource so the two never collide.
  app.put<{ Params: { id: string }; Body: { eventRetentionDays: number | null } }>(
    '/organizations/:id/event-retention',
    { schema: { body: retentionBody } },
    async (request) => {
      const org = await getOrganization(db, request.params.id);
      await db.transaction().execute((trx) => setEventRetention(trx, org.id, request.body.eventRetentionDays));
      return { organizationId: org.id, eventRetentionDays: request.body.eventRetentionDays };
    },
  );
}
