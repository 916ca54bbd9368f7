// POST /Bulk end to end: bulkId references in any order, failOnErrors, per-operation results, limits, bad bodies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ERROR_URN, assertScimError, assertScimMedia, types, withEvents } from './helpers/scim-expect.ts';
import { ORIGIN, PATCH_URN, USER_URN, startTestApp, userBody, type Reply, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const MAX_OPERATIONS = 3;
const MAX_PAYLOAD = 4096;

interface BulkResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  status: string;
  response?: { schemas: string[]; status: string; scimType?: string; detail: string };
}

describe('SCIM /Bulk', () => {
  let t: TestApp;
  let d: TestDirectory;
  const bulk = async (operations: unknown[], extra: Record<string, unknown> = {}) => {
    const r = await d.scim('POST', '/Bulk', { schemas: [BULK_REQUEST], ...extra, Operations: operations });
    assert.equal(r.status, 200, r.text);
    assertScimMedia(r);
    assert.deepEqual(r.body.schemas, [BULK_RESPONSE]);
    return r.body.Operations as BulkResult[];
  };
  const idOf = (result: BulkResult | undefined) => {
    const location = result?.location ?? '';
    return location.slice(location.lastIndexOf('/') + 1);
  };
  const assertFailed = (result: BulkResult | undefined, status: string, scimType?: string) => {
    assert.ok(result, 'a result for the operation');
    assert.equal(result.status, status, JSON.stringify(result));
    assert.deepEqual(result.response?.schemas, [ERROR_URN]);
    assert.equal(result.response?.status, status);
    assert.equal(result.response?.scimType, scimType);
    assert.equal(typeof result.response?.detail, 'string');
  };
  const userCount = async (userName: string) =>
    (await d.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.totalResults as number;

  before(async () => {
    t = await startTestApp({ ROSTER_SCIM_BULK_MAX_OPERATIONS: String(MAX_OPERATIONS), ROSTER_SCIM_BULK_MAX_PAYLOAD: String(MAX_PAYLOAD) });
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  it('creates a user and a group that names it by bulkId, with status, location and version for each', async () => {
    const { result: results, events } = await withEvents(t, d.id, () =>
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'u1', data: userBody('bulk1@acme.com') },
        { method: 'POST', path: '/Groups', bulkId: 'g1', data: { displayName: 'Bulk group', members: [{ type: 'User', value: 'bulkId:u1' }] } },
      ]),
    );
    assert.equal(results.length, 2);
    const [u, g] = results;
    assert.equal(u?.method, 'POST');
    assert.equal(u?.bulkId, 'u1');
    assert.equal(u?.status, '201');
    assert.equal(u?.version, 'W/"1"');
    assert.match(u?.location ?? '', new RegExp(`^${ORIGIN}${d.base}/Users/[0-9a-f-]{36}$`));
    assert.equal(g?.bulkId, 'g1');
    assert.equal(g?.status, '201');
    assert.match(g?.location ?? '', new RegExp(`^${ORIGIN}${d.base}/Groups/[0-9a-f-]{36}$`));
    const group = await d.scim('GET', `/Groups/${idOf(g)}`);
    assert.deepEqual(group.body.members.map((m: { value: string }) => m.value), [idOf(u)]);
    assert.equal((await d.scim('GET', `/Users/${idOf(u)}`)).body.userName, 'bulk1@acme.com');
    assert.deepEqual(types(events), ['user.created', 'group.created', 'group.member_added']);
  });

  it('resolves a bulkId whose operation comes later in the request', async () => {
    const results = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'g2', data: { displayName: 'Forward', members: [{ value: 'bulkId:u2' }] } },
      { method: 'POST', path: '/Users', bulkId: 'u2', data: userBody('bulk2@acme.com') },
    ]);
    // Results keep the order of the request, whatever order the operations ran in.
    assert.deepEqual(results.map((r) => [r.bulkId, r.status]), [['g2', '201'], ['u2', '201']]);
    const members = (await d.scim('GET', `/Groups/${idOf(results[0])}`)).body.members;
    assert.deepEqual(members.map((m: { value: string }) => m.value), [idOf(results[1])]);
  });

  it('runs PUT, PATCH and DELETE, and resolves a bulkId in a path', async () => {
    const created = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'u3', data: userBody('bulk3@acme.com') },
      { method: 'POST', path: '/Groups', bulkId: 'g3', data: { displayName: 'Patched later' } },
      { method: 'PATCH', path: '/Groups/bulkId:g3', data: { schemas: [PATCH_URN], Operations: [{ op: 'add', path: 'members', value: [{ value: 'bulkId:u3' }] }] } },
    ]);
    assert.deepEqual(created.map((r) => r.status), ['201', '201', '200']);
    const userId = idOf(created[0]);
    const groupId = idOf(created[1]);
    assert.equal(created[2]?.location, `${ORIGIN}${d.base}/Groups/${groupId}`);
    assert.equal(created[2]?.version, 'W/"2"');
    assert.deepEqual((await d.scim('GET', `/Groups/${groupId}`)).body.members.map((m: { value: string }) => m.value), [userId]);

    const changed = await bulk([
      { method: 'PUT', path: `/Users/${userId}`, data: userBody('bulk3@acme.com', { title: 'Put' }) },
      { method: 'PATCH', path: `/Users/${userId}`, version: 'W/"2"', data: { schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'nickName', value: 'Bee' }] } },
      { method: 'DELETE', path: `/Groups/${groupId}` },
    ]);
    assert.deepEqual(
      changed.map((r) => [r.method, r.status, r.version]),
      [
        ['PUT', '200', 'W/"2"'],
        ['PATCH', '200', 'W/"3"'],
        ['DELETE', '204', undefined],
      ],
    );
    assert.equal(changed[0]?.location, `${ORIGIN}${d.base}/Users/${userId}`);
    const user = (await d.scim('GET', `/Users/${userId}`)).body;
    assert.equal(user.title, 'Put');
    assert.equal(user.nickName, 'Bee');
    assertScimError(await d.scim('GET', `/Groups/${groupId}`), 404);
    // A stale version in an operation fails that operation with 412.
    const stale = await bulk([{ method: 'PATCH', path: `/Users/${userId}`, version: 'W/"1"', data: { Operations: [{ op: 'replace', path: 'title', value: 'x' }] } }]);
    assertFailed(stale[0], '412');
    // RFC 7644 §3.7: every result but a failed POST says which resource it was about.
    assert.equal(stale[0]?.location, `${ORIGIN}${d.base}/Users/${userId}`);
  });

  it('reports each failed operation with a SCIM error and writes nothing for it', async () => {
    await bulk([{ method: 'POST', path: '/Users', bulkId: 'taken', data: userBody('taken@acme.com') }]);
    const { result: results, events } = await withEvents(t, d.id, () =>
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'dup', data: userBody('TAKEN@acme.com') },
        { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [USER_URN], name: { givenName: 'No userName' } } },
        { method: 'POST', path: '/Users', bulkId: 'good', data: userBody('good@acme.com') },
      ]),
    );
    assertFailed(results[0], '409', 'uniqueness');
    assert.equal(results[0]?.bulkId, 'dup');
    assertFailed(results[1], '400', 'invalidValue');
    assert.equal(results[2]?.status, '201');
    assert.deepEqual(types(events), ['user.created']);
    assert.equal(await userCount('good@acme.com'), 1);
  });

  it('stops after failOnErrors errors and leaves the rest undone', async () => {
    const results = await bulk(
      [
        { method: 'POST', path: '/Users', bulkId: 'f1', data: userBody('taken@acme.com') },
        { method: 'POST', path: '/Users', bulkId: 'f2', data: { userName: '' } },
        { method: 'POST', path: '/Users', bulkId: 'f3', data: userBody('never@acme.com') },
      ],
      { failOnErrors: 2 },
    );
    assert.deepEqual(results.map((r) => [r.bulkId, r.status]), [['f1', '409'], ['f2', '400']]);
    assert.equal(await userCount('never@acme.com'), 0);

    const one = await bulk(
      [
        { method: 'POST', path: '/Users', bulkId: 'o1', data: userBody('first@acme.com') },
        { method: 'DELETE', path: '/Users/01a20000-0000-7000-8000-000000000000' },
        { method: 'POST', path: '/Users', bulkId: 'o3', data: userBody('third@acme.com') },
      ],
      { failOnErrors: 1 },
    );
    assert.deepEqual(one.map((r) => r.status), ['201', '404']);
    assert.equal(one[1]?.location, `${ORIGIN}${d.base}/Users/01a20000-0000-7000-8000-000000000000`);
    assert.equal(results[0]?.location, undefined, 'a failed POST has no location');
    assert.equal(await userCount('first@acme.com'), 1);
    assert.equal(await userCount('third@acme.com'), 0);
  });

  it('fails an operation whose bulkId names nothing created, and answers 409 to a cycle of bulkIds', async () => {
    const missing = await bulk([{ method: 'POST', path: '/Groups', bulkId: 'gm', data: { displayName: 'Dangling', members: [{ value: 'bulkId:nobody' }] } }]);
    assertFailed(missing[0], '400', 'invalidValue');
    assert.match(missing[0]?.response?.detail ?? '', /nobody/);
    // A reference to an operation that failed is just as unresolvable.
    const failedRef = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'broken', data: { userName: '' } },
      { method: 'POST', path: '/Groups', bulkId: 'gb', data: { displayName: 'Refers to broken', members: [{ value: 'bulkId:broken' }] } },
    ]);
    assertFailed(failedRef[0], '400', 'invalidValue');
    assertFailed(failedRef[1], '400', 'invalidValue');
    // RFC 7644 §3.7.1: references the server cannot order may be answered with 409 (Conflict).
    const cycle = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'ca', data: { displayName: 'Cycle A', members: [{ value: 'bulkId:cb' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'cb', data: { displayName: 'Cycle B', members: [{ value: 'bulkId:ca' }] } },
    ]);
    assertFailed(cycle[0], '409');
    assertFailed(cycle[1], '409');
    const groups = await d.scim('GET', `/Groups?filter=${encodeURIComponent('displayName sw "Cycle"')}`);
    assert.equal(groups.body.totalResults, 0);
  });

  it('fails an operation on a path it does not serve, and runs the others', async () => {
    const results = await bulk([
      { method: 'POST', path: '/Widgets', bulkId: 'w', data: {} },
      { method: 'PUT', path: '/Users', data: userBody('x@acme.com') },
      { method: 'POST', path: '/users', bulkId: 'lower', data: userBody('lowerpath@acme.com') },
    ]);
    assertFailed(results[0], '400', 'invalidPath');
    assertFailed(results[1], '400', 'invalidPath');
    assert.equal(results[2]?.status, '201');
    assert.match(results[2]?.location ?? '', new RegExp(`${d.base}/Users/`));
  });

  it(`answers 413 to more than maxOperations (${MAX_OPERATIONS}) operations and runs none`, async () => {
    const ops = Array.from({ length: MAX_OPERATIONS + 1 }, (_, i) => ({ method: 'POST', path: '/Users', bulkId: `m${i}`, data: userBody(`many${i}@acme.com`) }));
    const { result: r, events } = await withEvents(t, d.id, () => d.scim('POST', '/Bulk', { schemas: [BULK_REQUEST], Operations: ops }));
    assertScimError(r, 413, undefined, new RegExp(`${MAX_OPERATIONS}`));
    assert.deepEqual(events, []);
    assert.equal(await userCount('many0@acme.com'), 0);
  });

  it(`answers 413 to a body over maxPayloadSize (${MAX_PAYLOAD} bytes)`, async () => {
    const op = { method: 'POST', path: '/Users', bulkId: 'big', data: userBody('big@acme.com', { displayName: 'x'.repeat(MAX_PAYLOAD) }) };
    assertScimError(await d.scim('POST', '/Bulk', { schemas: [BULK_REQUEST], Operations: [op] }), 413);
    assert.equal(await userCount('big@acme.com'), 0);
  });

  it('answers 400 invalidSyntax to bodies that are no BulkRequest', async () => {
    const op = { method: 'POST', path: '/Users', bulkId: 'b', data: userBody('never2@acme.com') };
    const bodies: unknown[] = [
      '{"Operations": [',
      [],
      {},
      { schemas: [BULK_REQUEST], Operations: [] },
      { schemas: [BULK_REQUEST], Operations: {} },
      { schemas: ['urn:wrong'], Operations: [op] },
      { Operations: [{ ...op, method: 'GET' }] },
      { Operations: [{ method: 'POST', bulkId: 'p', data: {} }] },
      { Operations: [{ method: 'POST', path: '/Users', data: userBody('never3@acme.com') }] },
      { Operations: [op, { ...op, data: userBody('never4@acme.com') }] },
      { Operations: [op], failOnErrors: 0 },
      { Operations: [op], failOnErrors: 'two' },
      { Operations: ['not an object'] },
    ];
    for (const body of bodies) {
      const r: Reply = await d.scim('POST', '/Bulk', body);
      assertScimError(r, 400, 'invalidSyntax');
    }
    assert.equal(await userCount('never2@acme.com'), 0);
  });
});
