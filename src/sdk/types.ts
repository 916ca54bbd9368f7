// The shapes the admin API answers with, as the SDK hands them to the app.
// AppUser and AppGroup are defined once, beside the code that builds them (type-only imports).
import type { AppGroup } from '../directory/groups/group-app-view.ts';
import type { AppEmail, AppUser } from '../directory/users/user-app-view.ts';

export type { AppEmail, AppGroup, AppUser };

/** Every admin list: a page and the cursor of the next one (null at the end). */
export interface ListPage<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Organization {
  object: 'organization';
  id: string;
  name: string;
  domains: string[];
  externalDomainPolicy: 'allow' | 'hold' | 'reject';
  createdAt: string;
  updatedAt: string;
}

export type Provider = 'okta' | 'entra' | 'onelogin' | 'jumpcloud' | 'ping' | 'rippling' | 'google' | 'generic';

export interface Directory {
  object: 'directory';
  id: string;
  organizationId: string;
  name: string;
  provider: Provider;
  state: string;
  deprovisionRule: 'deactivate' | 'delete';
  scimBaseUrl: string;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  syncLogRetentionDays: number;
  lastRequestAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to a directory create: the SCIM bearer token is shown this once. */
export interface CreatedDirectory extends Directory {
  bearerToken: string;
}

export interface UserGroupRef {
  id: string;
  displayName: string | null;
  membership: 'direct' | 'indirect';
}

/** GET /directories/:id/users/:userId: the user and every group it is in, directly or through nesting. */
export interface AppUserWithGroups extends AppUser {
  groups: UserGroupRef[];
}

export interface AppMember {
  object: 'member';
  groupId: string;
  id: string;
  type: 'User' | 'Group';
  user?: AppUser;
  group?: AppGroup;
}

export interface SnapshotMembership {
  groupId: string;
  memberId: string;
  memberType: 'User' | 'Group';
}

export interface SnapshotTombstone {
  objectType: 'user' | 'group';
  id: string;
  version: number;
  deletedAt: string;
}

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

/** One record of a streamed (NDJSON) snapshot, after its header. */
export type SnapshotRecord =
  | { type: 'user'; user: AppUser }
  | { type: 'group'; group: AppGroup }
  | { type: 'membership'; membership: SnapshotMembership }
  | { type: 'tombstone'; tombstone: SnapshotTombstone };

export interface WebhookEndpoint {
  object?: string;
  id: string;
  url: string;
  organizationId: string | null;
  eventTypes: string[];
  enabled: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

/** The answer to a webhook create or secret rotation: the `whsec_…` secret is shown this once. */
export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  secret: string;
}
