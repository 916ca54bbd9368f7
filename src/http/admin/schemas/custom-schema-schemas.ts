// Admin API schemas of a directory's custom extension schemas (src/directory/schemas, docs/custom-schemas.md).
import { CUSTOM_SCHEMA_LIMITS } from '../../../scim/schema/custom-schema.ts';
import { listOf, timestamp, uuid } from './common-schemas.ts';

const simpleTypes = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference'] as const;

const characteristics = {
  name: { type: 'string', description: 'RFC 7643 §2.1 ATTRNAME: a letter, then letters, digits, "_" or "-"; unique case-insensitively.' },
  multiValued: { type: 'boolean' },
  description: { type: 'string' },
  required: { type: 'boolean', description: 'Required when the resource carries this extension (RFC 7643 §6).' },
  canonicalValues: { type: 'array', items: { type: 'string' }, description: 'String attributes: the only values accepted.' },
  caseExact: { type: 'boolean' },
  mutability: { type: 'string', enum: ['readOnly', 'readWrite', 'immutable', 'writeOnly'] },
  returned: { type: 'string', enum: ['always', 'never', 'default', 'request'] },
  uniqueness: { type: 'string', enum: ['none'] },
  referenceTypes: { type: 'array', items: { type: 'string' } },
} as const;

const attributeRequired = ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness'] as const;

export const CustomSchemaAttribute = {
  $id: 'CustomSchemaAttribute',
  description: 'An RFC 7643 §7 attribute definition, every characteristic spelled out; complex ones list their sub-attributes (one level).',
  type: 'object',
  required: attributeRequired,
  additionalProperties: false,
  properties: {
    ...characteristics,
    type: { type: 'string', enum: [...simpleTypes, 'complex'] },
    subAttributes: {
      type: 'array',
      items: { type: 'object', required: attributeRequired, additionalProperties: false, properties: { ...characteristics, type: { type: 'string', enum: simpleTypes } } },
    },
  },
} as const;

export const CustomSchema = {
  $id: 'CustomSchema',
  description: "A custom extension schema of one directory: served in that directory's /Schemas and /ResourceTypes, validated on input, stored and returned.",
  type: 'object',
  required: ['id', 'directoryId', 'name', 'description', 'resourceType', 'attributes', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', description: 'The schema URN, e.g. urn:ietf:params:scim:schemas:extension:Acme:2.0:User.' },
    directoryId: uuid,
    name: { type: 'string' },
    description: { type: 'string' },
    resourceType: { type: 'string', enum: ['User', 'Group'] },
    attributes: { type: 'array', items: { $ref: 'CustomSchemaAttribute#' } },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

export const CustomSchemaList = listOf('CustomSchemaList', 'CustomSchema', "The directory's custom schemas, oldest first (nextCursor is always null).");

export const CustomSchemaCreate = {
  $id: 'CustomSchemaCreate',
  description: `A declaration. Characteristics left out take RFC 7643 §2.2 defaults (type is required). At most ${CUSTOM_SCHEMA_LIMITS.schemasPerDirectory} schemas per directory and ${CUSTOM_SCHEMA_LIMITS.attributesPerSchema} attributes and sub-attributes per schema. A PUT may leave id out; it cannot change it.`,
  type: 'object',
  required: ['attributes'],
  properties: {
    id: { type: 'string', maxLength: CUSTOM_SCHEMA_LIMITS.urnLength, description: 'The schema URN (required on POST): urn:<nid>:<…>, not a core or Enterprise URN.' },
    name: { type: 'string', maxLength: CUSTOM_SCHEMA_LIMITS.nameLength, description: "Default: the URN's last segment." },
    description: { type: 'string', maxLength: CUSTOM_SCHEMA_LIMITS.descriptionLength },
    resourceType: { type: 'string', description: 'User (default) or Group.' },
    attributes: { type: 'array', minItems: 1, maxItems: CUSTOM_SCHEMA_LIMITS.attributesPerSchema, items: { type: 'object' }, description: 'Attribute definitions (see CustomSchemaAttribute).' },
  },
} as const;

export const CustomSchemaValuesQuery = {
  type: 'object',
  properties: {
    purge: {
      type: 'string',
      enum: ['true', 'false'],
      default: 'false',
      description: 'When users or groups hold values the change would leave undefined: true removes them (each gets a new version and an updated event); false answers 409.',
    },
  },
} as const;
