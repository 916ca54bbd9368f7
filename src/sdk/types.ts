// The shapes the admin API answers with, as the SDK hands them to the app.
// AppUser and AppGroup are defined once, beside the code that builds them (type-only imports).
import type { AppGroup } from '../directory/groups/group-app-view.ts';
import type { AppEmail, AppUser } from '../directory/users/user-app-view.ts';

export type { AppEmail, AppGroup, AppUser };

/**
 * Every property of T, each `true`: `{ ... } satisfies Fields<T>` makes tsc refuse a run-time list of
 * T's property names that misses one or names one T lacks. SDK_OBJECT_FIELDS (object-fields.ts) is
 * built from these lists, and test/openapi.test.ts compares it with the OpenAPI document.
 */
export type Fields<T> = { [K in keyof T]-?: true };

export const APP_EMAIL_FIELDS = { value: true, type: true, primary: true } satisfies Fields<AppEmail>;

export const APP_USER_FIELDS = {
  object: true, id: true, directoryId: true, organizationId: true, externalId: true, userName: true, email: true, emails: true,
  firstName: true, lastName: true, displayName: true, title: true, department: true, employeeNumber: true, managerId: true,
  active: true, state: true, version: true, createdAt: true, updatedAt: true, attributes: true, fields: true,
} satisfies Fields<AppUser>;

export const APP_GROUP_FIELDS = {
  object: true, id: true, directoryId: true, organizationId: true, externalId: true, displayName: true, version: true, createdAt: true, updatedAt: true, attributes: true,
} satisfies Fields<AppGroup>;

/** Every admin list: a page and the cursor of the next one (null at the end). */
export interface ListPage<T> {
  data: T[];
  nextCursor: string | null;
}

export const LIST_PAGE_FIELDS = { data: true, nextCursor: true } satisfies Fields<ListPage<unknown>>;

export interface Organization {
  object: 'organization';
  id: string;
  name: string;
  domains: string[];
  externalDomainPolicy: 'allow' | 'hold' | 'reject';
  createdAt: string;
  updatedAt: string;
}

export const ORGANIZATION_FIELDS = {
  object: true, id: true, name: true, domains: true, externalDomainPolicy: true, createdAt: true, updatedAt: true,
} satisfies Fields<Organization>;

export type Provider = 'okta' | 'entra' | 'onelogin' | 'jumpcloud' | 'ping' | 'rippling' | 'google' | 'generic';

export interface Directory {
  object: 'directory';
  id: string;
  organizationId: string;
  name: string;
  provider: Provider;
  state: string;
  deprovisionRule: 'deactivate' | 'delete';
  /** Unknown SCIM attributes: ignored with a sync-log warning (lenient) or refused with 400 (strict). */
  attributeMode: 'lenient' | 'strict';
  /** false: the SCIM password is dropped, never hashed nor stored. */
  storePasswords: boolean;
  scimBaseUrl: string;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  syncLogRetentionDays: number;
  lastRequestAt: string | null;
  /** When the last failed SCIM request was, and what it said (docs/sync-log.md); null when none. */
  lastErrorAt: string | null;
  lastErrorMessage: string | null;
  createdAt: string;
  updatedAt: string;
}

export const DIRECTORY_FIELDS = {
  object: true, id: true, organizationId: true, name: true, provider: true, state: true, deprovisionRule: true, attributeMode: true, storePasswords: true, scimBaseUrl: true,
  rateLimitPerSecond: true, rateLimitBurst: true, syncLogRetentionDays: true, lastRequestAt: true, lastErrorAt: true, lastErrorMessage: true,
  createdAt: true, updatedAt: true,
} satisfies Fields<Directory>;

/** The answer to a directory create: the SCIM bearer token is shown this once. */
export interface CreatedDirectory extends Directory {
  bearerToken: string;
}

export const CREATED_DIRECTORY_FIELDS = { ...DIRECTORY_FIELDS, bearerToken: true } satisfies Fields<CreatedDirectory>;

/** POST /directories/:id/token: the new token, and when the previous ones stop working. */
export interface TokenRotated {
  directoryId: string;
  bearerToken: string;
  previousTokensExpireAt: string;
}

export const TOKEN_ROTATED_FIELDS = { directoryId: true, bearerToken: true, previousTokensExpireAt: true } satisfies Fields<TokenRotated>;

