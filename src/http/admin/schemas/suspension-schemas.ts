// Admin API schemas of admin suspensions (src/directory/users/user-suspension.ts).
import { listOf, nullableTimestamp, timestamp, uuid } from './common-schemas.ts';

export const Suspension = {
  $id: 'Suspension',
  description: 'A suspension set by an admin (leave of absence). Open while endedAt is null.',
  type: 'object',
  required: ['id', 'userId', 'until', 'reason', 'startedAt', 'endedAt', 'endedBy'],
  additionalProperties: false,
  properties: {
    id: uuid,
    userId: uuid,
    until: { ...nullableTimestamp, description: 'When the user comes back by itself; null: until someone ends it.' },
    reason: { type: ['string', 'null'] },
    startedAt: timestamp,
    endedAt: nullableTimestamp,
    endedBy: { type: ['string', 'null'], enum: ['admin', 'schedule', 'identity_provider', null], description: 'identity_provider: the IdP changed `active` meanwhile, and won.' },
  },
} as const;

export const SuspensionList = listOf('SuspensionList', 'Suspension', "A user's suspensions, newest first (at most 100; nextCursor is always null).");

export const SuspensionCreate = {
  $id: 'SuspensionCreate',
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    until: { type: ['string', 'null'], maxLength: 40, description: 'ISO 8601 date or date-time in the future; absent or null: no return date.' },
    reason: { type: ['string', 'null'], maxLength: 500 },
  },
} as const;

export const SuspensionReschedule = {
  $id: 'SuspensionReschedule',
  type: 'object',
  required: ['until'],
  additionalProperties: false,
  properties: { until: { type: ['string', 'null'], maxLength: 40, description: 'The new return date; null: none.' } },
} as const;
