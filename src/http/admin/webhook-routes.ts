// Admin API for webhooks: endpoints, secret rotation, the delivery log and replay.
import type { FastifyInstance } from 'fastify';
import { getOrganization } from '../../directory/organizations/organization-service.ts';
import { RosterError } from '../../errors.ts';
import { getDelivery, pageDeliveries, replayDelivery, replaySince } from '../../events/webhook-deliveries.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  endpointJson,
  getWebhookEndpoint,
  pageWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type EndpointInput,
} from '../../events/webhook-service.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { listBody, pageParams } from './admin-reply.ts';

/** What the webhook routes need besides the database. */
export interface WebhookRouteContext {
  /** Seals and opens signing secrets. */
  secretKey: Buffer;
  now: () => Date;
}

const endpointProperties = {
  url: { type: 'string', minLength: 1, maxLength: 2048 },
  eventTypes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100 } },
  organizationId: { type: ['string', 'null'], maxLength: 36 },
  enabled: { type: 'boolean' },
  description: { type: ['string', 'null'], maxLength: 500 },
} as const;

const createBody = { type: 'object', required: ['url'], additionalProperties: false, properties: endpointProperties } as const;
const patchBody = { type: 'object', additionalProperties: false, properties: endpointProperties } as const;
const rotateBody = { type: ['object', 'null'], additionalProperties: false, properties: { gracePeriodSeconds: { type: 'integer', minimum: 0, maximum: 604800 } } } as const;
const replayBody = { type: 'object', required: ['since'], additionalProperties: false, properties: { since: { type: 'string', minLength: 1 } } } as const;

const DELIVERY_STATUSES = new Set(['pending', 'retrying', 'succeeded', 'failed']);

type Id = { Params: { id: string } };

/** Registers the webhook routes on the admin plugin (which supplies auth and error rendering). */
export function registerWebhookRoutes(app: FastifyInstance, opts: { db: Db; webhooks?: WebhookRouteContext | undefined }): void {
  const { db } = opts;
  const context = (): WebhookRouteContext => {
    if (!opts.webhooks) throw new RosterError('unavailable', 'Webhooks are not configured in this process');
    return opts.webhooks;
  };
  // An unknown organization is a 404 that says so, not a foreign-key failure.
  const checkOrganization = async (input: EndpointInput) => {
    if (typeof input.organizationId === 'string') {
      if (!isUuid(input.organizationId)) throw new RosterError('invalid_value', 'organizationId must be a UUID', { attribute: 'organizationId' });
      await getOrganization(db, input.organizationId);
    }
  };

  app.post<{ Body: EndpointInput & { url: string } }>('/webhooks', { schema: { body: createBody } }, async (request, reply) => {
    await checkOrganization(request.body);
    const { row, secret } = await createWebhookEndpoint(db, context().secretKey, request.body);
    return reply.code(201).send({ ...endpointJson(row), secret });
  });

  app.get('/webhooks', async (request) => {
    const query = request.query as Record<string, unknown>;
    const { limit, after } = pageParams(query);
    const org = typeof query.organizationId === 'string' && query.organizationId !== '' ? query.organizationId : undefined;
    return listBody(await pageWebhookEndpoints(db, org, after, limit), limit, endpointJson);
  });

  app.get<Id>('/webhooks/:id', async (request) => endpointJson(await getWebhookEndpoint(db, request.params.id)));

  app.patch<Id & { Body: EndpointInput }>('/webhooks/:id', { schema: { body: patchBody } }, async (request) => {
    await checkOrganization(request.body);
    return endpointJson(await db.transaction().execute((trx) => updateWebhookEndpoint(trx, request.params.id, request.body)));
  });

  app.delete<Id>('/webhooks/:id', async (request, reply) => {
    await db.transaction().execute((trx) => deleteWebhookEndpoint(trx, request.params.id));
    return reply.code(204).send();
  });

  app.post<Id & { Body: { gracePeriodSeconds?: number } | null }>('/webhooks/:id/rotate-secret', { schema: { body: rotateBody } }, async (request, reply) => {
    const { secretKey, now } = context();
    const grace = request.body?.gracePeriodSeconds ?? 0;
    const { row, secret } = await db.transaction().execute((trx) => rotateWebhookSecret(trx, secretKey, request.params.id, grace, now()));
    return reply.code(201).send({ ...endpointJson(row), secret });
  });

  app.get<Id>('/webhooks/:id/deliveries', async (request) => {
    const query = request.query as Record<string, unknown>;
    const { limit, after } = pageParams(query);
    const status = typeof query.status === 'string' && query.status !== '' ? query.status : undefined;
    if (status && !DELIVERY_STATUSES.has(status)) {
      throw new RosterError('invalid_value', 'status is one of pending, retrying, succeeded, failed', { attribute: 'status' });
    }
    return pageDeliveries(db, request.params.id, { limit, after: after && isUuid(after) ? after : undefined, status });
  });

  app.get<{ Params: { id: string; deliveryId: string } }>('/webhooks/:id/deliveries/:deliveryId', async (request) =>
    getDelivery(db, request.params.id, request.params.deliveryId),
  );

  app.post<{ Params: { id: string; deliveryId: string } }>('/webhooks/:id/deliveries/:deliveryId/replay', async (request, reply) => {
    const { id, deliveryId } = request.params;
    const queued = await db.transaction().execute((trx) => replayDelivery(trx, id, deliveryId, context().now()));
    return reply.code(202).send(await getDelivery(db, id, queued.id));
  });

  app.post<Id & { Body: { since: string } }>('/webhooks/:id/replay', { schema: { body: replayBody } }, async (request, reply) => {
    const since = new Date(request.body.since);
    if (Number.isNaN(since.getTime())) throw new RosterError('invalid_value', 'since must be a date-time such as 2026-11-23T10:00:00Z', { attribute: 'since' });
    const count = await db.transaction().execute((trx) => replaySince(trx, request.params.id, since, context().now()));
    return reply.code(202).send({ endpointId: request.params.id, since: since.toISOString(), replayed: count });
  });
}
