// Admin API schemas of seat utilization (src/directory/activity/seat-utilization.ts).
import { listOf, nullableTimestamp, timestamp, uuid } from './common-schemas.ts';

const FINDING = { type: ['string', 'null'], enum: ['deactivated_in_idp', 'not_approved', null] } as const;

export const ActivityReport = {
  $id: 'ActivityReport',
  description: 'A sign-in of the user in the app. JIT links count too.',
  type: 'object',
  additionalProperties: false,
  properties: {
    at: { type: 'string', format: 'date-time', description: 'When the user signed in; now when absent. At most 5 minutes ahead, at most 400 days back.' },
  },
} as const;

export const ActivityRecorded = {
  $id: 'ActivityRecorded',
  type: 'object',
  required: ['userId', 'organizationId', 'state', 'day', 'signInsThatDay', 'finding'],
  additionalProperties: false,
  properties: {
    userId: uuid,
    organizationId: uuid,
    state: { type: 'string', description: "The user's lifecycle state in Roster when the sign-in was reported." },
    day: { type: 'string', format: 'date', description: 'The UTC day the sign-in counts for.' },
    signInsThatDay: { type: 'integer' },
    finding: { ...FINDING, description: 'Not null: the IdP does not have this user active; revoke the session. `deactivated_in_idp` or `not_approved`.' },
  },
} as const;

const counts = {
  provisioned: { type: 'integer', description: 'Users the IdP has active (the seats it assigned).' },
  activated: { type: 'integer', description: 'Of those, signed in at least once.' },
  active30d: { type: 'integer', description: 'Of those, signed in within the last 30 days.' },
  suspended: { type: 'integer', description: 'Users the IdP has deactivated but not removed.' },
} as const;

export const SeatHistoryPoint = {
  $id: 'SeatHistoryPoint',
  type: 'object',
  required: ['day', ...Object.keys(counts)],
  additionalProperties: false,
  properties: { day: { type: 'string', format: 'date' }, ...counts },
} as const;

export const SeatUtilization = {
  $id: 'SeatUtilization',
  description: "An organization's seats: provisioned vs activated vs active, now and by day.",
  type: 'object',
  required: ['organizationId', 'at', ...Object.keys(counts), 'neverSignedIn', 'activationRate', 'activeRate', 'byRole', 'history'],
  additionalProperties: false,
  properties: {
    organizationId: uuid,
    at: timestamp,
    ...counts,
    neverSignedIn: { type: 'integer', description: 'provisioned − activated: the users to invite.' },
    activationRate: { type: ['number', 'null'], description: 'activated ÷ provisioned (null with no seats).' },
    activeRate: { type: ['number', 'null'], description: 'active30d ÷ provisioned (null with no seats).' },
    byRole: {
      type: 'array',
      description: 'Per declared role: the active users holding it now (through a grant or a rule; billable says whether to bill it), and of those, who ever signed in and who did in the last 30 days.',
      items: {
        type: 'object',
        required: ['roleKey', 'name', 'billable', 'users', 'activated', 'active30d'],
        additionalProperties: false,
        properties: {
          roleKey: { type: 'string' },
          name: { type: 'string' },
          billable: { type: 'boolean' },
          users: { type: 'integer', description: 'Provisioned users (active in the IdP) holding the role now: the seats to bill.' },
          activated: { type: 'integer', description: 'Of those, signed in at least once.' },
          active30d: { type: 'integer', description: 'Of those, signed in within the last 30 days.' },
        },
      },
    },
    history: {
      type: 'array',
      description: 'Oldest first: the counts recorded each day (hourly, the last of the day stands), then today live. Days before recording began are absent.',
      items: { $ref: 'SeatHistoryPoint#' },
    },
  },
} as const;

export const SeatQuery = {
  type: 'object',
  properties: { days: { type: 'integer', minimum: 1, maximum: 400, default: 30, description: 'How many days of history, today included.' } },
} as const;

export const InactiveSignIn = {
  $id: 'InactiveSignIn',
  description: 'A user who signed in while the IdP had them deactivated or unapproved.',
  type: 'object',
  required: ['user', 'finding', 'lastSignInWhileInactive', 'lastSignIn'],
  additionalProperties: false,
  properties: {
    user: { $ref: 'AppUser#' },
    finding: { type: 'string', enum: ['deactivated_in_idp', 'not_approved'] },
    lastSignInWhileInactive: timestamp,
    lastSignIn: nullableTimestamp,
  },
} as const;

export const InactiveSignInList = listOf('InactiveSignInList', 'InactiveSignIn', 'A page of users who signed in while inactive in the IdP, by id.');
