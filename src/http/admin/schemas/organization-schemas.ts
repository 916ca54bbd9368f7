// Admin API schemas of organizations (organization-service.ts organizationJson) and their event retention.
import { listOf, timestamp, uuid } from './common-schemas.ts';

const POLICIES = ['allow', 'hold', 'reject'] as const;
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const domains = {
  type: 'array',
  maxItems: 100,
  items: { type: 'string', maxLength: 253 },
  description: 'Email domains of the customer. Empty: users of any domain are accepted.',
} as const;

export const Organization = {
  $id: 'Organization',
  description: 'A customer of the app; it owns directories, events and (optionally) webhook endpoints.',
  type: 'object',
  required: ['object', 'id', 'name', 'domains', 'externalDomainPolicy', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  properties: {
    object: { type: 'string', enum: ['organization'] },
    id: uuid,
    name: { type: 'string' },
    domains: { type: 'array', items: { type: 'string' } },
    externalDomainPolicy: { type: 'string', enum: POLICIES, description: 'What happens to a user whose email domain is not one of `domains` (docs/lifecycle.md).' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

export const OrganizationList = listOf('OrganizationList', 'Organization', 'A page of organizations, oldest first.');

export const OrganizationCreate = {
  $id: 'OrganizationCreate',
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name, domains },
} as const;

export const OrganizationPatch = {
  $id: 'OrganizationPatch',
  description: 'The attributes to change; at least one.',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name,
    domains,
    externalDomainPolicy: { type: 'string', enum: POLICIES },
  },
} as const;
