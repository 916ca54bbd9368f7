// Issue 6 §5: admin keys with scopes (full, read), bound to one organization or none, shown once, stored hashed, revocable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_KEY, startTestApp, type TestApp } from './helpers/test-app.ts';

describe('admin keys and scopes', () => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;

  before(async () => {
    t = await startTestApp();
    orgA = (await t.admin('POST', '/organizations', { name: 'A' })).body.id;
    orgB = (await t.admin('POST', '/organizations', { name: 'B' })).body.id;
  });
  after(() => t.close());

  it('shows a new key once, 256 bits of randomness, and stores only its hash', async () => {
    const r = await t.admin('POST', '/admin-keys', { name: 'ci', scope: 'full' });
    assert.equal(r.status, 201);
    assert.match(r.body.key, /^rak_[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    assert.deepEqual(Object.keys(r.body).sort(), ['createdAt', 'id', 'key', 'name', 'organizationId', 'prefix', 'revokedAt', 'scope']);
    const list = await t.admin('GET', '/admin-keys');
    assert.ok(!list.text.includes(r.body.key), 'listings never show a key');
    const stored = await t.db.store.db.selectFrom('admin_keys').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(stored).includes(r.body.key));
    assert.match(stored.key_hash, /^[0-9a-f]{64}$/);
    assert.equal((await t.admin('GET', '/organizations', undefined, r.body.key)).status, 200);
  });

  it('lets a read key read and nothing else', async () => {
    const key = (await t.admin('POST', '/admin-keys', { name: 'dashboard', scope: 'read' })).body.key as string;
    assert.equal((await t.admin('GET', `/organizations/${orgA}`, undefined, key)).status, 200);
    const write = await t.admin('POST', '/organizations', { name: 'Nope' }, key);
    assert.equal(write.status, 403);
    assert.equal(write.body.error.code, 'forbidden');
    assert.equal((await t.admin('PATCH', `/organizations/${orgA}`, { name: 'Nope' }, key)).status, 403);
    assert.equal((await t.admin('GET', `/organizations/${orgA}`)).body.name, 'A');
  });

  it('binds a key to one organization: its objects are visible, others do not exist', async () => {
    const key = (await t.admin('POST', '/admin-keys', { name: 'tenant A', scope: 'full', organizationId: orgA })).body.key as string;
    assert.equal((await t.admin('GET', `/organizations/${orgA}`, undefined, key)).status, 200);
    const dir = await t.admin('POST', `/organizations/${orgA}/directories`, { name: 'a', provider: 'okta' }, key);
    assert.equal(dir.status, 201);
    assert.equal((await t.admin('GET', `/organizations/${orgB}`, undefined, key)).status, 404);
    assert.equal((await t.admin('POST', `/organizations/${orgB}/directories`, { name: 'b', provider: 'okta' }, key)).status, 404);
    // Global endpoints are for unbound keys; a webhook is created in the key's organization, never another.
    assert.equal((await t.admin('GET', '/organizations', undefined, key)).status, 403);
    assert.equal((await t.admin('POST', '/organizations', { name: 'C' }, key)).status, 403);
    const hook = await t.admin('POST', '/webhooks', { url: 'https://a.test/hook' }, key);
    assert.equal(hook.status, 201);
    assert.equal(hook.body.organizationId, orgA);
    assert.equal((await t.admin('POST', '/webhooks', { url: 'https://a.test/hook', organizationId: orgB }, key)).status, 404);
    assert.equal((await t.admin('POST', '/webhooks', { url: 'https://a.test/hook', organizationId: null }, key)).status, 403);
    assert.equal((await t.admin('PATCH', `/webhooks/${hook.body.id}`, { organizationId: orgB }, key)).status, 404, 'cannot move its webhook to B');
    // It cannot mint itself a wider key.
    assert.equal((await t.admin('POST', '/admin-keys', { name: 'wider', scope: 'full' }, key)).status, 403);
  });

  it('validates the request: scope, organization', async () => {
    assert.equal((await t.admin('POST', '/admin-keys', { name: 'x', scope: 'admin' })).status, 400);
    assert.equal((await t.admin('POST', '/admin-keys', { name: 'x' })).status, 400);
    assert.equal((await t.admin('POST', '/admin-keys', { name: 'x', scope: 'read', organizationId: 'nope' })).status, 400);
    assert.equal((await t.admin('POST', '/admin-keys', { name: 'x', scope: 'read', organizationId: '01a20000-0000-7000-8000-000000000000' })).status, 404);
  });

  it('revokes a key at once, and keeps it listed as revoked', async () => {
    const made = (await t.admin('POST', '/admin-keys', { name: 'temp', scope: 'full' })).body as { id: string; key: string };
    assert.equal((await t.admin('GET', '/organizations', undefined, made.key)).status, 200);
    assert.equal((await t.admin('DELETE', `/admin-keys/${made.id}`)).status, 204);
    assert.equal((await t.admin('GET', '/organizations', undefined, made.key)).status, 401);
    const listed = (await t.admin('GET', '/admin-keys?limit=100')).body.data.find((k: { id: string }) => k.id === made.id);
    assert.ok(listed.revokedAt);
    assert.equal((await t.admin('DELETE', '/admin-keys/01a20000-0000-7000-8000-000000000000')).status, 404);
    // The bootstrap key still works.
    assert.equal((await t.admin('GET', '/admin-keys', undefined, ADMIN_KEY)).status, 200);
  });
});
