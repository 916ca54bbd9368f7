// Every shared schema of the admin API, registered once per app so routes, the OpenAPI document and tests use the same objects.
import type { FastifyInstance } from 'fastify';
import { ActivityRecorded, ActivityReport, InactiveSignIn, InactiveSignInList, SeatHistoryPoint, SeatUtilization } from './activity-schemas.ts';
import { JitResult, JitSignIn } from './jit-schemas.ts';
import { Suspension, SuspensionCreate, SuspensionList, SuspensionReschedule } from './suspension-schemas.ts';
import { Role, RoleCreate, RoleGrant, RoleGrantCreate, RoleGrantList, RoleGrantPatch, RoleList, RolePatch, RoleRule, RoleRuleCreate, RoleRuleList, RoleRulePreview } from './role-schemas.ts';
import { AppField, AppFieldCreate, AppFieldList, AppFieldPatch, DirectoryMapping, DirectoryMappingPut, MappingEntry, MappingPreview, MappingRecompute } from './mapping-schemas.ts';
import { AccessReview, AccessReviewCreate, AccessReviewDecision, AccessReviewItem, AccessReviewItemList, AccessReviewList } from './access-review-schemas.ts';
import { DirectoryImport, DirectoryImportCreate } from './import-schemas.ts';
import { Offboarding, OffboardingList, OffboardingTask, OffboardingTaskList, OffboardingTaskMark, OffboardingTasksPut } from './offboarding-schemas.ts';
import { AdminKey, AdminKeyCreate, AdminKeyList, AuditEntry, AuditEntryList, CreatedAdminKey } from './admin-key-schemas.ts';
import { AppEmail, AppGroup, AppGroupList, AppMember, AppMemberList, AppUser, AppUserList, AppUserWithGroups, UserGroupRef } from './app-view-schemas.ts';
import { ErrorBody } from './common-schemas.ts';
import { CustomSchema, CustomSchemaAttribute, CustomSchemaCreate, CustomSchemaList } from './custom-schema-schemas.ts';
import {
  CreatedDirectory,
  Directory,
  DirectoryCreate,
  DirectoryList,
  DirectoryPatch,
  TokenRotate,
  TokenRotated,
  TokenRotationStarted,
  TokenRotationStatus,
} from './directory-schemas.ts';
import { Event, EventList, EventRetention, EventRetentionUpdate } from './event-schemas.ts';
import { Organization, OrganizationCreate, OrganizationList, OrganizationPatch } from './organization-schemas.ts';
import { PortalLink, PortalLinkCreate, PortalSession, PortalSessionList, PortalWhoAmI, UserEventList } from './portal-schemas.ts';
import { Snapshot, SnapshotLine, SnapshotMembership, SnapshotTombstone } from './snapshot-schemas.ts';
import { SyncLogEntry, SyncLogEntryList } from './sync-log-schemas.ts';
import {
  CreatedWebhookEndpoint,
  WebhookAttempt,
  WebhookCreate,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookPatch,
  WebhookReplay,
  WebhookReplayRequest,
  WebhookSecretRotate,
} from './webhook-schemas.ts';

/** In the order the OpenAPI document lists them: each object, then its list, then its inputs. */
export const ADMIN_SCHEMAS = [
  ErrorBody,
  Organization, OrganizationList, OrganizationCreate, OrganizationPatch,
  Directory, CreatedDirectory, DirectoryList, DirectoryCreate, DirectoryPatch,
  TokenRotate, TokenRotated, TokenRotationStarted, TokenRotationStatus,
  CustomSchemaAttribute, CustomSchema, CustomSchemaList, CustomSchemaCreate,
  AppEmail, AppUser, UserGroupRef, AppUserWithGroups, AppGroup, AppMember, AppUserList, AppGroupList, AppMemberList,
  SnapshotMembership, SnapshotTombstone, Snapshot, SnapshotLine,
  Event, EventList, EventRetention, EventRetentionUpdate,
  SyncLogEntry, SyncLogEntryList,
  WebhookEndpoint, CreatedWebhookEndpoint, WebhookEndpointList, WebhookCreate, WebhookPatch, WebhookSecretRotate,
  WebhookAttempt, WebhookDelivery, WebhookDeliveryList, WebhookReplayRequest, WebhookReplay,
  AdminKey, CreatedAdminKey, AdminKeyList, AdminKeyCreate, AuditEntry, AuditEntryList,
  ActivityReport, ActivityRecorded, SeatHistoryPoint, SeatUtilization, InactiveSignIn, InactiveSignInList,
  JitSignIn, JitResult,
  Suspension, SuspensionList, SuspensionCreate, SuspensionReschedule,
  OffboardingTask, OffboardingTaskList, OffboardingTasksPut, Offboarding, OffboardingList, OffboardingTaskMark,
  DirectoryImport, DirectoryImportCreate,
  Role, RoleList, RoleCreate, RolePatch, RoleGrant, RoleGrantList, RoleGrantCreate, RoleGrantPatch,
  RoleRule, RoleRuleList, RoleRuleCreate, RoleRulePreview,
  AppField, AppFieldList, AppFieldCreate, AppFieldPatch, MappingEntry, MappingRecompute, DirectoryMapping, DirectoryMappingPut, MappingPreview,
  AccessReview, AccessReviewList, AccessReviewCreate, AccessReviewItem, AccessReviewItemList, AccessReviewDecision,
  PortalLinkCreate, PortalLink, PortalSession, PortalSessionList, PortalWhoAmI, UserEventList,
] as const;

/** The component names of the OpenAPI document. */
export type AdminSchemaId = (typeof ADMIN_SCHEMAS)[number]['$id'];

/** Adds every shared schema to this scope; routes reference them with `ref('<$id>')`. */
export function registerAdminSchemas(app: FastifyInstance): void {
  for (const schema of ADMIN_SCHEMAS) app.addSchema(schema);
}
