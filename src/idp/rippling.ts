// Rippling (custom SCIM app): HR-driven lifecycle, enterprise attributes named without their URN.
import { defineDialect } from './dialect.ts';
import { ENTERPRISE_NAMES, flatEnterpriseInBody, flatEnterpriseInPatch, flatEnterpriseInQuery } from './rules/enterprise-paths.ts';

/**
 * Rippling's custom app maps a fixed list of attributes — `externalId`, `emails.primary`,
 * `name.givenName`, `name.familyName`, `employeeNumber` (workos.com/docs/integrations/rippling-scim)
 * — and writes the enterprise ones flat, as `employeeNumber` beside `userName`. RFC 7644 §3.10
 * reads that as a core attribute, which does not exist, so the core would drop it; here it moves
 * under the enterprise URN. Its lifecycle follows HR: a termination is `active: false`
 * (suspended), a rehire `active: true` or, after a DELETE, a new POST with the same `externalId`
 * (the employee id), which docs/lifecycle.md turns back into the same person.
 */
export const ripplingDialect = defineDialect({
  provider: 'rippling',
  body: [flatEnterpriseInBody(ENTERPRISE_NAMES)],
  patch: [flatEnterpriseInPatch(ENTERPRISE_NAMES)],
  query: [flatEnterpriseInQuery(ENTERPRISE_NAMES)],
});
