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
import { idParams, noContent, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';
import { DeliveryQuery, WebhookListQuery } from './schemas/webhook-schemas.ts';

/** What the webhook routes need besides the database. */
export interface WebhookRouteContext {
  /** Seals and opens signing secrets. */
  secretKey: Buffer;
  now: () => Date;
}

const DELIVERY_STATUSES = new Set(['pending', 'retrying', 'succeeded', 'failed']);

type Id = { Params: { id: string } };

const TAG = 'webhooks';
const endpointId = idParams('webhook endpoint');
const deliveryParams = pathParams(['id', 'deliveryId'] as const, { id: "The webhook endpoint's id (UUID)", deliveryId: "The delivery's id (UUID)" });

/** Each route's OpenAPI operation and schemas (the shared ones are in schemas/webhook-schemas.ts). */
const schemas = {
  create: {
    ...operation(TAG, 'createWebhookEndpoint', 'Create a webhook endpoint; answers its signing secret, shown once'),
    body: ref('WebhookCreate'),
    response: responses({ 201: ref('CreatedWebhookEndpoint') }),
  },
  list: { ...operation(TAG, 'listWebhookEndpoints', 'List webhook endpoints'), documentedQuerystring: WebhookListQuery, response: responses({ 200: ref('WebhookEndpointList') }) },
  get: { ...operation(TAG, 'getWebhookEndpoint', 'Get a webhook endpoint'), params: endpointId, response: responses({ 200: ref('WebhookEndpoint') }) },
  update: {
    ...operation(TAG, 'updateWebhookEndpoint', 'Change a webhook endpoint (url, event types, organization, enabled, description)'),
    params: endpointId,
    body: ref('WebhookPatch'),
    response: responses({ 200: ref('WebhookEndpoint') }),
  },
  remove: { ...operation(TAG, 'deleteWebhookEndpoint', 'Delete a webhook endpoint'), params: endpointId, response: responses({ 204: noContent }) },
  rotateSecret: {
    ...operation(TAG, 'rotateWebhookSecret', 'Issue a new signing secret; the previous one also signs for the grace period'),
    params: endpointId,
    body: ref('WebhookSecretRotate'),
    response: responses({ 201: ref('CreatedWebhookEndpoint') }),
  },
  deliveries: {
    ...operation(TAG, 'listWebhookDeliveries', "List an endpoint's deliveries, newest first, with their attempts"),
    params: endpointId,
    documentedQuerystring: DeliveryQuery,
    response: responses({ 200: ref('WebhookDeliveryList') }),
  },
  delivery: { ...operation(TAG, 'getWebhookDelivery', 'Get one delivery with its attempts'), params: deliveryParams, response: responses({ 200: ref('WebhookDelivery') }) },
  replayDelivery: {
    ...operation(TAG, 'replayWebhookDelivery', "Send one delivery's event again (a finished delivery gets a new one)"),
    params: deliveryParams,
    response: responses({ 202: ref('WebhookDelivery') }),
  },
  replaySince: {
    ...operation(TAG, 'replayWebhookEvents', 'Send every event since a date again'),
    params: endpointId,
    body: ref('WebhookReplayRequest'),
    response: responses({ 202: ref('WebhookReplay') }),
  },
};

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

  app.post<{ Body: EndpointInput & { url: string } }>('/webhooks', { schema: schemas.create }, async (request, reply) => {
    await checkOrganization(request.body);
    const { row, secret } = await createWebhookEndpoint(db, context().secretKey, request.body);
    return reply.code(201).send({ ...endpointJson(row), secret });
  });

  app.get('/webhooks', { schema: schemas.list }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const { limit, after } = pageParams(query);
    const org = typeof query.organizationId === 'string' && query.organizationId !== '' ? query.organizationId : undefined;
    return listBody(await pageWebhookEndpoints(db, org, after, limit), limit, endpointJson);
  });

  app.get<Id>('/webhooks/:id', { schema: schemas.get }, async (request) => endpointJson(await getWebhookEndpoint(db, request.params.id)));

  app.patch<Id & { Body: EndpointInput }>('/webhooks/:id', { schema: schemas.update }, async (request) => {
    await checkOrganization(request.body);
    return endpointJson(await db.transaction().execute((trx) => updateWebhookEndpoint(trx, request.params.id, request.body)));
  });

  app.delete<Id>('/webhooks/:id', { schema: schemas.remove }, async (request, reply) => {
    await db.transaction().execute((trx) => deleteWebhookEndpoint(trx, request.params.id));
    return reply.code(204).send();
  });

  app.post<Id & { Body: { gracePeriodSeconds?: number } | null }>('/webhooks/:id/rotate-secret', { schema: schemas.rotateSecret }, async (request, reply) => {
    const { secretKey, now } = context();
    const grace = request.body?.gracePeriodSeconds ?? 0;
    const { row, secret } = await db.transaction().execute((trx) => rotateWebhookSecret(trx, secretKey, request.params.id, grace, now()));
    return reply.code(201).send({ ...endpointJson(row), secret });
  });

  app.get<Id>('/webhooks/:id/deliveries', { schema: schemas.deliveries }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const { limit, after } = pageParams(query);
    const status = typeof query.status === 'string' && query.status !== '' ? query.status : undefined;
    if (status && !DELIVERY_STATUSES.has(status)) {
      throw new RosterError('invalid_value', 'status is one of pending, retrying, succeeded, failed', { attribute: 'status' });
    }
    return pageDeliveries(db, request.params.id, { limit, after: after && isUuid(after) ? after : undefined, status });
  });

  app.get<{ Params: { id: string; deliveryId: string } }>('/webhooks/:id/deliveries/:deliveryId', { schema: schemas.delivery }, async (request) =>
    getDelivery(db, request.params.id, request.params.deliveryId),
  );

  app.post<{ Params: { id: string; deliveryId: string } }>('/webhooks/:id/deliveries/:deliveryId/replay', { schema: schemas.replayDelivery }, async (request, reply) => {
    const { id, deliveryId } = request.params;
    const queued = await db.transaction().execute((trx) => replayDelivery(trx, id, deliveryId, context().now()));
    return reply.code(202).send(await getDelivery(db, id, queued.id));
  });

  app.post<Id & { Body: { since: string } }>('/webhooks/:id/replay', { schema: schemas.replaySince }, async (request, reply) => {
    const since = new Date(request.body.since);
    if (Number.isNaN(since.getTime())) throw new RosterError('invalid_value', 'since must be a date-time such as 2026-11-23T10:00:00Z', { attribute: 'since' });
    const count = await db.transaction().execute((trx) => replaySince(trx, request.params.id, since, context().now()));
    return reply.code(202).send({ endpointId: request.params.id, since: since.toISOString(), replayed: count });
  });
}
