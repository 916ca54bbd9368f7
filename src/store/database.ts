// Table types of Roster's PostgreSQL schema, as Kysely sees them.
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string, string>;

export interface OrganizationsTable {
  id: string;
  name: string;
  domains: ColumnType<string[], string[] | undefined, string[]>;
  /** allow, hold or reject users whose email domain is not one of `domains`. */
  external_domain_policy: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DirectoriesTable {
  id: string;
  organization_id: string;
  name: string;
  provider: string;
  state: Generated<string>;
  deprovision_rule: Generated<string>;
  last_request_at: Date | null;
  rate_limit_per_second: Generated<number>;
  rate_limit_burst: Generated<number>;
  sync_log_retention_days: Generated<number>;
  /** lenient: unknown attributes are ignored with a sync-log warning; strict: 400 invalidSyntax. */
  attribute_mode: Generated<string>;
  /** false: the write-only SCIM password is dropped, never hashed nor stored. */
  store_passwords: Generated<boolean>;
  /** Moves on every change of the directory's custom schemas, so cached schemas know they are stale. */
  schemas_version: Generated<number>;
  /** Moves with every change of the directory's attribute mapping or of the app's fields (cache key). */
  mapping_version: Generated<number>;
  last_error_at: Date | null;
  last_error_message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DirectoryTokensTable {
  id: string;
  directory_id: string;
  token_hash: string;
  /** First characters of the token, to tell tokens apart in listings; not enough to use. */
  prefix: string;
  created_at: Timestamp;
  /** Set when a rotation gives the old token a grace period, or when revoked. */
  expires_at: Date | null;
  /** active, or pending during a two-step rotation (both work until complete or cancel). */
  status: Generated<string>;
}

export interface AdminKeysTable {
  id: string;
  key_hash: string;
  name: string;
  /** full, or read (GET only). */
  scope: Generated<string>;
  /** Set: the key sees only this organization's objects. */
  organization_id: string | null;
  /** First characters of the key, to tell keys apart in listings; not enough to use. */
  prefix: string | null;
  revoked_at: Date | null;
  created_at: Timestamp;
}

/** One admin action (a non-GET admin request). Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
export interface AuditLogTable {
  sequence: Generated<string>;
  id: string;
  at: Timestamp;
  key_id: string | null;
  key_name: string | null;
  /** The organization the key was bound to, if any. */
  organization_id: string | null;
  method: string;
  /** The route pattern, e.g. /api/v1/directories/:id. */
  route: string;
  /** The path as requested, without the query string. */
  path: string;
  object_id: string | null;
  status: number;
  ip: string;
}

export interface UsersTable {
  id: string;
  directory_id: string;
  user_name: string;
  external_id: string | null;
  /** Lower-cased email values, for `emails.value eq` through a GIN index. */
  emails: ColumnType<string[], string[], string[]>;
  display_name: string | null;
  active: boolean;
  /** Lifecycle state: active, suspended, deprovisioned. */
  state: string;
  resource: Json;
  password_hash: string | null;
  /** The app's fields computed from `resource` by the directory's attribute mapping (docs/mapping.md). */
  fields: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;
  suspended_until: Date | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GroupsTable {
  id: string;
  directory_id: string;
  display_name: string;
  external_id: string | null;
  resource: Json;
  version: number;
  /** How many groups hold this one as a member: kept by a trigger on group_members (migration 027). */
  parent_count: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GroupMembersTable {
  group_id: string;
  directory_id: string;
  /** Exactly one of user_id / member_group_id is set; both are foreign keys. */
  user_id: string | null;
  member_group_id: string | null;
  created_at: Timestamp;
}

export interface EventsTable {
  sequence: Generated<string>;
  id: string;
  organization_id: string;
  directory_id: string | null;
  type: string;
  object_id: string | null;
  object_version: number | null;
  data: Json;
  created_at: Timestamp;
  /** Writing transaction id; readers stop before transactions still in flight. */
  tx_id: Generated<string>;
}

export interface TombstonesTable {
  object_type: string;
  object_id: string;
  directory_id: string;
  organization_id: string;
  version: number;
  deleted_at: Timestamp;
}

export interface SyncLogTable {
  id: string;
  directory_id: string;
  at: Timestamp;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  resource_type: string | null;
  resource_id: string | null;
  user_name: string | null;
  error_code: string | null;
  attribute: string | null;
  message: string | null;
  hint: string | null;
  request_body: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  response_excerpt: string | null;
}

export interface EventRetentionTable {
  organization_id: string;
  /** null keeps the organization's events forever; no row means the default (90 days). */
  retention_days: number | null;
  updated_at: Timestamp;
}

export interface WebhookEndpointsTable {
  id: string;
  /** null: every organization's events. */
  organization_id: string | null;
  url: string;
  description: string | null;
  /** Exact types or `prefix.*` patterns; empty means every type. */
  event_types: ColumnType<string[], string[] | undefined, string[]>;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  /** AES-256-GCM; only readWebhookSecret opens it. */
  secret_ciphertext: string;
  secret_prefix: string;
  /** Still signed with until it expires, so receivers can roll over. */
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: Date | null;
  /** Fan-out high-water mark: every event up to here has its delivery row. */
  last_sequence: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_sequence: string;
  /** Directory of the event, else its organization: deliveries of one key go out in order. */
  ordering_key: string;
  /** fanout or replay. */
  origin: Generated<string>;
  replay_of: string | null;
  /** pending, retrying, succeeded, failed. */
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Date | null;
  lock_token: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  completed_at: Date | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_at: Timestamp;
  status_code: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
}

export interface UserActivityDaysTable {
  user_id: string;
  /** UTC day, 'YYYY-MM-DD'. */
  day: ColumnType<string, string, string>;
  sign_ins: ColumnType<number, number | undefined, number>;
  first_at: Timestamp;
  last_at: Timestamp;
  while_inactive: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SeatCountsDailyTable {
  organization_id: string;
  day: ColumnType<string, string, string>;
  provisioned: number;
  activated: number;
  active_30d: number;
  suspended: number;
  recorded_at: ColumnType<Date, Date | undefined, Date>;
}

export interface Database {
  organizations: OrganizationsTable;
  directories: DirectoriesTable;
  directory_tokens: DirectoryTokensTable;
  admin_keys: AdminKeysTable;
  audit_log: AuditLogTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  events: EventsTable;
  tombstones: TombstonesTable;
  sync_log: SyncLogTable;
  event_retention: EventRetentionTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  user_activity_days: UserActivityDaysTable;
  seat_counts_daily: SeatCountsDailyTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type DirectoryRow = Selectable<DirectoriesTable>;
export type UserRow = Selectable<UsersTable>;
export type GroupRow = Selectable<GroupsTable>;
export type EventRow = Selectable<EventsTable>;
export type AdminKeyRow = Selectable<AdminKeysTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;
