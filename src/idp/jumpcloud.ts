// JumpCloud (Custom SCIM Identity Management, SCIM 2.0): Azure-style member removals.
import { defineDialect } from './dialect.ts';
import { memberValueRemovals } from './rules/member-values.ts';

/**
 * JumpCloud is reported to remove group members the way Entra's default dialect does,
 * `{"op":"remove","path":"members","value":[{"value":"<id>"}]}` rather than a filtered path
 * (uni-moni KB, low confidence): read literally (RFC 7644 §3.5.2.2) that empties the group, so
 * it becomes `members[value eq "<id>"]`. Its Test Connection creates a test user and a test
 * group and deletes them again (JumpCloud support, "Identity Management using a Custom SCIM
 * Integration"): plain RFC, which the deprovisioning rule of the directory then applies to.
 */
export const jumpcloudDialect = defineDialect({
  provider: 'jumpcloud',
  patch: [memberValueRemovals],
});
