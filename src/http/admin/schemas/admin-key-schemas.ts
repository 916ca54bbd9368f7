// Admin API schemas of admin keys (admin-keys.ts adminKeyJson) and the audit log (audit-log.ts auditJson).
import { ADMIN_SCOPES } from '../../../directory/admin-keys.ts';
import { listOf, nullableString, nullableTimestamp, timestamp, uuid } from './common-schemas.ts';

const keyProperties = {
  id: uuid,
  name: { type: 'string' },
  scope: { type: 'string', enum: ADMIN_SCOPES, description: 'full, or read (GET only).' },
  organizationId: { type: ['string', 'null'], format: 'uuid', description: 'Set: the key sees only this organization\'s objects.' },
  prefix: { type: ['string', 'null'], description: 'The first characters of the key, to tell keys apart.' },
  createdAt: timestamp,
  revokedAt: nullableTimestamp,
} as const;
const keyRequired = Object.keys(keyProperties) as (keyof typeof keyProperties)[];

export const AdminKey = {
  $id: 'AdminKey',
  description: 'A key of the admin API (stored hashed).',
  type: 'object',
  required: keyRequired,
  additionalProperties: false,
  properties: keyProperties,
} as const;

export const CreatedAdminKey = {
  $id: 'CreatedAdminKey',
  description: 'The answer to a key create: the key itself is shown this once.',
  type: 'object',
  required: [...keyRequired, 'key'],
  additionalProperties: false,
  properties: { ...keyProperties, key: { type: 'string', description: 'Send as `Authorization: Bearer <key>`; shown this once.' } },
} as const;

export const AdminKeyList = listOf('AdminKeyList', 'AdminKey', 'A page of admin keys, revoked ones included.');

export const AdminKeyCreate = {
  $id: 'AdminKeyCreate',
  type: 'object',
  required: ['name', 'scope'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    scope: { type: 'string', enum: ADMIN_SCOPES },
    organizationId: { type: ['string', 'null'], maxLength: 36, description: 'Bind the key to one organization.' },
  },
} as const;

export const AuditEntry = {
  $id: 'AuditEntry',
  description: 'One admin action that changed something (reads are not recorded).',
  type: 'object',
  required: ['id', 'sequence', 'at', 'actor', 'action', 'status', 'ip'],
  additionalProperties: false,
  properties: {
    id: uuid,
    sequence: { type: 'string', description: 'Position in the log (decimal string); the page cursor.' },
    at: timestamp,
    actor: {
      type: 'object',
      required: ['keyId', 'keyName', 'organizationId'],
      additionalProperties: false,
      properties: { keyId: nullableString, keyName: nullableString, organizationId: nullableString },
    },
    action: {
      type: 'object',
      required: ['method', 'route', 'path', 'objectId'],
      additionalProperties: false,
      properties: { method: { type: 'string' }, route: { type: 'string' }, path: { type: 'string' }, objectId: nullableString },
    },
    status: { type: 'integer', description: 'The HTTP status of the answer.' },
    ip: { type: 'string' },
  },
} as const;

export const AuditEntryList = listOf('AuditEntryList', 'AuditEntry', 'A page of the audit log, oldest first.');

/** `limit` (clamped to 1–100, default 50) and `after`, parsed by admin-reply.ts pageParams; the cursor is a sequence. */
export const AuditQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'Page size; values out of 1–100 are clamped, non-numbers mean 50.' },
    after: { type: 'string', pattern: '^[0-9]{1,18}$', description: 'The `nextCursor` (the `sequence` of the last entry read); anything else is a 400 invalid_cursor.' },
  },
} as const;
