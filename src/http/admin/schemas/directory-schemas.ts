// Admin API schemas of directories (directory-service.ts directoryJson), their settings and SCIM tokens.
import { PROVIDERS } from '../../../directory/directories/directory-service.ts';
import { listOf, nullableString, nullableTimestamp, timestamp, uuid } from './common-schemas.ts';

const directoryProperties = {
  object: { type: 'string', enum: ['directory'] },
  id: uuid,
  organizationId: uuid,
  name: { type: 'string' },
  provider: { type: 'string', enum: PROVIDERS },
  state: { type: 'string', description: '`pending` until the IdP first calls, then `active`.' },
  deprovisionRule: { type: 'string', enum: ['deactivate', 'delete'] },
  attributeMode: { type: 'string', enum: ['lenient', 'strict'], description: 'Unknown SCIM attributes: ignored with a warning, or refused.' },
  storePasswords: { type: 'boolean', description: 'false: the write-only SCIM password is dropped, never hashed nor stored.' },
  rateLimitPerSecond: { type: 'integer' },
  rateLimitBurst: { type: 'integer' },
  syncLogRetentionDays: { type: 'integer' },
  scimBaseUrl: { type: 'string', format: 'uri', description: 'Paste into the IdP with the bearer token.' },
  lastRequestAt: nullableTimestamp,
  lastErrorAt: nullableTimestamp,
  lastErrorMessage: nullableString,
  createdAt: timestamp,
  updatedAt: timestamp,
} as const;

const directoryRequired = [
  'object', 'id', 'organizationId', 'name', 'provider', 'state', 'deprovisionRule', 'attributeMode', 'storePasswords', 'rateLimitPerSecond', 'rateLimitBurst',
  'syncLogRetentionDays', 'scimBaseUrl', 'lastRequestAt', 'lastErrorAt', 'lastErrorMessage', 'createdAt', 'updatedAt',
] as const;

export const Directory = {
  $id: 'Directory',
  description: 'One IdP connection of an organization, with its SCIM base URL.',
  type: 'object',
  required: directoryRequired,
  additionalProperties: false,
  properties: directoryProperties,
} as const;

const bearerToken = { type: 'string', description: 'The SCIM bearer token, shown this once (stored hashed).' } as const;

export const CreatedDirectory = {
  $id: 'CreatedDirectory',
  description: 'The answer to a directory create: a Directory and its SCIM bearer token, shown this once.',
  type: 'object',
  required: [...directoryRequired, 'bearerToken'],
  additionalProperties: false,
  properties: { ...directoryProperties, bearerToken },
} as const;

export const DirectoryList = listOf('DirectoryList', 'Directory', 'A page of an organization\'s directories, oldest first.');

export const DirectoryCreate = {
  $id: 'DirectoryCreate',
  type: 'object',
  required: ['name', 'provider'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    // Not an enum: the handler accepts any case ("Okta") and answers an unknown one with invalid_value naming it.
    provider: { type: 'string', minLength: 1, maxLength: 40, description: `One of ${PROVIDERS.join(', ')} (any case).` },
  },
} as const;

export const DirectoryPatch = {
  $id: 'DirectoryPatch',
  description: 'The settings to change; at least one.',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    deprovisionRule: { type: 'string', enum: ['deactivate', 'delete'] },
    rateLimitPerSecond: { type: 'integer', minimum: 1, maximum: 100000 },
    rateLimitBurst: { type: 'integer', minimum: 1, maximum: 1000000 },
    syncLogRetentionDays: { type: 'integer', minimum: 1, maximum: 3650 },
    attributeMode: { type: 'string', enum: ['lenient', 'strict'], description: 'Unknown SCIM attributes: ignored with a sync-log warning (lenient), or refused with 400 invalidSyntax (strict).' },
    storePasswords: { type: 'boolean', description: 'false: drop the SCIM password IdPs send (Okta sends a random one on every create); saves a scrypt per write. Passwords already stored are kept.' },
  },
} as const;

export const TokenRotate = {
  $id: 'TokenRotate',
  description: 'Optional; without it the previous tokens stop at once.',
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { gracePeriodSeconds: { type: 'integer', minimum: 0, maximum: 2592000, description: 'How long the previous tokens keep working.' } },
} as const;

export const TokenRotated = {
  $id: 'TokenRotated',
  type: 'object',
  required: ['directoryId', 'bearerToken', 'previousTokensExpireAt'],
  additionalProperties: false,
  properties: { directoryId: uuid, bearerToken, previousTokensExpireAt: timestamp },
} as const;

export const TokenRotationStarted = {
  $id: 'TokenRotationStarted',
  description: 'Step one of a two-step rotation: the new token works beside the old one until complete or cancel.',
  type: 'object',
  required: ['directoryId', 'status', 'bearerToken'],
  additionalProperties: false,
  properties: { directoryId: uuid, status: { type: 'string', enum: ['pending'] }, bearerToken },
} as const;

export const TokenRotationStatus = {
  $id: 'TokenRotationStatus',
  type: 'object',
  required: ['directoryId', 'status'],
  additionalProperties: false,
  properties: { directoryId: uuid, status: { type: 'string', enum: ['completed', 'cancelled'] } },
} as const;
