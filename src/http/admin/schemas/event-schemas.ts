// Admin API schemas of the event log (event-feed.ts eventJson) and per-organization event retention.
import { ref, timestamp, uuid } from './common-schemas.ts';

export const Event = {
  $id: 'Event',
  description: 'One change, as the Events API lists it and as a webhook body carries it (docs/events.md).',
  type: 'object',
  required: ['id', 'type', 'sequence', 'organizationId', 'directoryId', 'createdAt', 'objectId', 'objectVersion', 'data'],
  additionalProperties: false,
  properties: {
    id: uuid,
    type: { type: 'string', description: 'user.created, user.updated, group.member_added, … (docs/events.md).' },
    sequence: { type: 'integer', description: 'Position in the organization\'s ordered log.' },
    organizationId: uuid,
    directoryId: { type: ['string', 'null'], format: 'uuid' },
    createdAt: timestamp,
    objectId: { type: ['string', 'null'], description: 'The user, group or directory the event is about.' },
    objectVersion: { type: ['integer', 'null'], description: 'Its version after the change (member events: the group\'s); apply only if newer.' },
    // Open: each event type has its own data (AppUser, AppGroup, previous values, …), documented in docs/events.md.
    data: {
      type: 'object',
      additionalProperties: true,
      description:
        'Per type (docs/events.md). Member events: `groupId`, `member` ({ id, type }), `indirect` (false: the group\'s own member list changed; true: a user became or stopped being an effective member through nested groups) and, when indirect, `via` (a member group of `groupId` on the path to the user).',
    },
  },
} as const;

export const EventList = {
  $id: 'EventList',
  description: 'A page of the event log in order. `nextCursor` is always set: at the end it is where to poll from.',
  type: 'object',
  required: ['data', 'nextCursor'],
  additionalProperties: false,
  properties: {
    data: { type: 'array', items: ref('Event') },
    nextCursor: { type: 'string', description: 'Opaque; pass as `after`.' },
  },
} as const;

export const EventQuery = {
  type: 'object',
  properties: {
    organizationId: { type: 'string', format: 'uuid', description: 'One organization\'s log; every organization\'s when absent.' },
    directoryId: { type: 'string', format: 'uuid', description: 'Only this directory\'s events.' },
    types: { type: 'string', description: 'Comma-separated types or `prefix.*` patterns (or repeat the parameter).' },
    after: { type: 'string', description: 'A `nextCursor` (or a snapshot\'s cursor); the oldest retained event when absent.' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
} as const;

export const EventRetention = {
  $id: 'EventRetention',
  type: 'object',
  required: ['organizationId', 'eventRetentionDays'],
  additionalProperties: false,
  properties: {
    organizationId: uuid,
    eventRetentionDays: { type: ['integer', 'null'], description: 'Days events are kept; null keeps them forever (default 90).' },
  },
} as const;

export const EventRetentionUpdate = {
  $id: 'EventRetentionUpdate',
  type: 'object',
  required: ['eventRetentionDays'],
  additionalProperties: false,
  properties: { eventRetentionDays: { type: ['integer', 'null'], minimum: 1, maximum: 36500, description: 'null keeps events forever.' } },
} as const;
