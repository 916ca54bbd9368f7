// Valid bodies per route, the seeds the fuzzer mutates: close to valid reaches the deep code, not just the parser.
// `$user0`, `$group0`, `$org0`, `$dir0` are fixture ids, replaced in the request text by the runner.

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const user = {
  schemas: [USER, ENTERPRISE],
  userName: 'fuzz.user@acme.test',
  externalId: 'ext-fuzz',
  name: { givenName: 'Fuzz', familyName: 'User', formatted: 'Fuzz User' },
  displayName: 'Fuzz User',
  emails: [{ value: 'fuzz.user@acme.test', type: 'work', primary: true }],
  phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
  addresses: [{ streetAddress: '1 Main St', locality: 'Paris', country: 'FR', type: 'work' }],
  active: true,
  password: 'Fuzz-Passw0rd!',
  title: 'Engineer',
  [ENTERPRISE]: { employeeNumber: '42', department: 'R&D', manager: { value: '$user1' } },
};

const group = { schemas: [GROUP], displayName: 'Fuzz Group', externalId: 'ext-group', members: [{ value: '$user0' }, { value: '$user1', type: 'User' }] };

const userPatch = {
  schemas: [PATCH],
  Operations: [
    { op: 'replace', path: 'active', value: false },
    { op: 'add', path: 'emails[type eq "work"].value', value: 'new@acme.test' },
    { op: 'remove', path: 'name.givenName' },
    { op: 'replace', value: { displayName: 'Renamed', 'name.familyName': 'X' } },
    { op: 'Replace', path: `${ENTERPRISE}:manager.value`, value: '$user1' },
  ],
};

const groupPatch = {
  schemas: [PATCH],
  Operations: [
    { op: 'add', path: 'members', value: [{ value: '$user1' }] },
    { op: 'remove', path: 'members[value eq "$user0"]' },
    { op: 'replace', path: 'displayName', value: 'Fuzz Renamed' },
  ],
};

const search = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
  filter: 'userName sw "fuzz"',
  startIndex: 1,
  count: 10,
  attributes: ['userName', 'emails'],
  sortBy: 'userName',
  sortOrder: 'descending',
};

const bulk = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
  failOnErrors: 3,
  Operations: [
    { method: 'POST', path: '/Users', bulkId: 'u1', data: { schemas: [USER], userName: 'bulk.fuzz@acme.test' } },
    { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [GROUP], displayName: 'Bulk', members: [{ value: 'bulkId:u1' }] } },
    { method: 'PATCH', path: '/Groups/$group0', data: groupPatch },
    { method: 'PUT', path: '/Users/$user1', version: 'W/"1"', data: user },
    { method: 'DELETE', path: '/Users/$user2' },
  ],
};

/** SCIM bodies by `METHOD /url` with the `/scim/v2/:directoryId` prefix left out. */
export const SCIM_TEMPLATES: Record<string, unknown> = {
  'POST /Users': user,
  'PUT /Users/:id': user,
  'PATCH /Users/:id': userPatch,
  'POST /Groups': group,
  'PUT /Groups/:id': group,
  'PATCH /Groups/:id': groupPatch,
  'POST /Users/.search': search,
  'POST /Groups/.search': { ...search, filter: 'displayName sw "F"', attributes: ['displayName'], sortBy: 'displayName' },
  'POST /.search': search,
  'POST /Bulk': bulk,
};

/** Admin API bodies by `METHOD /url` with the `/api/v1` prefix left out. */
export const ADMIN_TEMPLATES: Record<string, unknown> = {
  'POST /organizations': { name: 'Fuzz Org', domains: ['acme.test'] },
  'PATCH /organizations/:id': { name: 'Fuzz Org 2', domains: ['acme.test'], externalDomainPolicy: 'hold' },
  'POST /organizations/:orgId/directories': { name: 'Fuzz dir', provider: 'okta' },
  'PATCH /directories/:id': { name: 'Fuzz dir 2', deprovisionRule: 'delete', rateLimitPerSecond: 50, rateLimitBurst: 100, syncLogRetentionDays: 7 },
  'POST /directories/:id/token': { gracePeriodSeconds: 60 },
  'POST /directories/:id/schemas': { id: 'urn:ietf:params:scim:schemas:extension:Fuzz:2.0:User', attributes: [{ name: 'badge', type: 'string' }] },
  'PUT /directories/:id/schemas/:urn': { attributes: [{ name: 'badge', type: 'string' }, { name: 'level', type: 'integer' }] },
  'PUT /organizations/:id/event-retention': { eventRetentionDays: 30 },
  'POST /webhooks': { url: 'https://hooks.acme.test/roster', eventTypes: ['user.*'], organizationId: '$org0', description: 'fuzz' },
  'PATCH /webhooks/:id': { url: 'https://hooks.acme.test/other', enabled: false, eventTypes: ['group.created'], description: null },
  'POST /webhooks/:id/rotate-secret': { gracePeriodSeconds: 10 },
  'POST /webhooks/:id/replay': { since: '2026-01-01T00:00:00Z' },
  'POST /admin-keys': { name: 'fuzz key', scope: 'read', organizationId: '$org0' },
  'POST /organizations/:id/access-reviews/:reviewId/items/:itemId/decision': { decision: 'keep', reviewer: 'auditor@acme.test' },
  'POST /directories/:id/imports': { csv: 'userName,givenName\nfuzz@acme.test,Fuzz\n', dryRun: true },
  'POST /organizations/:id/role-rules': { roleKey: 'fuzz', filter: 'department eq "Sales" and addresses[type eq "work"].locality eq "Boston"', priority: 10 },
  'POST /fields': { key: 'badgeNumber', type: 'number', required: true, description: 'Badge' },
  'PATCH /fields/:key': { type: 'string[]', required: false, description: null },
  'PUT /directories/:id/mapping': { fields: { department: 'addresses[type eq "work"].locality', fuzzField: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter' } },
  'POST /directories/:id/mapping/preview': { fields: { department: null, fuzzField: 'emails[primary eq true].value' } },
};
