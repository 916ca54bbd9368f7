// Admin API schemas of webhook endpoints (webhook-service.ts endpointJson), deliveries and replays
// (webhook-deliveries.ts deliveryJson).
import { listOf, nullableString, nullableTimestamp, ref, timestamp, uuid } from './common-schemas.ts';

const endpointProperties = {
  object: { type: 'string', enum: ['webhook_endpoint'] },
  id: uuid,
  url: { type: 'string', format: 'uri' },
  description: nullableString,
  eventTypes: { type: 'array', items: { type: 'string' }, description: 'Exact types or `prefix.*` patterns; empty: every type.' },
  organizationId: { type: ['string', 'null'], format: 'uuid', description: 'null: every organization\'s events.' },
  enabled: { type: 'boolean' },
  disabledReason: { type: ['string', 'null'], description: 'Why Roster disabled the endpoint, if it did.' },
  secretPrefix: { type: 'string', description: 'The first characters of the signing secret, to tell secrets apart.' },
  createdAt: timestamp,
  updatedAt: timestamp,
} as const;
const endpointRequired = Object.keys(endpointProperties) as (keyof typeof endpointProperties)[];

export const WebhookEndpoint = {
  $id: 'WebhookEndpoint',
  description: 'Where Roster sends events, signed the Standard Webhooks way (docs/webhooks.md).',
  type: 'object',
  required: endpointRequired,
  additionalProperties: false,
  properties: endpointProperties,
} as const;

export const CreatedWebhookEndpoint = {
  $id: 'CreatedWebhookEndpoint',
  description: 'The answer to a create or a secret rotation: the endpoint and its `whsec_…` secret, shown this once.',
  type: 'object',
  required: [...endpointRequired, 'secret'],
  additionalProperties: false,
  properties: { ...endpointProperties, secret: { type: 'string', description: 'whsec_…; shown this once.' } },
} as const;

export const WebhookEndpointList = listOf('WebhookEndpointList', 'WebhookEndpoint', 'A page of webhook endpoints.');

const inputProperties = {
  url: { type: 'string', minLength: 1, maxLength: 2048, description: 'https:// (or http:// for a receiver on your own network).' },
  eventTypes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100 } },
  organizationId: { type: ['string', 'null'], maxLength: 36, description: 'Only this organization\'s events; null or absent: every organization\'s.' },
  enabled: { type: 'boolean' },
  description: { type: ['string', 'null'], maxLength: 500 },
} as const;

export const WebhookCreate = { $id: 'WebhookCreate', type: 'object', required: ['url'], additionalProperties: false, properties: inputProperties } as const;
export const WebhookPatch = { $id: 'WebhookPatch', type: 'object', additionalProperties: false, properties: inputProperties } as const;

export const WebhookSecretRotate = {
  $id: 'WebhookSecretRotate',
  description: 'Optional; without it the previous secret stops signing at once.',
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { gracePeriodSeconds: { type: 'integer', minimum: 0, maximum: 604800, description: 'How long deliveries are signed with both secrets.' } },
} as const;

export const WebhookReplayRequest = {
  $id: 'WebhookReplayRequest',
  type: 'object',
  required: ['since'],
  additionalProperties: false,
  properties: { since: { type: 'string', minLength: 1, description: 'A date-time such as 2026-11-23T10:00:00Z: every event from then on is sent again.' } },
} as const;

export const WebhookReplay = {
  $id: 'WebhookReplay',
  type: 'object',
  required: ['endpointId', 'since', 'replayed'],
  additionalProperties: false,
  properties: { endpointId: uuid, since: timestamp, replayed: { type: 'integer', description: 'Deliveries queued.' } },
} as const;

export const WebhookAttempt = {
  $id: 'WebhookAttempt',
  type: 'object',
  required: ['attemptedAt', 'statusCode', 'durationMs', 'responseBody', 'error'],
  additionalProperties: false,
  properties: {
    attemptedAt: timestamp,
    statusCode: { type: ['integer', 'null'] },
    durationMs: { type: 'integer' },
    responseBody: { type: ['string', 'null'], description: 'At most 1 KB of what the receiver answered.' },
    error: nullableString,
  },
} as const;

export const WebhookDelivery = {
  $id: 'WebhookDelivery',
  description: 'One event sent (or to be sent) to one endpoint, with its attempts.',
  type: 'object',
  required: [
    'object', 'id', 'endpointId', 'eventId', 'eventType', 'sequence', 'status', 'origin', 'replayOf', 'attemptCount',
    'nextAttemptAt', 'lastStatusCode', 'lastError', 'createdAt', 'completedAt', 'attempts',
  ],
  additionalProperties: false,
  properties: {
    object: { type: 'string', enum: ['webhook_delivery'] },
    id: uuid,
    endpointId: uuid,
    eventId: uuid,
    eventType: { type: 'string' },
    sequence: { type: 'integer' },
    status: { type: 'string', enum: ['pending', 'retrying', 'succeeded', 'failed'] },
    origin: { type: 'string', enum: ['fanout', 'replay'] },
    replayOf: { type: ['string', 'null'], format: 'uuid' },
    attemptCount: { type: 'integer' },
    nextAttemptAt: { ...nullableTimestamp, description: 'Set while the delivery is pending or retrying.' },
    lastStatusCode: { type: ['integer', 'null'] },
    lastError: nullableString,
    createdAt: timestamp,
    completedAt: nullableTimestamp,
    attempts: { type: 'array', items: ref('WebhookAttempt') },
  },
} as const;

export const WebhookDeliveryList = listOf('WebhookDeliveryList', 'WebhookDelivery', 'A page of an endpoint\'s deliveries, newest first.');

export const DeliveryQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['pending', 'retrying', 'succeeded', 'failed'] },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    after: { type: 'string', description: 'The `nextCursor` of the previous page.' },
  },
} as const;

export const WebhookListQuery = {
  type: 'object',
  properties: {
    organizationId: { type: 'string', format: 'uuid', description: 'Only this organization\'s endpoints.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    after: { type: 'string', description: 'The `nextCursor` of the previous page.' },
  },
} as const;
