// Issue 8 §Roles and §Time-bound access: the app declares roles; grants (optionally until a date) with
// role.assigned / role.revoked events; expiry by itself, safe with replicas; seats by role.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGrantExpiryJob } from '../src/access/grant-expiry-job.ts';
import { injectClient } from './helpers/sdk-inject.ts';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const HOUR = 3600_000;

describe('roles and time-bound grants', () => {
  let t: TestApp;
  let d: TestDirectory;
  let clock = new Date('2026-11-23T12:00:00Z');
  const users: Record<string, string> = {};

  before(async () => {
    t = await startTestApp({}, { now: () => clock });
    d = await t.createDirectory('okta');
    for (const name of ['ann', 'bob', 'cat']) users[name] = (await d.scim('POST', '/Users', userBody(`${name}@acme.com`))).body.id;
  });
  after(() => t.close());

  const roleEvents = async () =>
    ((await t.admin('GET', `/events?organizationId=${d.organizationId}&types=role.*&limit=100`)).body.data as any[]).map((e) => [e.type, e.data.grant.role.key, e.objectId, e.data.cause ?? null]);
  const expiryJob = () => createGrantExpiryJob({ db: t.db.store.db, now: () => clock });

  it('the app declares its roles (unique keys, validated)', async () => {
    assert.equal((await t.admin('POST', '/roles', { key: 'admin', name: 'Administrator' })).status, 201);
    const viewer = await t.admin('POST', '/roles', { key: 'billing:viewer', name: 'Billing viewer', billable: false });
    assert.deepEqual([viewer.status, viewer.body.billable], [201, false]);
    assert.equal((await t.admin('POST', '/roles', { key: 'admin', name: 'Again' })).status, 409);
    assert.equal((await t.admin('POST', '/roles', { key: 'Not A Key', name: 'x' })).body.error.attribute, 'key');
    assert.equal((await t.admin('PATCH', '/roles/admin', { description: 'Everything' })).body.description, 'Everything');
    assert.deepEqual((await t.admin('GET', '/roles')).body.data.map((r: { key: string }) => r.key), ['admin', 'billing:viewer']);
  });

  it('grants a role with role.assigned; one open grant per user and role; revokes with role.revoked', async () => {
    const g = await t.admin('POST', `/users/${users.ann}/roles`, { roleKey: 'admin', reason: 'team lead' });
    assert.equal(g.status, 201, g.text);
    assert.deepEqual([g.body.role.key, g.body.expiresAt, g.body.reason], ['admin', null, 'team lead']);
    assert.equal((await t.admin('POST', `/users/${users.ann}/roles`, { roleKey: 'admin' })).status, 409);
    assert.equal((await t.admin('POST', `/users/${users.ann}/roles`, { roleKey: 'nope' })).status, 404);
    const revoked = await t.admin('DELETE', `/users/${users.ann}/roles/admin`);
    assert.deepEqual([revoked.status, revoked.body.revokedBy], [200, 'admin']);
    assert.deepEqual(await roleEvents(), [['role.assigned', 'admin', users.ann, null], ['role.revoked', 'admin', users.ann, 'admin']]);
    assert.equal((await t.admin('DELETE', `/users/${users.ann}/roles/admin`)).status, 404);
  });

  it('time-bound access ends by itself, once, even with two replicas; it can be extended first', async () => {
    const until = new Date(clock.getTime() + 2 * HOUR).toISOString();
    await t.admin('POST', `/users/${users.bob}/roles`, { roleKey: 'admin', expiresAt: until, reason: 'contractor' });
    await t.admin('POST', `/users/${users.cat}/roles`, { roleKey: 'admin', expiresAt: until });
    const extended = await t.admin('PATCH', `/users/${users.cat}/roles/admin`, { expiresAt: new Date(clock.getTime() + 48 * HOUR).toISOString() });
    assert.equal(extended.status, 200, extended.text);
    clock = new Date(clock.getTime() + 3 * HOUR);
    const [a, b] = await Promise.all([expiryJob().runOnce(), expiryJob().runOnce()]);
    assert.equal(a + b, 1, 'bob only; cat was extended');
    const bob = (await t.admin('GET', `/users/${users.bob}/roles`)).body.data;
    assert.deepEqual([bob[0].revokedBy, bob[0].reason], ['expiry', 'contractor']);
    const events = await roleEvents();
    assert.deepEqual(events.filter((e) => e[2] === users.bob && e[0] === 'role.revoked'), [['role.revoked', 'admin', users.bob, 'expired']]);
    assert.equal(await expiryJob().runOnce(), 0);
    assert.equal((await t.admin('PATCH', `/users/${users.cat}/roles/admin`, { expiresAt: '2020-01-01' })).status, 400);
  });

  it('seats by role count the active users holding each role, and which of them signed in', async () => {
    assert.equal((await t.admin('POST', `/users/${users.cat}/activity`, {})).status, 200);
    const seats = (await t.admin('GET', `/organizations/${d.organizationId}/seats`)).body;
    assert.deepEqual(seats.byRole, [
      { roleKey: 'admin', name: 'Administrator', billable: true, users: 1, activated: 1, active30d: 1 },
      { roleKey: 'billing:viewer', name: 'Billing viewer', billable: false, users: 0, activated: 0, active30d: 0 },
    ]);
  });

  it('is walled: a bound key of another organization reads roles but cannot grant on its users or declare roles', async () => {
    const other = (await t.admin('POST', '/organizations', { name: 'Other' })).body.id;
    const key = (await t.admin('POST', '/admin-keys', { name: 'other', scope: 'full', organizationId: other })).body.key;
    assert.equal((await t.admin('GET', '/roles', undefined, key)).status, 200);
    assert.equal((await t.admin('POST', '/roles', { key: 'x', name: 'x' }, key)).status, 403);
    assert.equal((await t.admin('POST', `/users/${users.ann}/roles`, { roleKey: 'admin' }, key)).status, 404);
    assert.equal((await t.admin('GET', `/users/${users.cat}/roles`, undefined, key)).status, 404);
  });

  it('is reachable from the SDK', async () => {
    const roster = injectClient(t.app);
    await roster.roles.create({ key: 'editor', name: 'Editor' });
    const grant = await roster.roles.grant(users.ann!, { roleKey: 'editor', expiresAt: new Date(clock.getTime() + HOUR).toISOString() });
    await roster.roles.changeExpiry(users.ann!, 'editor', null);
    assert.equal((await roster.roles.ofUser(users.ann!)).data[0]!.id, grant.id);
    assert.equal((await roster.roles.revoke(users.ann!, 'editor')).revokedBy, 'admin');
    await roster.roles.update('editor', { billable: false });
    assert.ok((await roster.roles.list()).data.some((r) => r.key === 'editor'));
    await roster.roles.delete('editor');
  });
});
