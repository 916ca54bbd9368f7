// Admin API schemas of users, groups and members as the app sees them (user-app-view.ts, group-app-view.ts,
// app-reader.ts): the read API's answers and the `data.user` / `data.group` of events.
import { USER_STATES } from '../../../directory/snapshot/app-reader.ts';
import { appFieldValue, listOf, nullableString, ref, timestamp, uuid } from './common-schemas.ts';

export const AppEmail = {
  $id: 'AppEmail',
  type: 'object',
  required: ['value', 'type', 'primary'],
  additionalProperties: false,
  properties: { value: { type: 'string' }, type: nullableString, primary: { type: 'boolean' } },
} as const;

/** Open: the SCIM attributes as the IdP sent them (canonical names, no password, no meta). */
const attributes = { type: 'object', additionalProperties: true, description: 'The SCIM attributes as stored (canonical names; no password, no meta).' } as const;

const appUserProperties = {
  object: { type: 'string', enum: ['user'] },
  id: uuid,
  directoryId: uuid,
  organizationId: uuid,
  externalId: nullableString,
  userName: { type: 'string' },
  email: { type: ['string', 'null'], description: 'The primary email, else the first one.' },
  emails: { type: 'array', items: ref('AppEmail') },
  firstName: nullableString,
  lastName: nullableString,
  displayName: nullableString,
  title: nullableString,
  department: nullableString,
  employeeNumber: nullableString,
  managerId: nullableString,
  active: { type: 'boolean' },
  state: { type: 'string', enum: USER_STATES, description: 'Lifecycle state (docs/lifecycle.md).' },
  version: { type: 'integer', description: 'Monotonic per user: apply a change only if its version is newer than what you hold.' },
  createdAt: timestamp,
  updatedAt: timestamp,
  attributes,
  fields: {
    type: 'object',
    additionalProperties: appFieldValue,
    description: "The app's fields (POST /api/v1/fields), typed, computed by the directory's attribute mapping; a field without a value is absent (docs/mapping.md).",
  },
} as const;

const appUserRequired = Object.keys(appUserProperties) as (keyof typeof appUserProperties)[];

export const AppUser = {
  $id: 'AppUser',
  description: 'A user as the app sees it: normalised fields beside the SCIM attributes.',
  type: 'object',
  required: appUserRequired,
  additionalProperties: false,
  properties: appUserProperties,
} as const;

export const UserGroupRef = {
  $id: 'UserGroupRef',
  type: 'object',
  required: ['id', 'displayName', 'membership'],
  additionalProperties: false,
  properties: { id: uuid, displayName: nullableString, membership: { type: 'string', enum: ['direct', 'indirect'], description: 'indirect: through a nested group.' } },
} as const;

export const AppUserWithGroups = {
  $id: 'AppUserWithGroups',
  description: 'One user (in any state) with every group it is in, directly or through nesting.',
  type: 'object',
  required: [...appUserRequired, 'groups'],
  additionalProperties: false,
  properties: { ...appUserProperties, groups: { type: 'array', items: ref('UserGroupRef') } },
} as const;

export const AppGroup = {
  $id: 'AppGroup',
  description: 'A group as the app sees it; members are listed separately.',
  type: 'object',
  required: ['object', 'id', 'directoryId', 'organizationId', 'externalId', 'displayName', 'version', 'createdAt', 'updatedAt', 'attributes'],
  additionalProperties: false,
  properties: {
    object: { type: 'string', enum: ['group'] },
    id: uuid,
    directoryId: uuid,
    organizationId: uuid,
    externalId: nullableString,
    displayName: { type: 'string' },
    version: { type: 'integer', description: 'Monotonic per group.' },
    createdAt: timestamp,
    updatedAt: timestamp,
    attributes,
  },
} as const;

export const AppMember = {
  $id: 'AppMember',
  description: 'A direct member of a group, with its AppUser or AppGroup.',
  type: 'object',
  required: ['object', 'groupId', 'id', 'type'],
  additionalProperties: false,
  properties: {
    object: { type: 'string', enum: ['member'] },
    groupId: uuid,
    id: { ...uuid, description: "The member's id; also the page cursor." },
    type: { type: 'string', enum: ['User', 'Group'] },
    user: ref('AppUser'),
    group: ref('AppGroup'),
  },
} as const;

export const AppUserList = listOf('AppUserList', 'AppUser', 'A page of users in id (creation) order.');
export const AppGroupList = listOf('AppGroupList', 'AppGroup', 'A page of groups in id (creation) order.');
export const AppMemberList = listOf('AppMemberList', 'AppMember', 'A page of a group\'s direct members.');
