// Admin API schemas of roles and role grants (src/access/role-service.ts).
import { listOf, nullableString, nullableTimestamp, timestamp, uuid } from './common-schemas.ts';

export const Role = {
  $id: 'Role',
  description: 'A role the app declares; grants give it to users.',
  type: 'object',
  required: ['key', 'name', 'description', 'billable', 'createdAt'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', description: 'The app\'s own name for it, such as admin or billing:viewer.' },
    name: { type: 'string' },
    description: nullableString,
    billable: { type: 'boolean', description: 'Counted in seats by role.' },
    createdAt: timestamp,
  },
} as const;

export const RoleList = listOf('RoleList', 'Role', 'Every declared role, by key (nextCursor is always null).');

export const RoleCreate = {
  $id: 'RoleCreate',
  type: 'object',
  required: ['key', 'name'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', maxLength: 64 },
    name: { type: 'string', maxLength: 200 },
    description: { type: ['string', 'null'], maxLength: 1000 },
    billable: { type: 'boolean', default: true },
  },
} as const;

export const RolePatch = {
  $id: 'RolePatch',
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 200 }, description: { type: ['string', 'null'], maxLength: 1000 }, billable: { type: 'boolean' } },
} as const;

export const RoleGrant = {
  $id: 'RoleGrant',
  description: 'A role given to a user, until it is revoked or expires.',
  type: 'object',
  required: ['id', 'userId', 'role', 'reason', 'grantedAt', 'expiresAt', 'revokedAt', 'revokedBy', 'source', 'ruleId'],
  additionalProperties: false,
  properties: {
    id: uuid,
    userId: uuid,
    role: { type: 'object', required: ['key', 'name'], additionalProperties: false, properties: { key: { type: 'string' }, name: { type: 'string' } } },
    reason: nullableString,
    grantedAt: timestamp,
    expiresAt: { ...nullableTimestamp, description: 'Time-bound access ends by itself then.' },
    revokedAt: nullableTimestamp,
    revokedBy: { type: ['string', 'null'], enum: ['admin', 'expiry', 'rule', null], description: 'rule: the user no longer matches the rule.' },
    source: { type: 'string', enum: ['grant', 'rule'], description: 'grant: given through the API; rule: from a rule (ruleId), kept in step with memberships and attributes.' },
    ruleId: { type: ['string', 'null'], format: 'uuid', description: 'The rule that caused it (source rule).' },
  },
} as const;

export const RoleGrantList = listOf('RoleGrantList', 'RoleGrant', "A user's grants: open ones first, then the history (nextCursor is always null).");

export const RoleGrantCreate = {
  $id: 'RoleGrantCreate',
  type: 'object',
  required: ['roleKey'],
  additionalProperties: false,
  properties: {
    roleKey: { type: 'string', maxLength: 64 },
    expiresAt: { type: ['string', 'null'], maxLength: 40, description: 'ISO 8601, in the future; absent: no end.' },
    reason: { type: ['string', 'null'], maxLength: 500 },
  },
} as const;

export const RoleGrantPatch = {
  $id: 'RoleGrantPatch',
  type: 'object',
  required: ['expiresAt'],
  additionalProperties: false,
  properties: { expiresAt: { type: ['string', 'null'], maxLength: 40, description: 'The new end; null: no end.' } },
} as const;

export const RoleRule = {
  $id: 'RoleRule',
  description: 'Members of a group (directly, or also through nested groups), every user (a default role), or users whose attributes match a SCIM filter hold a role.',
  type: 'object',
  required: ['id', 'roleKey', 'roleName', 'kind', 'groupId', 'groupName', 'directoryId', 'includeNested', 'filter', 'priority', 'createdAt', 'users'],
  additionalProperties: false,
  properties: {
    id: uuid,
    roleKey: { type: 'string' },
    roleName: { type: 'string' },
    kind: { type: 'string', enum: ['group', 'everyone', 'attribute'], description: 'everyone: a default role, held by every current user of the organization; attribute: users matching filter.' },
    groupId: { type: ['string', 'null'], format: 'uuid' },
    groupName: nullableString,
    directoryId: { type: ['string', 'null'], format: 'uuid' },
    includeNested: { type: 'boolean' },
    filter: { ...nullableString, description: 'Attribute rules: the SCIM filter over User, as written.' },
    priority: { type: 'integer', description: 'When several rules give the same role, the lowest number is named as its cause.' },
    createdAt: timestamp,
    users: { type: 'integer', description: 'Users holding the role through this rule now.' },
  },
} as const;

export const RoleRuleList = listOf('RoleRuleList', 'RoleRule', "The organization's role rules (nextCursor is always null).");

export const RoleRuleCreate = {
  $id: 'RoleRuleCreate',
  type: 'object',
  required: ['roleKey'],
  additionalProperties: false,
  properties: {
    roleKey: { type: 'string', maxLength: 64 },
    groupId: { type: ['string', 'null'], maxLength: 64, description: 'Members of this group hold the role; or give everyone: true, or filter.' },
    everyone: { type: 'boolean', description: 'A default role: every current user of the organization holds it.' },
    filter: {
      type: ['string', 'null'],
      maxLength: 2000,
      description: 'Users whose attributes match this SCIM filter hold the role, e.g. department eq "Sales" and addresses[type eq "work"].locality eq "Boston" (enterprise attributes may omit their schema URN).',
    },
    includeNested: { type: 'boolean', default: true },
    priority: { type: 'integer', minimum: 0, maximum: 10000, default: 100 },
  },
} as const;

export const RoleRulePreview = {
  $id: 'RoleRulePreview',
  description: 'Who a rule on this group, or with this filter, would match now.',
  type: 'object',
  required: ['groupId', 'groupName', 'includeNested', 'filter', 'users', 'sample'],
  additionalProperties: false,
  properties: {
    groupId: { type: ['string', 'null'], format: 'uuid' },
    groupName: nullableString,
    includeNested: { type: 'boolean' },
    filter: nullableString,
    users: { type: 'integer' },
    sample: {
      type: 'array',
      description: 'The first 10 by userName.',
      items: { type: 'object', required: ['id', 'userName'], additionalProperties: false, properties: { id: uuid, userName: { type: 'string' } } },
    },
  },
} as const;

export const RoleRulePreviewQuery = {
  type: 'object',
  properties: {
    groupId: { type: 'string', description: 'A group rule: its group. Give groupId or filter.' },
    includeNested: { type: 'string', enum: ['true', 'false'], default: 'true' },
    filter: { type: 'string', maxLength: 2000, description: 'An attribute rule: its SCIM filter over User.' },
  },
} as const;
