// Admin API schemas of attribute mapping: the app's fields, a directory's mapping, its recompute and preview.
import { FIELD_TYPES } from '../../../directory/mapping/field-types.ts';
import { appFieldValue, listOf, nullableString, nullableTimestamp, ref, timestamp, uuid } from './common-schemas.ts';

const fieldType = { type: 'string', enum: FIELD_TYPES, description: 'string, number, boolean, datetime (ISO 8601) or string[].' } as const;
export const AppField = {
  $id: 'AppField',
  description: 'A field the app wants for each user, computed from SCIM attributes by each directory\'s mapping.',
  type: 'object',
  required: ['key', 'type', 'required', 'description', 'standard', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', description: "The app's name for it, such as department or badgeNumber." },
    type: fieldType,
    required: { type: 'boolean', description: 'A user without a value is flagged in the preview and the sync log (never refused).' },
    description: nullableString,
    standard: { type: 'boolean', description: 'A standard key: Okta, Entra and the others have a default source for it.' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

export const AppFieldList = listOf('AppFieldList', 'AppField', 'Every declared field, by key (nextCursor is always null).');

export const AppFieldCreate = {
  $id: 'AppFieldCreate',
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', maxLength: 64 },
    type: { ...fieldType, description: 'Required, except for a standard key (its usual type then).' },
    required: { type: 'boolean', default: false },
    description: { type: ['string', 'null'], maxLength: 1000 },
  },
} as const;

export const AppFieldPatch = {
  $id: 'AppFieldPatch',
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { type: fieldType, required: { type: 'boolean' }, description: { type: ['string', 'null'], maxLength: 1000 } },
} as const;

export const MappingEntry = {
  $id: 'MappingEntry',
  description: "One field's source in this directory.",
  type: 'object',
  required: ['key', 'type', 'required', 'description', 'path', 'source', 'defaultPath'],
  additionalProperties: false,
  properties: {
    key: { type: 'string' },
    type: fieldType,
    required: { type: 'boolean' },
    description: nullableString,
    path: { type: ['string', 'null'], description: 'The SCIM path the value is read from; null: not mapped here.' },
    source: { type: 'string', enum: ['default', 'custom', 'none'], description: "default: the provider's default; custom: the IT admin's; none: not mapped." },
    defaultPath: { type: ['string', 'null'], description: "The provider's default for this key (standard keys only)." },
  },
} as const;

export const MappingRecompute = {
  $id: 'MappingRecompute',
  description: "The recompute of the directory's users after the last mapping change.",
  type: 'object',
  required: ['state', 'total', 'done', 'changed', 'requestedAt', 'startedAt', 'finishedAt'],
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: ['pending', 'running', 'done'] },
    total: { type: 'integer', description: 'Users in the directory when it started.' },
    done: { type: 'integer', description: 'Users looked at so far.' },
    changed: { type: 'integer', description: 'Users whose fields changed (each with a user.fields_changed event when the app knows it).' },
    requestedAt: nullableTimestamp,
    startedAt: nullableTimestamp,
    finishedAt: nullableTimestamp,
  },
} as const;

export const DirectoryMapping = {
  $id: 'DirectoryMapping',
  description: "A directory's effective attribute mapping: provider defaults under the IT admin's overrides.",
  type: 'object',
  required: ['directoryId', 'provider', 'fields', 'recompute'],
  additionalProperties: false,
  properties: {
    directoryId: uuid,
    provider: { type: 'string' },
    fields: { type: 'array', items: ref('MappingEntry') },
    recompute: ref('MappingRecompute'),
  },
} as const;

export const DirectoryMappingPut = {
  $id: 'DirectoryMappingPut',
  description: 'The overrides: field key → SCIM path, or null to leave the field unmapped; a key left out takes the provider\'s default.',
  type: 'object',
  required: ['fields'],
  additionalProperties: false,
  properties: {
    fields: { type: 'object', additionalProperties: { type: ['string', 'null'], maxLength: 500 }, maxProperties: 500 },
  },
} as const;

export const MappingPreview = {
  $id: 'MappingPreview',
  description: "What a mapping gives real users of the directory (the app's users first).",
  type: 'object',
  required: ['directoryId', 'fields', 'data'],
  additionalProperties: false,
  properties: {
    directoryId: uuid,
    fields: { type: 'array', items: ref('MappingEntry') },
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['userId', 'userName', 'state', 'fields', 'problems'],
        additionalProperties: false,
        properties: {
          userId: uuid,
          userName: { type: 'string' },
          state: { type: 'string' },
          fields: { type: 'object', additionalProperties: appFieldValue },
          problems: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'path', 'kind', 'message'],
              additionalProperties: false,
              properties: { field: { type: 'string' }, path: nullableString, kind: { type: 'string', enum: ['required_missing', 'invalid_value'] }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;

export const MappingPreviewQuery = {
  type: 'object',
  properties: { limit: { type: 'string', pattern: '^[0-9]+$', description: 'Users to show, 1–100 (default 10).' } },
} as const;
