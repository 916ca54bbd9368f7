// Issue 9: custom extension schemas per directory (Entra's urn:…:extension:<Name>:2.0:User:<attr>, Okta's
// custom attributes): declared through the admin API, served in that directory's discovery, validated,
// stored, returned, filtered, patched; deletion refuses to strand values unless asked to purge them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { assertScimError, directoryEvents, withEvents, types } from './helpers/scim-expect.ts';
import { entryFor } from './helpers/sync-log-expect.ts';
import { ADMIN_KEY, ORIGIN, patchBody, startTestApp, userBody, USER_URN, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const ACME = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User';
const OKTA = 'urn:okta:acme:1.0:user:custom';

const ACME_SCHEMA = {
  id: ACME,
  name: 'Acme',
  description: 'Acme badge data',
  attributes: [
    { name: 'badge', type: 'string', description: 'Badge number' },
    { name: 'level', type: 'integer' },
    { name: 'contractor', type: 'boolean' },
    { name: 'startDate', type: 'dateTime' },
    { name: 'colour', type: 'string', canonicalValues: ['red', 'blue'] },
    { name: 'pin', type: 'string', returned: 'never' },
    { name: 'nickTags', type: 'string', multiValued: true },
    { name: 'desk', type: 'complex', subAttributes: [{ name: 'building', type: 'string' }, { name: 'floor', type: 'integer' }] },
  ],
};

const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

describe('custom schemas: declared per directory', () => {
  let t: TestApp;
  let d: TestDirectory;
  let other: TestDirectory;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('entra');
    const otherOrg = (await t.admin('POST', '/organizations', { name: 'Other Corp' })).body.id;
    other = await t.createDirectory('okta', otherOrg);
  });
  after(() => t.close());

  it('declares a schema and answers it with every characteristic spelled out', async () => {
    const r = await t.admin('POST', `/directories/${d.id}/schemas`, ACME_SCHEMA);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.id, ACME);
    assert.equal(r.body.resourceType, 'User');
    assert.deepEqual(r.body.attributes[0], {
      name: 'badge', type: 'string', multiValued: false, description: 'Badge number', required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
    });
    assert.deepEqual(r.body.attributes[7].subAttributes.map((s: { name: string }) => s.name), ['building', 'floor']);
    const list = await t.admin('GET', `/directories/${d.id}/schemas`);
    assert.deepEqual(list.body.data.map((s: { id: string }) => s.id), [ACME]);
    assert.equal((await t.admin('GET', `/directories/${d.id}/schemas/${ACME.toLowerCase()}`)).body.id, ACME, 'found in any case');
    assert.equal((await t.admin('GET', `/directories/${other.id}/schemas/${ACME}`)).status, 404);
  });

  it('refuses declarations RFC 7643 or the limits do not allow, naming the field', async () => {
    const bad: [unknown, RegExp, string][] = [
      [{ ...ACME_SCHEMA, id: 'acme-extension' }, /not a schema URN/, 'id'],
      [{ ...ACME_SCHEMA, id: 'urn:ietf:params:scim:schemas:core:2.0:User' }, /Roster defines itself/, 'id'],
      [{ ...ACME_SCHEMA, id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' }, /Roster defines itself/, 'id'],
      [{ id: 'urn:acme:x', attributes: [{ name: '9lives', type: 'string' }] }, /not an attribute name/, 'attributes[0].name'],
      [{ id: 'urn:acme:x', attributes: [{ name: 'a', type: 'string' }, { name: 'A', type: 'integer' }] }, /case-insensitive/, 'attributes[1].name'],
      [{ id: 'urn:acme:x', attributes: [{ name: 'a', type: 'binary' }] }, /must be one of/, 'attributes[0].type'],
      [{ id: 'urn:acme:x', attributes: [{ name: 'a', type: 'string', uniqueness: 'server' }] }, /only "none"/, 'attributes[0].uniqueness'],
      [{ id: 'urn:acme:x', attributes: [{ name: 'a', type: 'complex', subAttributes: [{ name: 'b', type: 'complex', subAttributes: [{ name: 'c', type: 'string' }] }] }] }, /cannot be complex/, 'attributes[0].subAttributes[0].type'],
      [{ id: 'urn:acme:x', attributes: [{ name: 'a', type: 'integer', canonicalValues: ['1'] }] }, /only for string/, 'attributes[0].canonicalValues'],
      [{ id: 'urn:acme:x', attributes: [{ name: 'a', type: 'string', mutability: 'writeOnly', returned: 'default' }] }, /writeOnly/, 'attributes[0].returned'],
      [{ id: 'urn:acme:x', attributes: Array.from({ length: 101 }, (_, i) => ({ name: `a${i}`, type: 'string' })) }, /at most 100|must NOT have more than 100/, 'attributes'],
    ];
    for (const [body, message, attribute] of bad) {
      const r = await t.admin('POST', `/directories/${d.id}/schemas`, body);
      assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
      assert.match(r.body.error.message, message);
      if (r.body.error.attribute !== undefined) assert.equal(r.body.error.attribute, attribute);
    }
    const clash = await t.admin('POST', `/directories/${d.id}/schemas`, { ...ACME_SCHEMA, id: `${ACME.toUpperCase()}` });
    assert.equal(clash.status, 409, clash.text);
    const prefix = await t.admin('POST', `/directories/${d.id}/schemas`, { id: `${ACME}:badge`, attributes: [{ name: 'x', type: 'string' }] });
    assert.equal(prefix.status, 409, 'a URN that extends another would make URN:attr paths ambiguous');
    assert.equal((await t.admin('GET', `/directories/${d.id}/schemas`)).body.data.length, 1, 'nothing refused was stored');
  });

  it('lists the schema in that directory\'s /Schemas and /ResourceTypes only (tenant wall)', async () => {
    const schemas = await d.scim('GET', '/Schemas');
    const doc = schemas.body.Resources.find((s: { id: string }) => s.id === ACME);
    assert.ok(doc, 'listed');
    assert.equal(doc.meta.location, `http://roster.test${d.base}/Schemas/${ACME}`);
    assert.deepEqual(doc.schemas, ['urn:ietf:params:scim:schemas:core:2.0:Schema']);
    assert.equal(doc.attributes.find((a: { name: string }) => a.name === 'colour').canonicalValues.join(), 'red,blue');
    assert.equal(doc.attributes[0].enforceCanonicalValues, undefined, 'internal flags stay internal');
    assert.equal((await d.scim('GET', `/Schemas/${ACME}`)).body.name, 'Acme');
    const user = (await d.scim('GET', '/ResourceTypes/User')).body;
    assert.deepEqual(user.schemaExtensions, [
      { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
      { schema: ACME, required: false },
    ]);
    assert.deepEqual((await d.scim('GET', '/ResourceTypes/Group')).body.schemaExtensions, []);
    // The other directory (another organization) sees the built-in schemas only.
    assert.ok(!(await other.scim('GET', '/Schemas')).body.Resources.some((s: { id: string }) => s.id === ACME));
    assert.equal((await other.scim('GET', `/Schemas/${ACME}`)).status, 404);
    assert.equal((await other.scim('GET', '/ResourceTypes/User')).body.schemaExtensions.length, 1);
  });

  it('stores and returns declared attributes (Entra style: extension object on POST), with the URN in schemas', async () => {
    const r = await d.scim('POST', '/Users', userBody('ada@acme.com', {
      schemas: [USER_URN, ACME],
      [ACME]: { badge: '42', Level: '3', contractor: 'False', startDate: '2026-01-05T09:00:00Z', colour: 'RED', pin: '1234', nickTags: 'ace', desk: { building: 'HQ', floor: 4 } },
    }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.schemas, [USER_URN, ACME]);
    assert.deepEqual(r.body[ACME], { badge: '42', level: 3, contractor: false, startDate: '2026-01-05T09:00:00Z', colour: 'red', nickTags: ['ace'], desk: { building: 'HQ', floor: 4 } });
    const stored = await t.db.store.db.selectFrom('users').select('resource').where('id', '=', r.body.id).executeTakeFirstOrThrow();
    assert.equal((stored.resource as Record<string, Record<string, unknown>>)[ACME]?.pin, '1234', 'returned:never is stored');
    const got = await d.scim('GET', `/Users/${r.body.id}`);
    assert.equal(got.body[ACME].pin, undefined, 'returned:never is never returned');
    assert.equal(got.body[ACME].badge, '42');
  });

  it('refuses wrong types and values with 400 invalidValue, naming the attribute in the answer and the sync log', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ level: 'three' }, `${ACME}:level`],
      [{ contractor: 'perhaps' }, `${ACME}:contractor`],
      [{ startDate: 'next week' }, `${ACME}:startDate`],
      [{ colour: 'green' }, `${ACME}:colour`],
      [{ desk: { floor: 'top' } }, `${ACME}:desk.floor`],
      [{ badge: ['1', '2'] }, `${ACME}:badge`],
    ];
    for (const [ext, attribute] of cases) {
      const userName = `bad-${attribute.split(':').pop()}@acme.com`;
      const r = await d.scim('POST', '/Users', userBody(userName, { [ACME]: ext }));
      assertScimError(r, 400, 'invalidValue');
      assert.ok(r.body.detail.includes(attribute), `${r.body.detail} names ${attribute}`);
      const entry = await entryFor(t, d.id, 'POST', '/Users', (e) => e.userName === userName);
      assert.equal(entry.error?.attribute, attribute);
    }
    const green = await d.scim('POST', '/Users', userBody('green@acme.com', { [ACME]: { colour: 'green' } }));
    assert.match(green.body.detail, /"red", "blue"/);
    const pin = await d.scim('POST', '/Users', userBody('pin@acme.com', { [ACME]: { pin: 98765 } }));
    assert.doesNotMatch(pin.body.detail, /98765/, 'a returned:never value is not echoed');
  });

  /** Entra's PATCH answers 204 (its dialect); the user is read back. */
  async function patched(id: string, ...ops: unknown[]): Promise<Record<string, any>> {
    const r = await d.scim('PATCH', `/Users/${id}`, patchBody(...ops));
    assert.equal(r.status, 204, r.text);
    return (await d.scim('GET', `/Users/${id}`)).body;
  }

  it('PATCH with URN paths (Entra): add, replace, remove, and path-less URN keys', async () => {
    const id = (await d.scim('POST', '/Users', userBody('bob@acme.com'))).body.id;
    const add = await patched(id, { op: 'Add', path: `${ACME}:badge`, value: '7' });
    assert.deepEqual(add.schemas, [USER_URN, ACME]);
    assert.equal(add[ACME].badge, '7');
    const replace = await patched(id, { op: 'Replace', path: `${ACME}:badge`, value: '8' }, { op: 'replace', value: { [`${ACME}:level`]: 5, [`${ACME}:desk.building`]: 'Annex' } });
    assert.deepEqual(replace[ACME], { badge: '8', level: 5, desk: { building: 'Annex' } });
    const wrong = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: `${ACME}:level`, value: 'high' }));
    assertScimError(wrong, 400, 'invalidValue');
    // Entra clears an emptied source attribute with "": for a custom integer that is a removal, not a type error.
    const cleared = await patched(id, { op: 'Replace', path: `${ACME}:level`, value: '' });
    assert.deepEqual(cleared[ACME], { badge: '8', desk: { building: 'Annex' } });
    const remove = await patched(id, { op: 'Remove', path: `${ACME}:badge` }, { op: 'remove', path: `${ACME}:level` }, { op: 'remove', path: `${ACME}:desk` });
    assert.equal(remove[ACME], undefined, 'the empty extension goes');
    assert.deepEqual(remove.schemas, [USER_URN]);
  });

  it('filters by a declared attribute, and attributes / excludedAttributes select it', async () => {
    const found = await d.scim('GET', q(`${ACME}:badge eq "42"`));
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.body.Resources.map((u: { userName: string }) => u.userName), ['ada@acme.com']);
    assert.equal((await d.scim('GET', q(`${ACME}:level gt 2 and ${ACME}:contractor eq false`))).body.totalResults, 1);
    assert.equal((await d.scim('GET', q(`${ACME}:desk.building eq "hq"`))).body.totalResults, 1, 'caseExact false');
    assert.equal((await d.scim('GET', q(`${ACME}:nickTags eq "ACE"`))).body.totalResults, 1);
    assertScimError(await d.scim('GET', q(`${ACME}:pin eq "1234"`)), 400, 'invalidFilter');
    assertScimError(await d.scim('GET', q(`${ACME}:shoeSize eq "1"`)), 400, 'invalidFilter');
    const searched = await d.scim('POST', '/.search', { filter: `${ACME}:badge eq "42"` });
    assert.equal(searched.body.totalResults, 1, 'root search resolves it too');
    const only = await d.scim('GET', `${q(`${ACME}:badge pr`)}&attributes=${encodeURIComponent(`${ACME}:badge`)}`);
    assert.deepEqual(only.body.Resources[0][ACME], { badge: '42' });
    assert.deepEqual(only.body.Resources[0].schemas, [USER_URN, ACME]);
    const without = await d.scim('GET', `${q(`${ACME}:badge pr`)}&excludedAttributes=${encodeURIComponent(ACME)}`);
    assert.equal(without.body.Resources[0][ACME], undefined);
    assert.deepEqual(without.body.Resources[0].schemas, [USER_URN]);
    assert.equal((await other.scim('GET', q(`${ACME}:badge eq "42"`))).status, 400, "another directory's filter does not know the attribute");
  });

  it('sorts by a declared attribute, and Bulk operations validate it like single requests', async () => {
    const bulk = await d.scim('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'a', data: userBody('bulk-a@acme.com', { [ACME]: { level: 9 } }) },
        { method: 'POST', path: '/Users', bulkId: 'b', data: userBody('bulk-b@acme.com', { [ACME]: { level: 'nine' } }) },
      ],
    });
    assert.deepEqual(bulk.body.Operations.map((o: { status: string }) => o.status), ['201', '400']);
    assert.equal(bulk.body.Operations[1].response.scimType, 'invalidValue');
    const sorted = await d.scim('GET', `${q(`${ACME}:level pr`)}&sortBy=${encodeURIComponent(`${ACME}:level`)}&sortOrder=descending`);
    assert.deepEqual(sorted.body.Resources.map((u: Record<string, Record<string, number>>) => u[ACME]?.level), [9, 3]);
  });

  it("the admin read API filters by declared attributes too", async () => {
    const r = await t.admin('GET', `/directories/${d.id}/users?filter=${encodeURIComponent(`${ACME}:badge eq "42"`)}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.data.map((u: { userName: string }) => u.userName), ['ada@acme.com']);
  });

  it('reads the schemas once per schemas_version, not on every SCIM request', async () => {
    const description = async () => (await d.scim('GET', `/Schemas/${ACME}`)).body.description;
    assert.equal(await description(), 'Acme badge data');
    // Changed behind Roster's back, without moving the version: requests keep the compiled schema.
    await sql`update custom_schemas set description = 'changed behind the cache' where urn = ${ACME}`.execute(t.db.store.db);
    assert.equal(await description(), 'Acme badge data');
    assert.equal(await description(), 'Acme badge data');
    // A new version is read once the directory row is read again (here: at once, as a settings change clears the token cache).
    await sql`update directories set schemas_version = schemas_version + 1 where id = ${d.id}`.execute(t.db.store.db);
    assert.equal((await t.admin('PATCH', `/directories/${d.id}`, { attributeMode: 'lenient' })).status, 200);
    assert.equal(await description(), 'changed behind the cache');
    await sql`update custom_schemas set description = 'Acme badge data' where urn = ${ACME}`.execute(t.db.store.db);
  });

  it("tenant walls: another organization's key and portal session neither read nor change them; the own portal session may", async () => {
    const otherKey = (await t.admin('POST', '/admin-keys', { name: 'other org key', scope: 'full', organizationId: other.organizationId })).body.key as string;
    const declared = { id: 'urn:acme:intruder', attributes: [{ name: 'x', type: 'string' }] };
    for (const [method, path, body] of [
      ['GET', `/directories/${d.id}/schemas`],
      ['GET', `/directories/${d.id}/schemas/${ACME}`],
      ['POST', `/directories/${d.id}/schemas`, declared],
      ['PUT', `/directories/${d.id}/schemas/${ACME}`, { attributes: [{ name: 'x', type: 'string' }] }],
      ['DELETE', `/directories/${d.id}/schemas/${ACME}?purge=true`],
    ] as [string, string, unknown?][]) {
      const r = await t.admin(method, path, body, otherKey);
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
      assert.doesNotMatch(r.text, /Acme badge/);
    }
    const portal = async (orgId: string) => {
      const link = new URL((await t.admin('POST', `/organizations/${orgId}/portal-links`, { intent: 'manage' })).body.url);
      const opened = await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
      return String(opened.headers['set-cookie']).split(';')[0] ?? '';
    };
    const asPortal = (cookie: string, method: string, path: string, body?: unknown) =>
      t.app.inject({ method: method as 'POST', url: `/api/v1${path}`, headers: { cookie, 'x-roster-portal': '1', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
    const stranger = await portal(other.organizationId);
    assert.equal((await asPortal(stranger, 'GET', `/directories/${d.id}/schemas`)).statusCode, 404);
    assert.equal((await asPortal(stranger, 'POST', `/directories/${d.id}/schemas`, declared)).statusCode, 404);
    const own = await portal(d.organizationId);
    const made = await asPortal(own, 'POST', `/directories/${d.id}/schemas`, { id: 'urn:acme:portal', attributes: [{ name: 'x', type: 'string' }] });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal((await asPortal(own, 'DELETE', `/directories/${d.id}/schemas/urn:acme:portal`)).statusCode, 204);
    assert.deepEqual((await t.admin('GET', `/directories/${d.id}/schemas`)).body.data.map((x: { id: string }) => x.id), [ACME], 'nothing of the intruders stayed');
    const audit = (await t.admin('GET', '/audit-log?limit=100')).body.data as { action: { method: string; route: string; objectId: string }; status: number }[];
    const entries = audit.filter((e) => e.action.route.startsWith('/api/v1/directories/:id/schemas') && e.action.objectId === d.id && e.status < 300);
    assert.deepEqual(entries.map((e) => e.action.method), ['POST', 'POST', 'DELETE'], 'every change is in the audit log (the first declaration, the portal\'s two)');
  });

  it('strict mode refuses undeclared attributes of a declared schema and undeclared schemas; declared ones pass', async () => {
    assert.equal((await t.admin('PATCH', `/directories/${d.id}`, { attributeMode: 'strict' })).status, 200);
    const ok = await d.scim('POST', '/Users', userBody('strict-ok@acme.com', { schemas: [USER_URN, ACME], [ACME]: { badge: '1' } }));
    assert.equal(ok.status, 201, ok.text);
    assertScimError(await d.scim('POST', '/Users', userBody('strict-1@acme.com', { [ACME]: { shoeSize: 9 } })), 400, 'invalidSyntax');
    assertScimError(await d.scim('POST', '/Users', userBody('strict-2@acme.com', { 'urn:ietf:params:scim:schemas:extension:Other:2.0:User:x': 'y' })), 400, 'invalidSyntax');
    assert.equal((await t.admin('PATCH', `/directories/${d.id}`, { attributeMode: 'lenient' })).status, 200);
    const lenient = await d.scim('POST', '/Users', userBody('lenient@acme.com', { [ACME]: { badge: '2', shoeSize: 9 } }));
    assert.equal(lenient.status, 201, lenient.text);
    assert.deepEqual(lenient.body[ACME], { badge: '2' });
    const entry = await entryFor(t, d.id, 'POST', '/Users', (e) => e.userName === 'lenient@acme.com');
    assert.equal(entry.warning?.attribute, `${ACME}:shoeSize`);
  });

  it('required attributes of an extension apply when the resource carries it (RFC 7643 §6)', async () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:Badges:2.0:User';
    const declared = await t.admin('POST', `/directories/${d.id}/schemas`, { id: urn, attributes: [{ name: 'number', type: 'string', required: true }, { name: 'note', type: 'string' }] });
    assert.equal(declared.status, 201, declared.text);
    assert.equal((await d.scim('POST', '/Users', userBody('noext@acme.com'))).status, 201, 'without the extension: fine');
    const missing = await d.scim('POST', '/Users', userBody('half@acme.com', { [urn]: { note: 'x' } }));
    assertScimError(missing, 400, 'invalidValue');
    assert.ok(missing.body.detail.includes(`${urn}:number`));
    const id = (await d.scim('POST', '/Users', userBody('full@acme.com', { [urn]: { number: 'N1' } }))).body.id;
    assertScimError(await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'remove', path: `${urn}:number` }, { op: 'add', path: `${urn}:note`, value: 'x' })), 400, 'invalidValue');
    const patchId = (await d.scim('POST', '/Users', userBody('later@acme.com'))).body.id;
    assertScimError(await d.scim('PATCH', `/Users/${patchId}`, patchBody({ op: 'add', path: `${urn}:note`, value: 'x' })), 400, 'invalidValue');
    assert.equal((await patched(patchId, { op: 'add', path: `${urn}:number`, value: 'N2' }))[urn].number, 'N2');
    const whole = await patched(patchId, { op: 'remove', path: urn });
    assert.equal(whole[urn], undefined, 'removing the whole extension takes its required attributes with it');
  });

  it('readOnly attributes are ignored on input and refused as PATCH paths, as core ones are', async () => {
    const urn = 'urn:acme:ro:1.0:User';
    assert.equal((await t.admin('POST', `/directories/${d.id}/schemas`, { id: urn, attributes: [{ name: 'score', type: 'integer', mutability: 'readOnly' }, { name: 'tag', type: 'string' }] })).status, 201);
    const r = await d.scim('POST', '/Users', userBody('ro@acme.com', { [urn]: { score: 10, tag: 't' } }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body[urn], { tag: 't' });
    assertScimError(await d.scim('PATCH', `/Users/${r.body.id}`, patchBody({ op: 'replace', path: `${urn}:score`, value: 3 })), 400, 'mutability');
    assert.equal((await t.admin('DELETE', `/directories/${d.id}/schemas/${urn}?purge=true`)).status, 204);
  });
});

describe('custom schemas: Okta style and changes to a declaration', () => {
  let t: TestApp;
  let d: TestDirectory;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    const r = await t.admin('POST', `/directories/${d.id}/schemas`, {
      id: OKTA,
      attributes: [{ name: 'costCode', type: 'string' }, { name: 'seniority', type: 'integer' }, { name: 'teams', type: 'string', multiValued: true }],
    });
    assert.equal(r.status, 201, r.text);
  });
  after(() => t.close());

  it('takes Okta profile pushes by PUT with the extension object, and shows the change in user.updated', async () => {
    const okta = (extra: Record<string, unknown>) => ({
      schemas: [USER_URN, OKTA],
      userName: 'kim@acme.com',
      name: { givenName: 'Kim', familyName: 'Lee' },
      emails: [{ primary: true, value: 'kim@acme.com', type: 'work' }],
      active: true,
      password: 'x7!randomOkta',
      groups: [],
      [OKTA]: extra,
    });
    const created = await d.scim('POST', '/Users', okta({ costCode: 'CC-1', seniority: 2, teams: ['core'] }));
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body[OKTA], { costCode: 'CC-1', seniority: 2, teams: ['core'] });
    const { result: put, events } = await withEvents(t, d.id, () => d.scim('PUT', `/Users/${created.body.id}`, okta({ costCode: 'CC-2', seniority: 2, teams: ['core', 'web'] })));
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(types(events), ['user.updated']);
    assert.deepEqual(events[0]?.data.previous[OKTA], { costCode: 'CC-1', seniority: 2, teams: ['core'] });
  });

  it('PUT of the declaration may add attributes; removing one that users hold needs purge', async () => {
    const added = await t.admin('PUT', `/directories/${d.id}/schemas/${OKTA}`, {
      attributes: [{ name: 'costCode', type: 'string' }, { name: 'seniority', type: 'integer' }, { name: 'teams', type: 'string', multiValued: true }, { name: 'site', type: 'string' }],
    });
    assert.equal(added.status, 200, added.text);
    assert.equal(added.body.attributes.length, 4);
    const id = (await d.scim('GET', q('userName eq "kim@acme.com"'))).body.Resources[0].id;
    assert.equal((await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'add', path: `${OKTA}:site`, value: 'Paris' }))).status, 200, 'the new attribute is usable at once');
    const renamed = await t.admin('PUT', `/directories/${d.id}/schemas/${OKTA}`, { id: 'urn:okta:other', attributes: [{ name: 'x', type: 'string' }] });
    assert.equal(renamed.status, 400, 'the URN cannot change');
    const retype = { attributes: [{ name: 'costCode', type: 'string' }, { name: 'seniority', type: 'string' }, { name: 'teams', type: 'string', multiValued: true }, { name: 'site', type: 'string' }] };
    const refused = await t.admin('PUT', `/directories/${d.id}/schemas/${OKTA}`, retype);
    assert.equal(refused.status, 409, refused.text);
    assert.match(refused.body.error.message, /1 user hold values for "urn:okta:acme:1.0:user:custom:seniority"/);
    assert.equal((await d.scim('GET', `/Users/${id}`)).body[OKTA].seniority, 2, 'nothing changed');
    const { result: purged, events } = await withEvents(t, d.id, () => t.admin('PUT', `/directories/${d.id}/schemas/${OKTA}?purge=true`, retype));
    assert.equal(purged.status, 200, purged.text);
    assert.deepEqual(types(events), ['user.updated']);
    const after = (await d.scim('GET', `/Users/${id}`)).body[OKTA];
    assert.deepEqual(after, { costCode: 'CC-2', teams: ['core', 'web'], site: 'Paris' });
    assert.equal((await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'add', path: `${OKTA}:seniority`, value: 'senior' }))).status, 200, 'the new type applies');
  });

  it('DELETE refuses while users hold values; with purge it removes them (events) and discovery forgets the schema', async () => {
    const deprovisioned = (await d.scim('POST', '/Users', userBody('gone@acme.com', { [OKTA]: { costCode: 'CC-9' } }))).body.id;
    assert.equal((await d.scim('DELETE', `/Users/${deprovisioned}`)).status, 204);
    const refused = await t.admin('DELETE', `/directories/${d.id}/schemas/${OKTA}`);
    assert.equal(refused.status, 409, refused.text);
    assert.match(refused.body.error.hint, /purge=true/);
    assert.ok((await d.scim('GET', '/Schemas')).body.Resources.some((s: { id: string }) => s.id === OKTA));
    const before = (await directoryEvents(t, d.id)).length;
    assert.equal((await t.admin('DELETE', `/directories/${d.id}/schemas/${OKTA}?purge=true`)).status, 204);
    const events = (await directoryEvents(t, d.id)).slice(before);
    assert.deepEqual(types(events), ['user.updated'], 'the active holder changed; the deprovisioned one is not the app\'s');
    const kim = (await d.scim('GET', q('userName eq "kim@acme.com"'))).body.Resources[0];
    assert.equal(kim[OKTA], undefined);
    assert.deepEqual(kim.schemas, [USER_URN]);
    const rows = await t.db.store.db.selectFrom('users').select(['resource']).where('directory_id', '=', d.id).execute();
    assert.ok(rows.every((r) => !JSON.stringify(r.resource).includes(OKTA)), 'no value is left in storage, deprovisioned users included');
    assert.ok(!(await d.scim('GET', '/Schemas')).body.Resources.some((s: { id: string }) => s.id === OKTA));
    assert.equal((await t.admin('GET', `/directories/${d.id}/schemas/${OKTA}`)).status, 404);
    const lenient = await d.scim('POST', '/Users', userBody('after@acme.com', { [OKTA]: { costCode: 'CC-3' } }));
    assert.equal(lenient.status, 201);
    assert.equal(lenient.body[OKTA], undefined, 'undeclared again: ignored with a warning in lenient mode');
  });

  it('declares a Group extension and limits the number of schemas', async () => {
    const urn = 'urn:acme:group:1.0:Group';
    assert.equal((await t.admin('POST', `/directories/${d.id}/schemas`, { id: urn, resourceType: 'Group', attributes: [{ name: 'costCenter', type: 'string' }] })).status, 201);
    assert.deepEqual((await d.scim('GET', '/ResourceTypes/Group')).body.schemaExtensions, [{ schema: urn, required: false }]);
    const g = await d.scim('POST', '/Groups', { displayName: 'Finance', [urn]: { costCenter: 'F1' } });
    assert.equal(g.status, 201, g.text);
    assert.deepEqual(g.body[urn], { costCenter: 'F1' });
    assert.equal((await d.scim('GET', `/Groups?filter=${encodeURIComponent(`${urn}:costCenter eq "F1"`)}`)).body.totalResults, 1);
    const patched = await d.scim('PATCH', `/Groups/${g.body.id}`, patchBody({ op: 'replace', path: `${urn}:costCenter`, value: 'F2' }));
    assert.ok([200, 204].includes(patched.status), patched.text);
    assert.equal((await d.scim('GET', `/Groups/${g.body.id}`)).body[urn].costCenter, 'F2');
    const { result: purged, events } = await withEvents(t, d.id, () => t.admin('DELETE', `/directories/${d.id}/schemas/${urn}?purge=true`));
    assert.equal(purged.status, 204, purged.text);
    assert.deepEqual(types(events), ['group.updated']);
    const after = (await d.scim('GET', `/Groups/${g.body.id}`)).body;
    assert.equal(after[urn], undefined);
    assert.deepEqual(after.schemas, ['urn:ietf:params:scim:schemas:core:2.0:Group']);
    assert.equal((await t.admin('POST', `/directories/${d.id}/schemas`, { id: urn, resourceType: 'Group', attributes: [{ name: 'costCenter', type: 'string' }] })).status, 201);
    // The group schema is one of 20.
    for (let i = 0; i < 19; i++) {
      const r = await t.admin('POST', `/directories/${d.id}/schemas`, { id: `urn:acme:n${i}`, attributes: [{ name: 'x', type: 'string' }] });
      assert.equal(r.status, 201, r.text);
    }
    const over = await t.admin('POST', `/directories/${d.id}/schemas`, { id: 'urn:acme:one-too-many', attributes: [{ name: 'x', type: 'string' }] });
    assert.equal(over.status, 400);
    assert.match(over.body.error.message, /at most 20 schemas/);
  });
});

describe('custom schemas: a second replica on the same database', () => {
  let t: TestApp;
  let d: TestDirectory;
  after(() => t.close());

  it('serves a declaration made through another replica within the token cache lifetime (5 s), without restarting', async () => {
    t = await startTestApp();
    d = await t.createDirectory('entra');
    const replica = await buildApp(loadConfig({ ROSTER_ADMIN_API_KEY: ADMIN_KEY, ROSTER_PUBLIC_URL: ORIGIN, LOG_LEVEL: 'silent' }), { store: t.db.store, logger: false });
    try {
      const viaReplica = async (path: string) =>
        JSON.parse((await replica.inject({ method: 'GET', url: `${d.base}${path}`, headers: { authorization: `Bearer ${d.token}` } })).body);
      assert.equal((await viaReplica('/ResourceTypes/User')).schemaExtensions.length, 1, 'the replica has read the directory (and cached its token)');
      assert.equal((await t.admin('POST', `/directories/${d.id}/schemas`, { id: ACME, attributes: [{ name: 'badge', type: 'string' }] })).status, 201);
      const deadline = Date.now() + 7000;
      let seen = false;
      while (!seen && Date.now() < deadline) {
        seen = (await viaReplica('/ResourceTypes/User')).schemaExtensions.some((e: { schema: string }) => e.schema === ACME);
        if (!seen) await sleep(200);
      }
      assert.ok(seen, 'the replica lists the new schema');
      const created = await replica.inject({ method: 'POST', url: `${d.base}/Users`, headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/scim+json' }, payload: JSON.stringify(userBody('rep@acme.com', { [ACME]: { badge: 'R' } })) });
      assert.equal(JSON.parse(created.body)[ACME].badge, 'R');
    } finally {
      await replica.close();
    }
  });
});
