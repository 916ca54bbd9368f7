// Discovery end to end: /ServiceProviderConfig, /ResourceTypes, /Schemas (RFC 7643 §5–§7, RFC 7644 §4), /Me and unknown endpoints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIST_URN, assertScimError, assertScimMedia } from './helpers/scim-expect.ts';
import { ENTERPRISE_URN, GROUP_URN, ORIGIN, USER_URN, startTestApp, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const SPC_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const CHARACTERISTICS = ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness'];

interface AttributeDoc {
  name: string;
  type: string;
  subAttributes?: AttributeDoc[];
  [k: string]: unknown;
}

describe('SCIM discovery', () => {
  let t: TestApp;
  let d: TestDirectory;
  const get = async (path: string) => {
    const r = await d.scim('GET', path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    assertScimMedia(r);
    return r.body;
  };

  before(async () => {
    t = await startTestApp({ ROSTER_SCIM_MAX_RESULTS: '50', ROSTER_SCIM_BULK_MAX_OPERATIONS: '7', ROSTER_SCIM_BULK_MAX_PAYLOAD: '65536' });
    d = await t.createDirectory('generic');
  });
  after(() => t.close());

  it('advertises what the server does in /ServiceProviderConfig, with the configured limits', async () => {
    const spc = await get('/ServiceProviderConfig');
    assert.deepEqual(spc.schemas, [SPC_URN]);
    assert.deepEqual(spc.patch, { supported: true });
    assert.deepEqual(spc.bulk, { supported: true, maxOperations: 7, maxPayloadSize: 65536 });
    assert.deepEqual(spc.filter, { supported: true, maxResults: 50 });
    assert.deepEqual(spc.changePassword, { supported: false });
    assert.deepEqual(spc.sort, { supported: true });
    assert.deepEqual(spc.etag, { supported: true });
    // RFC 9865 §4: cursor paging advertised beside index paging, which stays the default.
    assert.equal(spc.pagination.cursor, true);
    assert.equal(spc.pagination.index, true);
    assert.equal(spc.pagination.defaultPaginationMethod, 'index');
    assert.equal(spc.pagination.maxPageSize, 50);
    assert.equal(spc.pagination.defaultPageSize, 50);
    assert.ok(Number.isInteger(spc.pagination.cursorTimeout) && spc.pagination.cursorTimeout > 0);
    assert.ok(Array.isArray(spc.authenticationSchemes) && spc.authenticationSchemes.length === 1);
    const [scheme] = spc.authenticationSchemes;
    assert.equal(scheme.type, 'oauthbearertoken');
    assert.equal(typeof scheme.name, 'string');
    assert.equal(typeof scheme.description, 'string');
    assert.equal(scheme.primary, true);
    assert.deepEqual(spc.meta, { resourceType: 'ServiceProviderConfig', location: `${ORIGIN}${d.base}/ServiceProviderConfig` });
  });

  it('lists the User and Group resource types, and serves each by id', async () => {
    const list = await get('/ResourceTypes');
    assert.deepEqual(list.schemas, [LIST_URN]);
    assert.equal(list.totalResults, 2);
    assert.equal(list.itemsPerPage, 2);
    assert.equal(list.startIndex, 1);
    const user = list.Resources.find((r: { id: string }) => r.id === 'User');
    assert.deepEqual(user, {
      schemas: [RESOURCE_TYPE_URN],
      id: 'User',
      name: 'User',
      description: 'User Account',
      endpoint: '/Users',
      schema: USER_URN,
      schemaExtensions: [{ schema: ENTERPRISE_URN, required: false }],
      meta: { resourceType: 'ResourceType', location: `${ORIGIN}${d.base}/ResourceTypes/User` },
    });
    const group = list.Resources.find((r: { id: string }) => r.id === 'Group');
    assert.equal(group.endpoint, '/Groups');
    assert.equal(group.schema, GROUP_URN);
    assert.deepEqual(group.schemaExtensions, []);
    assert.deepEqual(await get('/ResourceTypes/User'), user);
    assert.deepEqual(await get('/ResourceTypes/Group'), group);
    assert.deepEqual(await get('/resourcetypes/user'), user);
    assertScimError(await d.scim('GET', '/ResourceTypes/Widget'), 404, undefined, /Widget/);
  });

  it('lists the schemas with every attribute characteristic of RFC 7643 §7, and serves each by URN', async () => {
    const list = await get('/Schemas');
    assert.deepEqual(list.schemas, [LIST_URN]);
    const ids = list.Resources.map((s: { id: string }) => s.id).sort();
    assert.deepEqual(ids, [ENTERPRISE_URN, GROUP_URN, USER_URN].sort());
    assert.equal(list.totalResults, 3);
    const check = (attr: AttributeDoc, where: string) => {
      for (const key of CHARACTERISTICS) assert.ok(Object.hasOwn(attr, key), `${where}.${attr.name} lacks "${key}"`);
      if (attr.type === 'complex') {
        assert.ok(Array.isArray(attr.subAttributes) && attr.subAttributes.length > 0, `${where}.${attr.name} lists its sub-attributes`);
        for (const sub of attr.subAttributes) check(sub, `${where}.${attr.name}`);
      }
    };
    for (const schema of list.Resources) {
      assert.deepEqual(schema.schemas, [SCHEMA_URN]);
      assert.equal(typeof schema.name, 'string');
      assert.deepEqual(schema.meta, { resourceType: 'Schema', location: `${ORIGIN}${d.base}/Schemas/${schema.id}` });
      assert.ok(schema.attributes.length > 0);
      for (const attr of schema.attributes) check(attr, schema.id);
      assert.deepEqual(await get(`/Schemas/${schema.id}`), schema);
    }
    const user = list.Resources.find((s: { id: string }) => s.id === USER_URN);
    const attr = (name: string) => user.attributes.find((a: AttributeDoc) => a.name === name);
    assert.deepEqual(
      { required: attr('userName').required, uniqueness: attr('userName').uniqueness, caseExact: attr('userName').caseExact },
      { required: true, uniqueness: 'server', caseExact: false },
    );
    assert.deepEqual({ returned: attr('password').returned, mutability: attr('password').mutability }, { returned: 'never', mutability: 'writeOnly' });
    assert.equal(attr('groups').mutability, 'readOnly');
    assert.equal(attr('emails').multiValued, true);
    const group = await get(`/Schemas/${GROUP_URN}`);
    assert.equal(group.attributes.find((a: AttributeDoc) => a.name === 'displayName').required, true);
    assertScimError(await d.scim('GET', '/Schemas/urn:nope'), 404, undefined, /urn:nope/);
  });

  it('answers /Me with a 501 SCIM error', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await d.scim(method, '/Me', method === 'GET' || method === 'DELETE' ? undefined : {});
      assertScimError(r, 501, undefined, /Me/);
    }
    assertScimError(await d.scim('GET', '/me'), 501);
  });

  it('answers an unknown endpoint with a 404 SCIM error', async () => {
    for (const path of ['/Widgets', '/Users/a/b', '/Groups/x/members', '/']) {
      assertScimError(await d.scim('GET', path), 404);
    }
    assertScimError(await d.scim('POST', '/Widgets', {}), 404, undefined, /Widgets/);
  });
});
