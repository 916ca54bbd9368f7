// The User and Group resource types and the URNs of every SCIM message and schema (RFC 7643 §6, RFC 7644 §3).
import type { ResourceSchema, ResourceTypeName } from './attribute.ts';
import { COMMON_ATTRIBUTES } from './common-attributes.ts';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user-schema.ts';
import { GROUP_SCHEMA } from './group-schema.ts';
import { USER_SCHEMA } from './user-schema.ts';

/** Every schema URN Roster reads or writes (RFC 7643 §8.7, RFC 7644 §3). */
export const SCHEMA_URN = {
  user: USER_SCHEMA.id,
  group: GROUP_SCHEMA.id,
  enterpriseUser: ENTERPRISE_USER_SCHEMA.id,
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  bulkRequest: 'urn:ietf:params:scim:api:messages:2.0:BulkRequest',
  bulkResponse: 'urn:ietf:params:scim:api:messages:2.0:BulkResponse',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** The User resource type (RFC 7643 §4.1, §8.6) with the optional Enterprise User extension (§4.3). */
export const USER_RESOURCE: ResourceSchema = {
  type: 'User',
  endpoint: '/Users',
  description: 'User Account',
  core: USER_SCHEMA,
  extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
  common: COMMON_ATTRIBUTES,
};

/** The Group resource type (RFC 7643 §4.2, §8.6). */
export const GROUP_RESOURCE: ResourceSchema = {
  type: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  core: GROUP_SCHEMA,
  extensions: [],
  common: COMMON_ATTRIBUTES,
};

/** Every resource type Roster serves, in the order /ResourceTypes lists them (RFC 7644 §4). */
export const RESOURCE_SCHEMAS: readonly ResourceSchema[] = [USER_RESOURCE, GROUP_RESOURCE];

/** The resource schema for a resource type name (RFC 7643 §6). */
export function resourceSchemaFor(type: ResourceTypeName): ResourceSchema {
  return type === 'User' ? USER_RESOURCE : GROUP_RESOURCE;
}
