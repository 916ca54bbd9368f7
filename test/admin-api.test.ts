// The admin API: organizations, directories, tokens and their rotation, in the shapes design.md promises.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, userBody, type TestApp } from './helpers/test-app.ts';

describe('admin API', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('creates an organization and reads it back', async () => {
    const created = await t.admin('POST', '/organizations', { name: 'Globex', domains: ['Globex.com'] });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'Globex');
    assert.deepEqual(created.body.domains, ['globex.com']);
    const read = await t.admin('GET', `/organizations/${created.body.id}`);
    assert.deepEqual(read.body, created.body);
  });

  it('refuses bad input with { error: { code, message } }', async () => {
    const noName = await t.admin('POST', '/organizations', {});
    assert.equal(noName.status, 400);
    assert.equal(typeof noName.body.error.code, 'string');
    assert.equal(typeof noName.body.error.message, 'string');
    const badDomain = await t.admin('POST', '/organizations', { name: 'X', domains: ['not a domain'] });
    assert.equal(badDomain.status, 400);
    assert.equal(badDomain.body.error.code, 'invalid_value');
    const unknown = await t.admin('GET', '/organizations/01a20000-0000-7000-8000-000000000000');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
    const malformed = await t.admin('GET', '/organizations/nope');
    assert.equal(malformed.status, 404);
    const badJson = await t.app.inject({ method: 'POST', url: '/api/v1/organizations', headers: { authorization: 'Bearer test-admin-key-0123456789abcdef', 'content-type': 'application/json' }, payload: '{"name":' });
    assert.equal(badJson.statusCode, 400);
    assert.ok(JSON.parse(badJson.body).error);
  });

  it('pages organizations with { data, nextCursor } and no repeats', async () => {
    for (let i = 0; i < 5; i++) await t.admin('POST', '/organizations', { name: `Paged ${i}` });
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await t.admin('GET', `/organizations?limit=2${cursor ? `&after=${cursor}` : ''}`);
      assert.equal(r.status, 200);
      for (const o of r.body.data) {
        assert.ok(!seen.has(o.id));
        seen.add(o.id);
      }
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    assert.ok(seen.size >= 5);
  });

  it('creates a directory with a one-time token and a SCIM base URL', async () => {
    const org = (await t.admin('POST', '/organizations', { name: 'Initech' })).body.id;
    const r = await t.admin('POST', `/organizations/${org}/directories`, { name: 'Initech Entra', provider: 'entra' });
    assert.equal(r.status, 201);
    assert.equal(r.body.organizationId, org);
    assert.equal(r.body.provider, 'entra');
    assert.equal(r.body.state, 'pending');
    assert.equal(r.body.scimBaseUrl, `http://roster.test/scim/v2/${r.body.id}`);
    assert.match(r.body.bearerToken, /^rst_[A-Za-z0-9_-]{43}$/);
    const read = await t.admin('GET', `/directories/${r.body.id}`);
    assert.equal(read.body.bearerToken, undefined);
    const list = await t.admin('GET', `/organizations/${org}/directories`);
    assert.deepEqual(list.body.data.map((d: { id: string }) => d.id), [r.body.id]);
    assert.equal(list.body.nextCursor, null);
  });

  it('refuses an unknown provider and an unknown organization', async () => {
    const org = (await t.admin('POST', '/organizations', { name: 'Umbrella' })).body.id;
    const bad = await t.admin('POST', `/organizations/${org}/directories`, { name: 'x', provider: 'myspace' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /okta, entra/);
    const missing = await t.admin('POST', '/organizations/01a20000-0000-7000-8000-000000000000/directories', { name: 'x', provider: 'okta' });
    assert.equal(missing.status, 404);
  });

  it('activates a directory on its first authenticated SCIM request, with one event', async () => {
    const d = await t.createDirectory('okta');
    assert.equal((await d.scim('GET', '/Users')).status, 200);
    await d.scim('GET', '/Users');
    const dir = await t.admin('GET', `/directories/${d.id}`);
    assert.equal(dir.body.state, 'active');
    assert.ok(dir.body.lastRequestAt);
    const events = await t.db.store.db.selectFrom('events').selectAll().where('directory_id', '=', d.id).where('type', '=', 'directory.activated').execute();
    assert.equal(events.length, 1);
  });

  it('rotates a token: the old one works during the grace period only', async () => {
    const d = await t.createDirectory('okta');
    const withGrace = await t.admin('POST', `/directories/${d.id}/token`, { gracePeriodSeconds: 3600 });
    assert.equal(withGrace.status, 201);
    const second = withGrace.body.bearerToken as string;
    assert.notEqual(second, d.token);
    assert.equal((await d.scim('GET', '/Users')).status, 200, 'old token inside the grace period');
    const withNew = await t.app.inject({ method: 'GET', url: `${d.base}/Users`, headers: { authorization: `Bearer ${second}` } });
    assert.equal(withNew.statusCode, 200);
    // Rotating again with no grace ends every earlier token at once.
    const third = (await t.admin('POST', `/directories/${d.id}/token`, {})).body.bearerToken as string;
    assert.equal((await d.scim('GET', '/Users')).status, 401);
    const withSecond = await t.app.inject({ method: 'GET', url: `${d.base}/Users`, headers: { authorization: `Bearer ${second}` } });
    assert.equal(withSecond.statusCode, 401);
    const withThird = await t.app.inject({ method: 'GET', url: `${d.base}/Users`, headers: { authorization: `Bearer ${third}` } });
    assert.equal(withThird.statusCode, 200);
  });

  it('deletes a directory: its token stops working, its users are gone, the event stays', async () => {
    const d = await t.createDirectory('okta');
    const user = (await d.scim('POST', '/Users', userBody('gone@acme.com'))).body.id;
    assert.equal((await t.admin('DELETE', `/directories/${d.id}`)).status, 204);
    assert.equal((await d.scim('GET', `/Users/${user}`)).status, 401);
    assert.equal((await t.admin('GET', `/directories/${d.id}`)).status, 404);
    assert.equal((await t.admin('DELETE', `/directories/${d.id}`)).status, 404);
    const rows = await t.db.store.db.selectFrom('users').select('id').where('id', '=', user).execute();
    assert.equal(rows.length, 0);
    const events = await t.db.store.db.selectFrom('events').select('type').where('directory_id', '=', d.id).where('type', '=', 'directory.deleted').execute();
    assert.equal(events.length, 1);
  });

  it('answers /healthz', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(r.statusCode, 200);
    assert.equal(JSON.parse(r.body).status, 'ok');
  });
});
