// Issue 9: attribute mapping. The app declares fields; each directory maps SCIM paths to them (provider
// defaults for Okta and Entra, overrides by the IT admin with a live preview); users carry their typed
// fields in the read API and events, computed with every write; a mapping change recomputes the
// directory's users in resumable batches, with events only for users whose fields changed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { runMappingRecomputes } from '../src/directory/mapping/recompute-job.ts';
import { entryFor } from './helpers/sync-log-expect.ts';
import { ENTERPRISE_URN, patchBody, startTestApp, USER_URN, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const ACME = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User';

/** A user as Okta and Entra send one: enterprise extension, a work and a home address. */
function employee(userName: string, extra: Record<string, unknown> = {}, enterprise: Record<string, unknown> = {}) {
  return userBody(userName, {
    schemas: [USER_URN, ENTERPRISE_URN],
    title: 'Account executive',
    userType: 'Employee',
    addresses: [{ type: 'work', locality: 'Paris', country: 'FR' }, { type: 'home', locality: 'Lyon' }],
    [ENTERPRISE_URN]: { department: 'Sales', costCenter: '4100', manager: { value: 'mgr-1' }, ...enterprise },
    ...extra,
  });
}

describe('attribute mapping', () => {
  let t: TestApp;
  let okta: TestDirectory;
  let entra: TestDirectory;
  const recompute = (batch = 500) => runMappingRecomputes(t.db.store.db, { batch, settleMs: 0 });
  const appUser = async (d: TestDirectory, id: string) => (await t.admin('GET', `/directories/${d.id}/users/${id}`)).body;
  const fieldEvents = async (d: TestDirectory) => ((await t.admin('GET', `/events?directoryId=${d.id}&types=user.fields_changed&limit=1000`)).body.data as any[]);

  before(async () => {
    t = await startTestApp();
    okta = await t.createDirectory('okta');
    entra = await t.createDirectory('entra');
    for (const key of ['department', 'jobTitle', 'managerId', 'location', 'employeeType']) assert.equal((await t.admin('POST', '/fields', { key })).status, 201);
    const cost = await t.admin('POST', '/fields', { key: 'costCenter', type: 'number', description: 'Cost center number' });
    assert.equal(cost.status, 201, cost.text);
    assert.deepEqual([cost.body.type, cost.body.standard], ['number', true]);
    assert.equal((await t.admin('POST', '/fields', { key: 'badge', type: 'number' })).status, 201);
    await recompute();
  });
  after(() => t.close());

  it('declares fields: a custom key needs a type, keys are identifiers, a key is declared once', async () => {
    assert.equal((await t.admin('POST', '/fields', { key: 'shoeSize' })).body.error.code, 'invalid_value');
    assert.equal((await t.admin('POST', '/fields', { key: 'bad key', type: 'string' })).status, 400);
    assert.equal((await t.admin('POST', '/fields', { key: 'department' })).status, 409);
    const list = await t.admin('GET', '/fields');
    assert.deepEqual(list.body.data.map((f: { key: string }) => f.key), ['badge', 'costCenter', 'department', 'employeeType', 'jobTitle', 'location', 'managerId']);
  });

  it('Okta and Entra need no mapping for the common fields; the read API and user.created carry them typed', async () => {
    const a = await okta.scim('POST', '/Users', employee('jane@acme.com'));
    assert.equal(a.status, 201, a.text);
    // Entra sends the manager as a bare string (idp-quirks §1.3): the dialect stores manager.value.
    const b = await entra.scim('POST', '/Users', employee('joe@acme.com', {}, { manager: 'mgr-2', costCenter: ' 4200 ' }));
    assert.equal(b.status, 201, b.text);
    const expected = { department: 'Sales', jobTitle: 'Account executive', managerId: 'mgr-1', location: 'Paris', employeeType: 'Employee', costCenter: 4100 };
    assert.deepEqual((await appUser(okta, a.body.id)).fields, expected);
    assert.deepEqual((await appUser(entra, b.body.id)).fields, { ...expected, managerId: 'mgr-2', costCenter: 4200 });
    const listed = await t.admin('GET', `/directories/${okta.id}/users`);
    assert.deepEqual(listed.body.data[0].fields, expected);
    const created = (await t.admin('GET', `/events?directoryId=${okta.id}&types=user.created`)).body.data[0];
    assert.deepEqual(created.data.user.fields, expected);
    const mapping = await t.admin('GET', `/directories/${entra.id}/mapping`);
    assert.equal(mapping.status, 200, mapping.text);
    const location = mapping.body.fields.find((f: { key: string }) => f.key === 'location');
    assert.deepEqual([location.path, location.source], ['addresses[type eq "work"].locality', 'default']);
    assert.equal(mapping.body.fields.find((f: { key: string }) => f.key === 'badge').source, 'none');
  });

  it('a value that is not a number is left out, and the sync log names the user, the attribute and what to do', async () => {
    const r = await okta.scim('POST', '/Users', employee('mo@acme.com', {}, { costCenter: 'R&D' }));
    assert.equal(r.status, 201, 'a mapping problem never refuses the IdP');
    const fields = (await appUser(okta, r.body.id)).fields;
    assert.equal(fields.costCenter, undefined);
    assert.equal(fields.department, 'Sales');
    const entry = await entryFor(t, okta.id, 'POST', '/Users', (e) => e.userName === 'mo@acme.com');
    assert.ok(entry.warning, JSON.stringify(entry));
    assert.equal(entry.warning.attribute, `${ENTERPRISE_URN}:costCenter`);
    assert.match(entry.warning.message, /mo@acme\.com.*"R&D" is not a number/);
    assert.match(entry.warning.hint ?? '', /Okta.*Mapping/);
  });

  it('PUT checks paths and keys; overrides take value-path filters and URN extension attributes; null unmaps', async () => {
    const bad = await t.admin('PUT', `/directories/${okta.id}/mapping`, { fields: { location: 'addresses[type eq ].locality' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.attribute, 'fields.location');
    assert.equal((await t.admin('PUT', `/directories/${okta.id}/mapping`, { fields: { nope: 'title' } })).status, 400);
    const put = await t.admin('PUT', `/directories/${okta.id}/mapping`, { fields: { location: 'addresses[type eq "home"].locality', badge: `${ACME}:badge`, employeeType: null } });
    assert.equal(put.status, 200, put.text);
    const by = Object.fromEntries(put.body.fields.map((f: any) => [f.key, [f.path, f.source]]));
    assert.deepEqual(by.location, ['addresses[type eq "home"].locality', 'custom']);
    assert.deepEqual(by.badge, [`${ACME}:badge`, 'custom']);
    assert.deepEqual(by.employeeType, [null, 'none']);
    assert.deepEqual(by.department, [`${ENTERPRISE_URN}:department`, 'default']);
    assert.equal(put.body.recompute.state, 'pending');
  });

  it('the preview shows real users with their fields and problems, for the saved mapping or a proposed one', async () => {
    const saved = await t.admin('GET', `/directories/${okta.id}/mapping/preview?limit=5`);
    assert.equal(saved.status, 200, saved.text);
    const jane = saved.body.data.find((u: any) => u.userName === 'jane@acme.com');
    assert.deepEqual([jane.fields.department, jane.fields.location], ['Sales', 'Lyon']);
    const mo = saved.body.data.find((u: any) => u.userName === 'mo@acme.com');
    assert.deepEqual(mo.problems.map((p: any) => [p.field, p.kind]), [['costCenter', 'invalid_value']]);
    const proposed = await t.admin('POST', `/directories/${okta.id}/mapping/preview`, { fields: { department: 'title' } });
    assert.equal(proposed.status, 200, proposed.text);
    assert.equal(proposed.body.data.find((u: any) => u.userName === 'jane@acme.com').fields.department, 'Account executive');
    assert.equal((await t.admin('GET', `/directories/${okta.id}/mapping`)).body.fields.find((f: any) => f.key === 'department').source, 'default', 'a preview saves nothing');
    assert.equal((await t.admin('GET', `/directories/${okta.id}/mapping/preview?limit=0`)).status, 400);
  });

  it('a mapping change recomputes every user in batches, with progress, and events only for users whose fields changed', async () => {
    // 23 more users, written after the PUT: computed with the new mapping already. jane and mo were computed with the old one.
    for (let i = 0; i < 23; i++) {
      const home = i % 2 === 0 ? [{ type: 'home', locality: 'Lyon' }] : [];
      await okta.scim('POST', '/Users', employee(`u${i}@acme.com`, { addresses: [{ type: 'work', locality: 'Paris' }, ...home] }));
    }
    const before = (await fieldEvents(okta)).length;
    const looked = await recompute(7);
    const status = (await t.admin('GET', `/directories/${okta.id}/mapping`)).body.recompute;
    assert.deepEqual([status.state, status.total, status.done, status.changed, looked], ['done', 25, 25, 2, 25]);
    assert.ok(status.startedAt && status.finishedAt);
    const events = (await fieldEvents(okta)).slice(before);
    assert.deepEqual(events.map((e) => e.data.user.userName).sort(), ['jane@acme.com', 'mo@acme.com']);
    const jane = events.find((e) => e.data.user.userName === 'jane@acme.com');
    assert.deepEqual([jane.data.user.fields.location, jane.data.previous.location, jane.data.previous.employeeType], ['Lyon', 'Paris', 'Employee']);
    assert.equal(jane.objectVersion, jane.data.user.version, 'the version moved, so applyIfNewer takes it');
    assert.equal(await recompute(7), 0, 'nothing left to do');
  });

  it('a URN extension attribute no schema declares is read from the stored resource, typed', async () => {
    // What a declared custom schema (or an older Roster) stores: the extension object beside the core attributes.
    await sql`update users set resource = resource || jsonb_build_object(${ACME}::text, jsonb_build_object('badge', '7' || split_part(user_name, '@', 1)))
      where directory_id = ${okta.id}::uuid and user_name like 'u1%'`.execute(t.db.store.db);
    const before = (await fieldEvents(okta)).length;
    await t.admin('PUT', `/directories/${okta.id}/mapping`, { fields: { location: 'addresses[type eq "home"].locality', badge: `${ACME}:badge`, employeeType: null } });
    await recompute(4);
    const events = (await fieldEvents(okta)).slice(before);
    assert.equal(events.length, 0, 'the badge is not a number: "7u1" is left out');
    const preview = await t.admin('GET', `/directories/${okta.id}/mapping/preview?limit=100`);
    const u1 = preview.body.data.find((u: any) => u.userName === 'u1@acme.com');
    assert.match(u1.problems[0].message, /"7u1" is not a number/);
    await sql`update users set resource = jsonb_set(resource, ${`{${ACME},badge}`}::text[], '"71"') where directory_id = ${okta.id}::uuid and user_name = 'u1@acme.com'`.execute(t.db.store.db);
    await t.admin('PUT', `/directories/${okta.id}/mapping`, { fields: { location: 'addresses[type eq "home"].locality', badge: `${ACME}:badge`, employeeType: null } });
    await recompute(4);
    const changed = (await fieldEvents(okta)).slice(before);
    assert.deepEqual(changed.map((e) => [e.data.user.userName, e.data.user.fields.badge]), [['u1@acme.com', 71]]);
  });

  it('two replicas recomputing at once share the work: every user once, one event each', async () => {
    const second = await t.createDirectory('okta');
    for (let i = 0; i < 20; i++) await second.scim('POST', '/Users', employee(`r${i}@acme.com`));
    const before = [(await fieldEvents(okta)).length, (await fieldEvents(second)).length];
    // jobTitle from another attribute: every user of both directories changes.
    for (const d of [okta, second]) await t.admin('PUT', `/directories/${d.id}/mapping`, { fields: { jobTitle: 'userType' } });
    const looked = await Promise.all([recompute(3), recompute(3)]);
    assert.equal(looked[0] + looked[1], 25 + 20, `each user looked at once (${looked.join(' + ')})`);
    for (const [i, d] of [okta, second].entries()) {
      const events = (await fieldEvents(d)).slice(before[i]);
      const status = (await t.admin('GET', `/directories/${d.id}/mapping`)).body.recompute;
      assert.deepEqual([status.state, status.done, status.changed, events.length], ['done', status.total, status.total, status.total]);
      assert.equal(new Set(events.map((e) => e.objectId)).size, events.length, 'one event per user');
      assert.ok(events.every((e) => e.data.user.fields.jobTitle === 'Employee'));
    }
    for (const d of [okta, second]) await t.admin('PUT', `/directories/${d.id}/mapping`, { fields: { location: 'addresses[type eq "home"].locality', badge: `${ACME}:badge`, employeeType: null } });
    await recompute();
  });

  it('writes after the change use the new mapping at once; a field removed leaves every user', async () => {
    const id = (await t.admin('GET', `/directories/${okta.id}/users?filter=${encodeURIComponent('userName eq "u2@acme.com"')}`)).body.data[0].id;
    const p = await okta.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'addresses[type eq "home"].locality', value: 'Nice' }));
    assert.equal(p.status, 200, p.text);
    assert.equal((await appUser(okta, id)).fields.location, 'Nice');
    const updated = (await t.admin('GET', `/events?directoryId=${okta.id}&types=user.updated&limit=1000`)).body.data.at(-1);
    assert.deepEqual([updated.data.user.fields.location, updated.data.previousFields.location], ['Nice', 'Lyon']);
    assert.equal((await t.admin('DELETE', '/fields/badge')).status, 204);
    await recompute(10);
    const u1 = (await t.admin('GET', `/directories/${okta.id}/users?filter=${encodeURIComponent('userName eq "u1@acme.com"')}`)).body.data[0];
    assert.equal(u1.fields.badge, undefined);
    assert.equal((await t.admin('GET', `/directories/${okta.id}/mapping`)).body.fields.some((f: any) => f.key === 'badge'), false);
  });

  it('a string[] field stays a list in every answer, with one value or several', async () => {
    assert.equal((await t.admin('POST', '/fields', { key: 'sites', type: 'string[]' })).status, 201);
    const jane = (await t.admin('GET', `/directories/${okta.id}/users?filter=${encodeURIComponent('userName eq "jane@acme.com"')}`)).body.data[0].id;
    const preview = async (path: string) => {
      const r = await t.admin('POST', `/directories/${okta.id}/mapping/preview?limit=100`, { fields: { sites: path } });
      assert.equal(r.status, 200, r.text);
      return r.body.data.find((u: any) => u.userId === jane).fields.sites;
    };
    // The response schema once named 'string' before 'array', and the serializer answered "Paris,Lyon".
    assert.deepEqual(await preview('addresses.locality'), ['Paris', 'Lyon']);
    assert.deepEqual(await preview('addresses[type eq "work"].locality'), ['Paris']);
    assert.equal((await t.admin('PUT', `/directories/${okta.id}/mapping`, { fields: { sites: 'addresses.locality' } })).status, 200);
    await recompute();
    assert.deepEqual((await appUser(okta, jane)).fields.sites, ['Paris', 'Lyon']);
    const listed = (await t.admin('GET', `/directories/${okta.id}/users?filter=${encodeURIComponent('userName eq "jane@acme.com"')}`)).body.data[0];
    assert.deepEqual(listed.fields.sites, ['Paris', 'Lyon']);
  });
});