/** Step one of a two-step rotation: the new token works beside the current one until complete or cancel. */
export interface TokenRotationStarted {
  directoryId: string;
  status: 'pending';
  bearerToken: string;
}

export const TOKEN_ROTATION_STARTED_FIELDS = { directoryId: true, status: true, bearerToken: true } satisfies Fields<TokenRotationStarted>;

export interface TokenRotationStatus {
  directoryId: string;
  status: 'completed' | 'cancelled';
}

export const TOKEN_ROTATION_STATUS_FIELDS = { directoryId: true, status: true } satisfies Fields<TokenRotationStatus>;

export interface UserGroupRef {
  id: string;
  displayName: string | null;
  membership: 'direct' | 'indirect';
}

export const USER_GROUP_REF_FIELDS = { id: true, displayName: true, membership: true } satisfies Fields<UserGroupRef>;

/** GET /directories/:id/users/:userId: the user and every group it is in, directly or through nesting. */
export interface AppUserWithGroups extends AppUser {
  groups: UserGroupRef[];
}

export const APP_USER_WITH_GROUPS_FIELDS = { ...APP_USER_FIELDS, groups: true } satisfies Fields<AppUserWithGroups>;

export interface AppMember {
  object: 'member';
  groupId: string;
  id: string;
  type: 'User' | 'Group';
  user?: AppUser;
  group?: AppGroup;
}

export const APP_MEMBER_FIELDS = { object: true, groupId: true, id: true, type: true, user: true, group: true } satisfies Fields<AppMember>;

export interface SnapshotMembership {
  groupId: string;
  memberId: string;
  memberType: 'User' | 'Group';
}

export const SNAPSHOT_MEMBERSHIP_FIELDS = { groupId: true, memberId: true, memberType: true } satisfies Fields<SnapshotMembership>;

export interface SnapshotTombstone {
  objectType: 'user' | 'group';
  id: string;
  version: number;
  deletedAt: string;
}

export const SNAPSHOT_TOMBSTONE_FIELDS = { objectType: true, id: true, version: true, deletedAt: true } satisfies Fields<SnapshotTombstone>;

/** Where a snapshot stands in the event log. */
export interface SnapshotHeader {
  object: 'snapshot';
  directoryId: string;
  organizationId: string;
  /** Follow `GET /events?directoryId=…&after=<cursor>` from here. */
  cursor: string;
  /** The same position as a sequence number (decimal string). */
  sequence: string;
  /** False when a few events the snapshot already holds come again after the cursor (harmless with applyIfNewer). */
  exact: boolean;
  takenAt: string;
}

export interface Snapshot extends SnapshotHeader {
  users: AppUser[];
  groups: AppGroup[];
  memberships: SnapshotMembership[];
  tombstones: SnapshotTombstone[];
  complete: true;
}

export const SNAPSHOT_FIELDS = {
  object: true, directoryId: true, organizationId: true, cursor: true, sequence: true, exact: true, takenAt: true,
  users: true, groups: true, memberships: true, tombstones: true, complete: true,
} satisfies Fields<Snapshot>;

/** One record of a streamed (NDJSON) snapshot, after its header. */
export type SnapshotRecord =
  | { type: 'user'; user: AppUser }
  | { type: 'group'; group: AppGroup }
  | { type: 'membership'; membership: SnapshotMembership }
  | { type: 'tombstone'; tombstone: SnapshotTombstone };

export interface WebhookEndpoint {
  object: 'webhook_endpoint';
  id: string;
  url: string;
  organizationId: string | null;
  eventTypes: string[];
  enabled: boolean;
  /** Why Roster disabled the endpoint (e.g. the receiver answered 410 Gone); null otherwise. */
  disabledReason: string | null;
  description: string | null;
  /** The first characters of the signing secret, to tell secrets apart. */
  secretPrefix: string;
  createdAt: string;
  updatedAt: string;
}

export const WEBHOOK_ENDPOINT_FIELDS = {
  object: true, id: true, url: true, organizationId: true, eventTypes: true, enabled: true, disabledReason: true, description: true,
  secretPrefix: true, createdAt: true, updatedAt: true,
} satisfies Fields<WebhookEndpoint>;

/** The answer to a webhook create or secret rotation: the `whsec_…` secret is shown this once. */
export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  secret: string;
}

export const CREATED_WEBHOOK_ENDPOINT_FIELDS = { ...WEBHOOK_ENDPOINT_FIELDS, secret: true } satisfies Fields<CreatedWebhookEndpoint>;
