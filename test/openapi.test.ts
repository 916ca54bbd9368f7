// Issue 4: the OpenAPI 3.1 document at /api/v1/openapi.json is well formed, lists every admin route,
// and the SDK agrees with it (its object types and its routes). Live answers: openapi-answers.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { SDK_OBJECT_FIELDS, SDK_ROUTES } from 'roster/sdk';
import { renderApiTable, withTable } from '../scripts/api-table.ts';
import pkg from '../package.json' with { type: 'json' };
import { answerValidator, AWAITING_SCHEMAS, collectRefs, operations, readDocument, resolvePointer, shapeOf, type OpenApiDocument } from './helpers/openapi-doc.ts';
import { routeCollector } from './helpers/route-list.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

/** Components no SDK type mirrors, each with the reason. */
const NOT_IN_SDK: Record<string, string> = {
  SnapshotLine: 'the SDK turns NDJSON lines into SnapshotRecord (snapshot-stream.ts), a different shape by design',
  ...Object.fromEntries(
    ['OrganizationCreate', 'OrganizationPatch', 'DirectoryCreate', 'DirectoryPatch', 'TokenRotate', 'EventRetentionUpdate', 'WebhookCreate', 'WebhookPatch', 'WebhookSecretRotate', 'WebhookReplayRequest', 'AdminKeyCreate', 'ActivityReport', 'JitSignIn', 'SuspensionCreate', 'SuspensionReschedule', 'OffboardingTasksPut', 'OffboardingTaskMark', 'RoleCreate', 'RolePatch', 'RoleGrantCreate', 'RoleGrantPatch', 'RoleRuleCreate', 'AppFieldCreate', 'AppFieldPatch', 'DirectoryMappingPut', 'CustomSchemaCreate', 'AccessReviewCreate', 'AccessReviewDecision', 'DirectoryImportCreate'].map((n) => [n, 'a request body: SDK methods take it as parameters']),
  ),
  ...Object.fromEntries(
    ['EventRetention', 'SyncLogEntry', 'SyncLogEntryList', 'WebhookAttempt', 'WebhookDelivery', 'WebhookDeliveryList', 'WebhookReplay', 'AdminKey', 'CreatedAdminKey', 'AdminKeyList', 'AuditEntry', 'AuditEntryList'].map((n) => [n, 'no SDK method answers it yet']),
  ),
  PortalLinkCreate: 'a request body: organizations.portalLink takes it as parameters',
  ...Object.fromEntries(['PortalSession', 'PortalSessionList', 'PortalWhoAmI', 'UserEventList'].map((n) => [n, 'the Admin Portal reads it (src/portal); no SDK method answers it yet'])),
};