describe('attribute mapping: tenant walls', () => {
  let t: TestApp;
  let mine: TestDirectory;
  let theirs: TestDirectory;
  let cookie: string;
  let boundKey: string;
  const portal = (method: string, url: string, body?: unknown) =>
    t.app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: { cookie, 'x-roster-portal': '1', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });

  before(async () => {
    t = await startTestApp();
    mine = await t.createDirectory('okta');
    theirs = await t.createDirectory('entra', (await t.admin('POST', '/organizations', { name: 'Globex' })).body.id);
    await t.admin('POST', '/fields', { key: 'department' });
    const link = new URL((await t.admin('POST', `/organizations/${mine.organizationId}/portal-links`, { intent: 'manage' })).body.url);
    const opened = await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    cookie = String(opened.headers['set-cookie']).split(';')[0] ?? '';
    boundKey = (await t.admin('POST', '/admin-keys', { name: 'mine', scope: 'full', organizationId: mine.organizationId })).body.key;
  });
  after(() => t.close());

  it("the IT admin's portal session edits and previews its own directory's mapping, never another organization's", async () => {
    const put = await portal('PUT', `/directories/${mine.id}/mapping`, { fields: { department: 'title' } });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal((await portal('POST', `/directories/${mine.id}/mapping/preview`, { fields: { department: null } })).statusCode, 200);
    assert.equal((await portal('GET', `/directories/${mine.id}/mapping/preview`)).statusCode, 200);
    assert.equal((await portal('GET', '/fields')).statusCode, 200, 'the field catalogue is readable');
    assert.equal((await portal('POST', '/fields', { key: 'jobTitle' })).statusCode, 403, "the app's fields are the developer's");
    for (const [method, url, body] of [['GET', `/directories/${theirs.id}/mapping`], ['PUT', `/directories/${theirs.id}/mapping`, { fields: {} }], ['GET', `/directories/${theirs.id}/mapping/preview`], ['POST', `/directories/${theirs.id}/mapping/preview`, { fields: {} }]] as const) {
      assert.equal((await portal(method, url, body)).statusCode, 404, `${method} ${url}`);
    }
    assert.equal((await t.admin('GET', `/directories/${theirs.id}/mapping`)).body.fields[0].source, 'default', 'their mapping is untouched');
  });

  it("an organization-bound key reads the fields and its own mappings; another organization's directory is not found", async () => {
    assert.equal((await t.admin('GET', '/fields', undefined, boundKey)).status, 200);
    assert.equal((await t.admin('POST', '/fields', { key: 'jobTitle' }, boundKey)).status, 403);
    assert.equal((await t.admin('DELETE', '/fields/department', undefined, boundKey)).status, 403);
    assert.equal((await t.admin('GET', `/directories/${mine.id}/mapping`, undefined, boundKey)).status, 200);
    assert.equal((await t.admin('GET', `/directories/${theirs.id}/mapping`, undefined, boundKey)).status, 404);
    assert.equal((await t.admin('PUT', `/directories/${theirs.id}/mapping`, { fields: {} }, boundKey)).status, 404);
    assert.equal((await t.admin('GET', `/directories/${theirs.id}/mapping/preview`, undefined, boundKey)).status, 404);
  });
});
