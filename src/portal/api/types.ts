// The shapes the portal reads from the admin API: the SDK's types where it has them, the rest declared here.
import type { AppUser, AppUserWithGroups, AppGroup, Directory, CreatedDirectory, Organization, ListPage, WebhookEndpoint, CreatedWebhookEndpoint, Provider, TokenRotated } from '../../sdk/types.ts';

export type { AppUser, AppUserWithGroups, AppGroup, Directory, CreatedDirectory, Organization, ListPage, WebhookEndpoint, CreatedWebhookEndpoint, Provider, TokenRotated };
export type { PortalLink } from '../../sdk/portal-types.ts';

/** GET /api/v1/portal/session. */
export interface PortalSession {
  object: 'portal_session';
  id: string;
  intent: 'setup' | 'manage';
  expiresAt: string;
  organization: { id: string; name: string };
}

/** docs/sync-log.md: one SCIM request and its outcome. */
export interface SyncLogEntry {
  id: string;
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  resourceType: string | null;
  resourceId: string | null;
  userName: string | null;
  error: { code: string; attribute: string | null; message: string; hint: string | null } | null;
  /** A success that ignored attributes Roster does not know (lenient directory). */
  warning: { attribute: string | null; message: string; hint: string | null } | null;
  requestBody: unknown;
  responseExcerpt: string | null;
}

export interface RosterEventJson {
  id: string;
  type: string;
  sequence: number;
  organizationId: string;
  directoryId: string | null;
  createdAt: string;
  objectId: string | null;
  objectVersion: number | null;
  data: Record<string, unknown>;
}


export interface PortalSessionRecord {
  object: 'portal_session';
  id: string;
  intent: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
}

export interface WebhookAttempt {
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}

export interface WebhookDelivery {
  object: 'webhook_delivery';
  id: string;
  eventId: string;
  eventType: string;
  sequence: number;
  status: 'pending' | 'retrying' | 'succeeded' | 'failed';
  origin: 'fanout' | 'replay';
  attemptCount: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
  attempts: WebhookAttempt[];
}

export type { Role, RoleGrant, RoleRule, RoleRulePreview as RulePreview } from '../../sdk/role-types.ts';
export type { SeatUtilization, SeatHistoryPoint, InactiveSignIn } from '../../sdk/seat-types.ts';
export type { Suspension } from '../../sdk/suspension-types.ts';
