// Every event Roster emits, as a discriminated union on `type` (docs/lifecycle.md, docs/events.md).
import type { AppGroup, AppUser, Fields } from './types.ts';
import type { RoleGrant } from './role-types.ts';
import type { Suspension } from './suspension-types.ts';

interface EventBase<T extends string, D> {
  id: string;
  type: T;
  /** Position in the log: increasing, and for one object in the order its changes committed. */
  sequence: number;
  organizationId: string;
  directoryId: string | null;
  createdAt: string;
  data: D;
  /** The user, group or directory the event is about, when the server sends it. */
  objectId?: string | null;
  /** That object's version after the change (for member events: the group's), when the server sends it. */
  objectVersion?: number | null;
}

/** The envelope every event shares (`data` differs by type); the names are checked against the OpenAPI `Event`. */
export const EVENT_FIELDS = {
  id: true, type: true, sequence: true, organizationId: true, directoryId: true, createdAt: true, data: true, objectId: true, objectVersion: true,
} satisfies Fields<EventBase<string, unknown>>;

export interface DirectoryRef {
  id: string;
  name: string;
  provider: string;
}

export type UserCreatedEvent = EventBase<'user.created', { user: AppUser; approved?: boolean }>;
/** `previousFields`: the mapped fields that changed with the attributes (docs/mapping.md). */
export type UserUpdatedEvent = EventBase<'user.updated', { user: AppUser; previous: Record<string, unknown>; previousFields?: Record<string, unknown> }>;
/** The user's mapped fields changed without a SCIM change (a mapping change recomputed them): `previous` holds the old values. */
export type UserFieldsChangedEvent = EventBase<'user.fields_changed', { user: AppUser; previous: Record<string, unknown>; cause?: 'mapping' }>;
/** `suspension`: set when an admin suspension (leave of absence) started or ended it (docs/lifecycle.md). */
export type UserDeactivatedEvent = EventBase<'user.deactivated', { user: AppUser; suspension?: Suspension }>;
export type UserReactivatedEvent = EventBase<'user.reactivated', { user: AppUser; rehired?: boolean; suspension?: Suspension }>;
/** `retained: true`: deprovisioned, kept with state `deprovisioned`; false: purged (a tombstone remains). */
export type UserDeletedEvent = EventBase<'user.deleted', { user: AppUser; retained: boolean }>;
export type GroupCreatedEvent = EventBase<'group.created', { group: AppGroup }>;
export type GroupUpdatedEvent = EventBase<'group.updated', { group: AppGroup; previous: Record<string, unknown> }>;
export type GroupDeletedEvent = EventBase<'group.deleted', { group: AppGroup }>;
export interface MemberRef {
  id: string;
  type: 'User' | 'Group';
}
/**
 * `indirect: false`: the group's own member list changed (member is a user or a group).
 * `indirect: true`: a user started or stopped being an effective member through nested groups;
 * `via` is a member group of `groupId` on that path (docs/events.md, "Nested groups").
 * Events from servers before this field have neither `indirect` nor `via`: treat them as direct.
 */
export interface MembershipData {
  groupId: string;
  member: MemberRef;
  indirect?: boolean;
  via?: string;
}
export type GroupMemberAddedEvent = EventBase<'group.member_added', MembershipData>;
export type GroupMemberRemovedEvent = EventBase<'group.member_removed', MembershipData>;
/** A role given or taken (docs/access.md): `cause` is `rule` for rules (group, default or attribute; `grant.ruleId` names it), `admin`, `expired` or `review` (an access review's revoke, with `reviewId`) for grants. */
export interface RoleEventData {
  grant: RoleGrant;
  cause?: 'rule' | 'admin' | 'expired' | 'review';
  reviewId?: string;
}
export type RoleAssignedEvent = EventBase<'role.assigned', RoleEventData>;
export type RoleRevokedEvent = EventBase<'role.revoked', RoleEventData>;
export type DirectoryActivatedEvent = EventBase<'directory.activated', { directory: DirectoryRef }>;
export type DirectoryDeletedEvent = EventBase<'directory.deleted', { directory: DirectoryRef }>;

export type UserEvent = UserCreatedEvent | UserUpdatedEvent | UserFieldsChangedEvent | UserDeactivatedEvent | UserReactivatedEvent | UserDeletedEvent;
export type GroupEvent = GroupCreatedEvent | GroupUpdatedEvent | GroupDeletedEvent;
export type MembershipEvent = GroupMemberAddedEvent | GroupMemberRemovedEvent;
export type DirectoryEvent = DirectoryActivatedEvent | DirectoryDeletedEvent;
export type RoleEvent = RoleAssignedEvent | RoleRevokedEvent;

export type RosterEvent = UserEvent | GroupEvent | MembershipEvent | DirectoryEvent | RoleEvent;
export type RosterEventType = RosterEvent['type'];

export const EVENT_TYPES: readonly RosterEventType[] = [
  'user.created',
  'user.updated',
  'user.fields_changed',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.member_added',
  'group.member_removed',
  'directory.activated',
  'directory.deleted',
  'role.assigned',
  'role.revoked',
];

/** Narrows an event of unknown type (a newer server may send types this SDK does not know). */
export function isKnownEvent(event: { type: string }): event is RosterEvent {
  return (EVENT_TYPES as readonly string[]).includes(event.type);
}
