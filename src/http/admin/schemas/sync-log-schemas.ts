// Admin API schemas of the sync log (sync-log-query.ts syncLogEntryJson, docs/sync-log.md).
import { listOf, nullableString, timestamp, uuid } from './common-schemas.ts';

export const SyncLogEntry = {
  $id: 'SyncLogEntry',
  description: 'One SCIM request of a directory and what it did (docs/sync-log.md).',
  type: 'object',
  required: ['id', 'at', 'method', 'path', 'status', 'durationMs', 'resourceType', 'resourceId', 'userName', 'error', 'warning', 'requestBody', 'responseExcerpt'],
  additionalProperties: false,
  properties: {
    id: uuid,
    at: { ...timestamp, description: 'When the request arrived.' },
    method: { type: 'string' },
    path: { type: 'string', description: 'Relative to the SCIM base URL, query decoded, secret-like parameters redacted.' },
    status: { type: 'integer', description: 'The HTTP status answered.' },
    durationMs: { type: 'integer', description: 'From arrival to the response.' },
    resourceType: { type: ['string', 'null'], description: '`User` or `Group`; null for Bulk, root searches, discovery.' },
    resourceId: { type: ['string', 'null'], format: 'uuid', description: 'The user or group concerned (for a 409: the one that holds the value).' },
    userName: { ...nullableString, description: 'From the body or a `userName eq` lookup, when the request carried one.' },
    error: {
      type: ['object', 'null'],
      description: 'Null for a success.',
      required: ['code', 'attribute', 'message', 'hint'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'An error code of docs/errors.md.' },
        attribute: nullableString,
        message: nullableString,
        hint: nullableString,
      },
    },
    warning: {
      type: ['object', 'null'],
      description: 'A success that ignored attributes Roster does not know (the directory is lenient); null otherwise.',
      required: ['attribute', 'message', 'hint'],
      additionalProperties: false,
      properties: { attribute: nullableString, message: { type: 'string' }, hint: nullableString },
    },
    // Whatever JSON the IdP sent (secrets redacted, at most 16 KB), or null.
    requestBody: { description: 'The request body, secrets redacted; null when there was none.' },
    responseExcerpt: { ...nullableString, description: 'Failures only: the first 1 KB of the response.' },
  },
} as const;

export const SyncLogEntryList = listOf('SyncLogEntryList', 'SyncLogEntry', "A page of a directory's sync log, newest first.");

export const SyncLogQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', description: '`ok`, `error`, `4xx`, `5xx`, or one status such as `409`.' },
    userId: { type: 'string', description: 'Entries whose resourceId is this user (or group) id.' },
    userName: { type: 'string', description: 'Entries whose userName matches, case-insensitively.' },
    since: { type: 'string', description: 'ISO 8601 time, inclusive.' },
    until: { type: 'string', description: 'ISO 8601 time, exclusive.' },
    after: { type: 'string', description: 'The `nextCursor` of the previous page.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'Page size; values out of 1–100 are clamped, non-numbers mean 50.' },
  },
} as const;
