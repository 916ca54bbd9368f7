// Admin API schemas of a directory snapshot (snapshot-format.ts): one JSON document, or NDJSON lines.
// The route streams its body, so Fastify never serialises with these: they document and test it.
import { ref, timestamp, uuid } from './common-schemas.ts';

export const SnapshotMembership = {
  $id: 'SnapshotMembership',
  type: 'object',
  required: ['groupId', 'memberId', 'memberType'],
  additionalProperties: false,
  properties: { groupId: uuid, memberId: uuid, memberType: { type: 'string', enum: ['User', 'Group'] } },
} as const;

export const SnapshotTombstone = {
  $id: 'SnapshotTombstone',
  description: 'A purged user or group, so an app that held it removes it.',
  type: 'object',
  required: ['objectType', 'id', 'version', 'deletedAt'],
  additionalProperties: false,
  properties: { objectType: { type: 'string', enum: ['user', 'group'] }, id: uuid, version: { type: 'integer' }, deletedAt: timestamp },
} as const;

const headerProperties = {
  object: { type: 'string', enum: ['snapshot'] },
  directoryId: uuid,
  organizationId: uuid,
  cursor: { type: 'string', description: 'Follow `GET /api/v1/events?directoryId=…&after=<cursor>` from here.' },
  sequence: { type: 'string', description: 'The same position as a sequence number (decimal string).' },
  exact: { type: 'boolean', description: 'False when a few events the snapshot already holds come again after the cursor.' },
  takenAt: timestamp,
} as const;
const headerRequired = Object.keys(headerProperties) as (keyof typeof headerProperties)[];

export const Snapshot = {
  $id: 'Snapshot',
  description: 'A directory\'s whole current state (users in states active, suspended, deprovisioned) and where it stands in the event log.',
  type: 'object',
  required: [...headerRequired, 'users', 'groups', 'memberships', 'tombstones', 'complete'],
  additionalProperties: false,
  properties: {
    ...headerProperties,
    users: { type: 'array', items: ref('AppUser') },
    groups: { type: 'array', items: ref('AppGroup') },
    memberships: { type: 'array', items: ref('SnapshotMembership') },
    tombstones: { type: 'array', items: ref('SnapshotTombstone') },
    complete: { type: 'boolean', enum: [true], description: 'Written last: a cut stream has none.' },
  },
} as const;

const line = (type: string, extra: Record<string, unknown>, required: string[]) =>
  ({ type: 'object', required: ['type', ...required], additionalProperties: false, properties: { type: { type: 'string', enum: [type] }, ...extra } }) as const;

const counts = {
  type: 'object',
  required: ['users', 'groups', 'memberships', 'tombstones'],
  additionalProperties: false,
  properties: { users: { type: 'integer' }, groups: { type: 'integer' }, memberships: { type: 'integer' }, tombstones: { type: 'integer' } },
} as const;

export const SnapshotLine = {
  $id: 'SnapshotLine',
  description: 'One line of `?format=ndjson`: the header first, then records, then `end` (a stream without it was cut).',
  oneOf: [
    line('snapshot', headerProperties, headerRequired),
    line('user', { user: ref('AppUser') }, ['user']),
    line('group', { group: ref('AppGroup') }, ['group']),
    line('membership', { membership: ref('SnapshotMembership') }, ['membership']),
    line('tombstone', { tombstone: ref('SnapshotTombstone') }, ['tombstone']),
    line('end', { counts }, ['counts']),
  ],
} as const;
