// Microsoft Entra ID, with or without aadOptscim062020: legacy manager, member value arrays, blanks, 204 on PATCH.
import { SCHEMA_URN } from '../scim/schema/resource-types.ts';
import { defineDialect, type PatchOperation, type ResourceTypeName } from './dialect.ts';
import { blanksClearInBody, blanksClearInPatch } from './rules/blank-clears.ts';
import { flatEnterpriseInPatch, flatEnterpriseInQuery } from './rules/enterprise-paths.ts';
import { memberValueRemovals } from './rules/member-values.ts';
import { dropSchemasInBody } from './rules/schema-urns.ts';

/** Entra's group create lists this URN, which defines no attribute (MS-TUT /Groups). */
export const ENTRA_GROUP_URN = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

const MANAGER_PATH = `${SCHEMA_URN.enterpriseUser}:manager`.toLowerCase();

/**
 * Entra's legacy manager add carries the manager as a one-element array of references,
 * `{"op":"Add","path":"manager","value":[{"$ref":"…","value":"<id>"}]}` (MS-TUT Example 5);
 * `manager` is singular (RFC 7643 §4.3), so the element itself is the value, and an empty
 * array is Entra clearing the manager. Runs after the path has been given its URN.
 */
export function unwrapManagerArray(type: ResourceTypeName, ops: PatchOperation[]): PatchOperation[] {
  if (type !== 'User') return ops;
  return ops.map((op) => {
    if (op.op === 'remove' || op.path?.toLowerCase() !== MANAGER_PATH || !Array.isArray(op.value) || op.value.length > 1) return op;
    const [first] = op.value as unknown[];
    return first === undefined ? { op: 'remove', path: op.path } : { ...op, value: first };
  });
}

/**
 * What Entra sends (MS-COMPAT, MS-TUT): Test Connection filters `userName eq "<random guid>"`;
 * each cycle looks users up by `externalId eq` or `userName eq`, creates with `meta` and
 * `roles: []`, then sends sparse PATCHes — `Replace`/`Add`/`Remove` capitalised, `"False"` as a
 * string, one path-less op with dotted and URN keys under the flag, `emails[type eq "work"].value`
 * before any work email exists. Groups come as `POST {members: []}` then PATCH adds, removals as
 * `Remove members` with a value array (default) or `members[value eq]` (flag). Soft delete is
 * `active: "False"`; hard delete is DELETE. Op case, string booleans, dotted keys, a bare-string
 * manager and filtered-path creation are the core's leniency; the rules below are what is not.
 */
export const entraDialect = defineDialect({
  provider: 'entra',
  patchResponse: { User: 'no-content', Group: 'no-content' },
  body: [dropSchemasInBody([ENTRA_GROUP_URN]), blanksClearInBody],
  patch: [flatEnterpriseInPatch(['manager']), unwrapManagerArray, memberValueRemovals, blanksClearInPatch],
  // The manager check: `id eq "…" and manager eq "…"` with attributes=id (MS-TUT Example 4).
  query: [flatEnterpriseInQuery(['manager'])],
});
