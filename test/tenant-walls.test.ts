// One directory's token opens nothing of another's: every SCIM route, with B's ids and A's token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('tenant walls', () => {
  let t: TestApp;
  let a: TestDirectory;
  let b: TestDirectory;
  let bUser: string;
  let bGroup: string;

  before(async () => {
    t = await startTestApp();
    a = await t.createDirectory('okta');
    const otherOrg = (await t.admin('POST', '/organizations', { name: 'Other Corp' })).body.id;
    b = await t.createDirectory('entra', otherOrg);
    bUser = (await b.scim('POST', '/Users', userBody('secret@other.com'))).body.id;
    bGroup = (await b.scim('POST', '/Groups', { displayName: 'B only', members: [{ value: bUser }] })).body.id;
  });
  after(() => t.close());

  it("answers 401 for A's token on B's base URL, on every route, with no hint", async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/Users'],
      ['GET', `/Users/${bUser}`],
      ['POST', '/Users', userBody('intruder@x.com')],
      ['PUT', `/Users/${bUser}`, userBody('x@x.com')],
      ['PATCH', `/Users/${bUser}`, patchBody({ op: 'replace', path: 'active', value: false })],
      ['DELETE', `/Users/${bUser}`],
      ['POST', '/Users/.search', { filter: 'userName pr' }],
      ['GET', '/Groups'],
      ['GET', `/Groups/${bGroup}`],
      ['PATCH', `/Groups/${bGroup}`, patchBody({ op: 'remove', path: 'members' })],
      ['DELETE', `/Groups/${bGroup}`],
      ['POST', '/.search', {}],
      ['POST', '/Bulk', { Operations: [{ method: 'DELETE', path: `/Users/${bUser}` }] }],
      ['GET', '/Schemas'],
      ['GET', '/ServiceProviderConfig'],
      ['GET', '/ResourceTypes'],
    ];
    for (const [method, path, body] of routes) {
      const r = await t.app.inject({
        method: method as 'GET',
        url: `${b.base}${path}`,
        headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/scim+json' },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      assert.equal(r.statusCode, 401, `${method} ${path}`);
      assert.doesNotMatch(r.body, /secret@other\.com|B only/);
      assert.equal(JSON.parse(r.body).status, '401');
    }
    // Nothing of B changed.
    assert.equal((await b.scim('GET', `/Users/${bUser}`)).body.active, true);
    assert.equal((await b.scim('GET', `/Groups/${bGroup}`)).body.members.length, 1);
  });

  it("finds nothing of B with A's token on A's own base URL", async () => {
    assert.equal((await a.scim('GET', `/Users/${bUser}`)).status, 404);
    assert.equal((await a.scim('GET', `/Groups/${bGroup}`)).status, 404);
    assert.equal((await a.scim('DELETE', `/Users/${bUser}`)).status, 404);
    assert.equal((await a.scim('GET', '/Users?filter=userName eq "secret@other.com"')).body.totalResults, 0);
    // A group of A cannot take B's user as a member.
    const g = await a.scim('POST', '/Groups', { displayName: 'A', members: [{ value: bUser }] });
    assert.equal(g.status, 400);
    assert.equal(g.body.scimType, 'invalidValue');
  });

  it('answers the same 401 for an unknown directory, a malformed id and a missing token', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/scim/v2/01a20000-0000-7000-8000-000000000000/Users', headers: { authorization: `Bearer ${a.token}` } });
    const malformed = await t.app.inject({ method: 'GET', url: '/scim/v2/not-a-uuid/Users', headers: { authorization: `Bearer ${a.token}` } });
    const missing = await t.app.inject({ method: 'GET', url: `${a.base}/Users` });
    for (const r of [unknown, malformed, missing]) {
      assert.equal(r.statusCode, 401);
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="roster"');
    }
    assert.equal(unknown.body, malformed.body);
  });

  it('keeps the admin API behind the admin key', async () => {
    assert.equal((await t.admin('GET', '/organizations', undefined, a.token)).status, 401);
    assert.equal((await t.admin('GET', '/organizations', undefined, 'wrong-key')).status, 401);
    const r = await t.admin('GET', `/directories/${b.id}`, undefined, 'wrong-key');
    assert.deepEqual(Object.keys(r.body), ['error']);
  });

  it('stores tokens and admin keys only as hashes', async () => {
    const tokens = await t.db.store.db.selectFrom('directory_tokens').select('token_hash').execute();
    const keys = await t.db.store.db.selectFrom('admin_keys').select('key_hash').execute();
    const stored = JSON.stringify([tokens, keys]);
    for (const secret of [a.token, b.token, 'test-admin-key-0123456789abcdef']) assert.ok(!stored.includes(secret));
    assert.ok(tokens.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash)));
  });
});
