// The ordered list of migrations, kept in code so the Migrator needs no file-system lookup.
import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-23-001-initial.ts';
import * as lifecycle from './2026-11-23-002-lifecycle-and-sync-log.ts';
import * as webhooks from './2026-11-23-003-webhooks.ts';
import * as syncLogExtra from './2026-11-23-004-sync-log-extra.ts';
import * as auditAndKeyScopes from './2026-11-23-005-audit-and-key-scopes.ts';
import * as identityLookup from './2026-11-23-006-identity-lookup-indexes.ts';
import * as portal from './2026-11-23-007-portal.ts';
import * as visibleUsers from './2026-11-23-008-visible-users-index.ts';
import * as seatActivity from './2026-11-23-010-seat-activity.ts';
import * as attributeMode from './2026-11-23-011-attribute-mode.ts';
import * as userSuspensions from './2026-11-23-012-user-suspensions.ts';
import * as offboarding from './2026-11-23-013-offboarding.ts';
import * as roles from './2026-11-23-014-roles.ts';
import * as roleRules from './2026-11-23-015-role-rules.ts';
import * as storePasswords from './2026-11-23-016-store-passwords.ts';
import * as accessReviews from './2026-11-23-017-access-reviews.ts';
import * as attributeRules from './2026-11-23-018-attribute-rules.ts';
import * as attributeMapping from './2026-11-23-019-attribute-mapping.ts';
import * as customSchemas from './2026-11-23-020-custom-schemas.ts';
import * as directoryImports from './2026-11-23-021-directory-imports.ts';
import * as hotUserUpdates from './2026-11-23-022-hot-user-updates.ts';
import * as offboardingDoneBy from './2026-11-23-024-offboarding-done-by.ts';
import * as ruleRecomputeLocks from './2026-11-23-025-rule-recompute-locks.ts';
import * as resourceCounts from './2026-11-24-026-resource-counts.ts';
import * as groupParentCount from './2026-11-24-027-group-parent-count.ts';
import * as membershipDirectoryKey from './2026-11-24-028-membership-directory-key.ts';
import * as membershipGroupKey from './2026-11-24-029-membership-group-key.ts';
import * as ruleTriggerLookups from './2026-11-24-030-rule-trigger-lookups.ts';
import * as membershipUserKey from './2026-11-25-031-membership-user-key.ts';

export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-23-001-initial': initial,
  '2026-11-23-002-lifecycle-and-sync-log': lifecycle,
  '2026-11-23-003-webhooks': webhooks,
  '2026-11-23-004-sync-log-extra': syncLogExtra,
  '2026-11-23-005-audit-and-key-scopes': auditAndKeyScopes,
  '2026-11-23-006-identity-lookup-indexes': identityLookup,
  '2026-11-23-007-portal': portal,
  '2026-11-23-008-visible-users-index': visibleUsers,
  '2026-11-23-010-seat-activity': seatActivity,
  '2026-11-23-011-attribute-mode': attributeMode,
  '2026-11-23-012-user-suspensions': userSuspensions,
  '2026-11-23-013-offboarding': offboarding,
  '2026-11-23-014-roles': roles,
  '2026-11-23-015-role-rules': roleRules,
  '2026-11-23-016-store-passwords': storePasswords,
  '2026-11-23-017-access-reviews': accessReviews,
  '2026-11-23-018-attribute-rules': attributeRules,
  '2026-11-23-019-attribute-mapping': attributeMapping,
  '2026-11-23-020-custom-schemas': customSchemas,
  '2026-11-23-021-directory-imports': directoryImports,
  '2026-11-23-022-hot-user-updates': hotUserUpdates,
  '2026-11-23-024-offboarding-done-by': offboardingDoneBy,
  '2026-11-23-025-rule-recompute-locks': ruleRecomputeLocks,
  '2026-11-24-026-resource-counts': resourceCounts,
  '2026-11-24-027-group-parent-count': groupParentCount,
  '2026-11-24-028-membership-directory-key': membershipDirectoryKey,
  '2026-11-24-029-membership-group-key': membershipGroupKey,
  '2026-11-24-030-rule-trigger-lookups': ruleTriggerLookups,
  '2026-11-25-031-membership-user-key': membershipUserKey,
};
