// Table types of Roster's PostgreSQL schema, as Kysely sees them.
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string, string>;

export interface OrganizationsTable {
  id: string;
  name: string;
  domains: ColumnType<string[], string[] | undefined, string[]>;
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
}

export interface AdminKeysTable {
  id: string;
  key_hash: string;
  name: string;
  created_at: Timestamp;
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

export interface Database {
  organizations: OrganizationsTable;
  directories: DirectoriesTable;
  directory_tokens: DirectoryTokensTable;
  admin_keys: AdminKeysTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  events: EventsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type DirectoryRow = Selectable<DirectoriesTable>;
export type UserRow = Selectable<UsersTable>;
export type GroupRow = Selectable<GroupsTable>;
export type EventRow = Selectable<EventsTable>;