const sorted = (names: Iterable<string>) => [...names].sort();

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  const collected = routeCollector();
  before(async () => {
    t = await startTestApp({}, { onRoute: collected.onRoute });
    doc = await readDocument(t.app);
  });
  after(() => t.close());

  it('is served without a key, as OpenAPI 3.1.0 titled "Roster admin API" at the package version, with the admin key as bearer scheme', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual([doc.info.title, doc.info.version], ['Roster admin API', pkg.version]);
    assert.deepEqual(doc.components.securitySchemes.adminKey, { ...doc.components.securitySchemes.adminKey, type: 'http', scheme: 'bearer' });
    assert.deepEqual(doc.security, [{ adminKey: [] }]);
    const open = operations(doc).filter(({ op }) => op.security?.length === 0);
    assert.deepEqual(open.map(({ method, path }) => `${method} ${path}`), ['get /api/v1/openapi.json'], 'only the document itself needs no key');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/organizations' });
    assert.equal(anonymous.statusCode, 401, 'the routes it describes still do');
  });

  it('has the shape of OpenAPI 3.1: operations with unique ids, declared tags, path parameters and responses', () => {
    const ops = operations(doc);
    assert.ok(ops.length > 40, `only ${ops.length} operations`);
    const ids = ops.map(({ op }) => op.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    const tags = new Set((doc.tags ?? []).map((tag) => tag.name));
    for (const { path, method, op } of ops) {
      const where = `${method} ${path}`;
      assert.match(path, /^\/api\/v1\//, where);
      if (!AWAITING_SCHEMAS.has(`${method.toUpperCase()} ${path}`)) {
        assert.ok(op.operationId && op.summary, `${where} has an operationId and a summary`);
        assert.ok(op.tags?.length && op.tags.every((tag) => tags.has(tag)), `${where} has declared tags`);
      }
      const statuses = Object.keys(op.responses);
      assert.ok(statuses.some((s) => /^2/.test(s)), `${where} documents a success`);
      for (const s of statuses) assert.ok(op.responses[s]?.description, `${where} ${s} has a description`);
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const params = (op.parameters ?? []).filter((p) => p.in === 'path');
      assert.deepEqual(sorted(params.map((p) => p.name)), sorted(inPath as string[]), `${where} declares its path parameters`);
      assert.ok(params.every((p) => p.required === true), `${where} path parameters are required`);
    }
  });

  it('resolves every $ref to a component schema, and every component compiles as JSON Schema 2020-12 (Ajv, strict)', () => {
    const refs = collectRefs(doc);
    assert.ok(refs.length > 100);
    for (const { ref, at } of refs) {
      assert.match(ref, /^#\/components\/schemas\/[A-Za-z]+$/, `${at}: ${ref}`);
      assert.ok(resolvePointer(doc, ref), `${at}: ${ref} resolves`);
    }
    const validator = answerValidator(doc);
    for (const name of Object.keys(doc.components.schemas)) validator.validatorOf({ $ref: `#/components/schemas/${name}` });
  });

  it('lists every admin route Fastify registered, and nothing else (no SCIM, no /healthz)', () => {
    const registered = collected.routes
      .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
      .map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    const documented = operations(doc).map(({ method, path }) => `${method} ${path}`);
    assert.ok(registered.length > 40);
    assert.deepEqual(sorted(documented), sorted(registered));
  });

  it('says which key each operation needs, as admin-auth.ts enforces it', () => {
    const roles = (method: 'get' | 'post', path: string) => doc.paths[path]?.[method]?.security;
    assert.deepEqual(roles('get', '/api/v1/organizations'), [{ adminKey: [] }]);
    assert.deepEqual(roles('post', '/api/v1/organizations'), [{ adminKey: ['full'] }]);
    assert.deepEqual(roles('get', '/api/v1/audit-log'), [{ adminKey: ['full', 'unbound'] }]);
    assert.deepEqual(roles('post', '/api/v1/admin-keys'), [{ adminKey: ['full', 'unbound'] }]);
  });

  it('has its endpoint table in docs/api.md up to date (node --import tsx scripts/api-table.ts rewrites it)', () => {
    const markdown = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');
    assert.equal(withTable(markdown, renderApiTable(doc)), markdown);
  });

  it('describes the answers of every route: success bodies and the error body', () => {
    for (const { path, method, op } of operations(doc)) {
      const key = `${method.toUpperCase()} ${path}`;
      const successes = Object.entries(op.responses).filter(([s]) => /^2/.test(s));
      const described = successes.every(([s, r]) => s === '204' || r.content !== undefined);
      if (AWAITING_SCHEMAS.has(key)) {
        assert.equal(described, false, `${key} has response schemas now: remove it from AWAITING_SCHEMAS`);
        continue;
      }
      assert.ok(described, `${key} describes its success body`);
      if (path === '/api/v1/openapi.json') continue;
      for (const range of ['4XX', '5XX']) {
        assert.deepEqual(op.responses[range]?.content?.['application/json']?.schema, { $ref: '#/components/schemas/Error' }, `${key} ${range}`);
      }
    }
  });
});

describe('the SDK agrees with the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  before(async () => {
    t = await startTestApp();
    doc = await readDocument(t.app);
  });
  after(() => t.close());

  it('has, for each type that mirrors an API object, exactly the property names of its component', () => {
    for (const [name, fields] of Object.entries(SDK_OBJECT_FIELDS)) {
      const [component, ...inside] = name.split('.');
      const schema = resolvePointer(doc, ['#/components/schemas', component, ...inside.flatMap((p) => ['properties', p])].join('/')) as { properties?: object } | undefined;
      assert.ok(schema?.properties, `the document has ${name}`);
      assert.deepEqual(sorted(fields), sorted(Object.keys(schema.properties)), `${name}: SDK (actual) vs OpenAPI (expected)`);
    }
  });

  it('mirrors every component or says why not', () => {
    const mirrored = new Set(Object.keys(SDK_OBJECT_FIELDS).map((name) => name.split('.')[0]));
    for (const name of Object.keys(doc.components.schemas)) {
      assert.ok(mirrored.has(name) !== (name in NOT_IN_SDK), `${name}: ${mirrored.has(name) ? 'mirrored, remove it from NOT_IN_SDK' : 'add it to the SDK or to NOT_IN_SDK with a reason'}`);
    }
    for (const name of Object.keys(NOT_IN_SDK)) assert.ok(doc.components.schemas[name], `NOT_IN_SDK names ${name}, which the document lacks`);
  });

  it('calls only operations the document has, with the same parameter names', () => {
    for (const route of SDK_ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      const item = doc.paths[`/api/v1${path}`];
      assert.ok(item?.[method.toLowerCase() as 'get'], `${route} is in the document`);
    }
    assert.equal(new Set(SDK_ROUTES.map((r) => shapeOf(r))).size, SDK_ROUTES.length, 'no route is listed twice');
  });
});
