// SDK_OBJECT_FIELDS: the property names of each SDK type that mirrors an admin API object, at run time,
// keyed by the name of its OpenAPI component. Each list is checked by tsc against its interface
// (types.ts, event-types.ts), and test/openapi.test.ts checks it against /api/v1/openapi.json.
import { EVENT_FIELDS } from './event-types.ts';
import {
  APP_EMAIL_FIELDS,
  APP_GROUP_FIELDS,
  APP_MEMBER_FIELDS,
  APP_USER_FIELDS,
  APP_USER_WITH_GROUPS_FIELDS,
  CREATED_DIRECTORY_FIELDS,
  CREATED_WEBHOOK_ENDPOINT_FIELDS,
  DIRECTORY_FIELDS,
  LIST_PAGE_FIELDS,
  ORGANIZATION_FIELDS,
  SNAPSHOT_FIELDS,
  SNAPSHOT_MEMBERSHIP_FIELDS,
  SNAPSHOT_TOMBSTONE_FIELDS,
  TOKEN_ROTATED_FIELDS,
  TOKEN_ROTATION_STARTED_FIELDS,
  TOKEN_ROTATION_STATUS_FIELDS,
  USER_GROUP_REF_FIELDS,
  WEBHOOK_ENDPOINT_FIELDS,
} from './types.ts';
import { API_ERROR_BODY_FIELDS } from './errors.ts';
import { JIT_RESULT_FIELDS } from './jit-types.ts';
import { SUSPENSION_FIELDS } from './suspension-types.ts';
import { OFFBOARDING_FIELDS, OFFBOARDING_TASK_FIELDS } from './offboarding-types.ts';
import { ROLE_FIELDS, ROLE_GRANT_FIELDS, ROLE_RULE_FIELDS, ROLE_RULE_PREVIEW_FIELDS } from './role-types.ts';
import { PORTAL_LINK_FIELDS } from './portal-types.ts';
import { DIRECTORY_IMPORT_FIELDS } from './import-types.ts';
import { ACCESS_REVIEW_FIELDS, ACCESS_REVIEW_ITEM_FIELDS } from './access-review-types.ts';
import { ACTIVITY_RECORDED_FIELDS, INACTIVE_SIGN_IN_FIELDS, SEAT_HISTORY_POINT_FIELDS, SEAT_UTILIZATION_FIELDS } from './seat-types.ts';
import { EVENT_PAGE_FIELDS } from './events-iterator.ts';
import { APP_FIELD_FIELDS, DIRECTORY_MAPPING_FIELDS, MAPPING_ENTRY_FIELDS, MAPPING_PREVIEW_FIELDS, MAPPING_RECOMPUTE_FIELDS } from './mapping-types.ts';
import { CUSTOM_SCHEMA_ATTRIBUTE_FIELDS, CUSTOM_SCHEMA_FIELDS } from './custom-schema-types.ts';

const names = (fields: Record<string, true>): readonly string[] => Object.freeze(Object.keys(fields));

/**
 * Component name → property names. A key with a dot names a property of a component: the SDK's
 * ApiErrorBody is the `error` object inside the `Error` component. Every list of the admin API is a
 * ListPage, so each `…List` component is compared with ListPage.
 */
export const SDK_OBJECT_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Organization: names(ORGANIZATION_FIELDS),
  Directory: names(DIRECTORY_FIELDS),
  CreatedDirectory: names(CREATED_DIRECTORY_FIELDS),
  TokenRotated: names(TOKEN_ROTATED_FIELDS),
  TokenRotationStarted: names(TOKEN_ROTATION_STARTED_FIELDS),
  TokenRotationStatus: names(TOKEN_ROTATION_STATUS_FIELDS),
  AppEmail: names(APP_EMAIL_FIELDS),
  AppUser: names(APP_USER_FIELDS),
  AppUserWithGroups: names(APP_USER_WITH_GROUPS_FIELDS),
  UserGroupRef: names(USER_GROUP_REF_FIELDS),
  AppGroup: names(APP_GROUP_FIELDS),
  AppMember: names(APP_MEMBER_FIELDS),
  Snapshot: names(SNAPSHOT_FIELDS),
  SnapshotMembership: names(SNAPSHOT_MEMBERSHIP_FIELDS),
  SnapshotTombstone: names(SNAPSHOT_TOMBSTONE_FIELDS),
  Event: names(EVENT_FIELDS),
  EventList: names(EVENT_PAGE_FIELDS),
  WebhookEndpoint: names(WEBHOOK_ENDPOINT_FIELDS),
  CreatedWebhookEndpoint: names(CREATED_WEBHOOK_ENDPOINT_FIELDS),
  OrganizationList: names(LIST_PAGE_FIELDS),
  DirectoryList: names(LIST_PAGE_FIELDS),
  AppUserList: names(LIST_PAGE_FIELDS),
  AppGroupList: names(LIST_PAGE_FIELDS),
  AppMemberList: names(LIST_PAGE_FIELDS),
  WebhookEndpointList: names(LIST_PAGE_FIELDS),
  ActivityRecorded: names(ACTIVITY_RECORDED_FIELDS),
  SeatUtilization: names(SEAT_UTILIZATION_FIELDS),
  SeatHistoryPoint: names(SEAT_HISTORY_POINT_FIELDS),
  InactiveSignIn: names(INACTIVE_SIGN_IN_FIELDS),
  InactiveSignInList: names(LIST_PAGE_FIELDS),
  JitResult: names(JIT_RESULT_FIELDS),
  Suspension: names(SUSPENSION_FIELDS),
  SuspensionList: names(LIST_PAGE_FIELDS),
  OffboardingTask: names(OFFBOARDING_TASK_FIELDS),
  OffboardingTaskList: names(LIST_PAGE_FIELDS),
  Offboarding: names(OFFBOARDING_FIELDS),
  OffboardingList: names(LIST_PAGE_FIELDS),
  Role: names(ROLE_FIELDS),
  RoleList: names(LIST_PAGE_FIELDS),
  RoleGrant: names(ROLE_GRANT_FIELDS),
  RoleGrantList: names(LIST_PAGE_FIELDS),
  RoleRule: names(ROLE_RULE_FIELDS),
  RoleRuleList: names(LIST_PAGE_FIELDS),
  RoleRulePreview: names(ROLE_RULE_PREVIEW_FIELDS),
  AppField: names(APP_FIELD_FIELDS),
  AppFieldList: names(LIST_PAGE_FIELDS),
  MappingEntry: names(MAPPING_ENTRY_FIELDS),
  MappingRecompute: names(MAPPING_RECOMPUTE_FIELDS),
  DirectoryMapping: names(DIRECTORY_MAPPING_FIELDS),
  MappingPreview: names(MAPPING_PREVIEW_FIELDS),
  PortalLink: names(PORTAL_LINK_FIELDS),
  AccessReview: names(ACCESS_REVIEW_FIELDS),
  AccessReviewList: names(LIST_PAGE_FIELDS),
  AccessReviewItem: names(ACCESS_REVIEW_ITEM_FIELDS),
  AccessReviewItemList: names(LIST_PAGE_FIELDS),
  DirectoryImport: names(DIRECTORY_IMPORT_FIELDS),
  CustomSchema: names(CUSTOM_SCHEMA_FIELDS),
  CustomSchemaList: names(LIST_PAGE_FIELDS),
  CustomSchemaAttribute: names(CUSTOM_SCHEMA_ATTRIBUTE_FIELDS),
  'Error.error': names(API_ERROR_BODY_FIELDS),
});
