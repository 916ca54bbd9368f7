// Issue 8: the customer's IT admin (a portal session) says who holds the app's roles in their organization:
// rules and grants of its own organization, never another's, and never the app's role catalogue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('Admin Portal sessions and roles', () => {
  let t: TestApp;
  let mine: TestDirectory;
  let other: TestDirectory;
  let session: string;
  let ann: string;
  let group: string;
  let otherUser: string;
  let otherGroup: string;
  let otherRule: string;

  const as = (method: string, path: string, body?: unknown) =>
    t.app
      .inject({ method: method as 'GET', url: `/api/v1${path}`, headers: { cookie: session, 'x-roster-portal': '1', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) })
      .then((r) => ({ status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, text: r.body }));

  before(async () => {
    t = await startTestApp();
    mine = await t.createDirectory('okta');
    other = await t.createDirectory('entra', (await t.admin('POST', '/organizations', { name: 'Other' })).body.id);
    await t.admin('POST', '/roles', { key: 'sales', name: 'Sales' });
    ann = (await mine.scim('POST', '/Users', userBody('ann@mine.test'))).body.id;
    group = (await mine.scim('POST', '/Groups', { displayName: 'Sales team', members: [{ value: ann }] })).body.id;
    otherUser = (await other.scim('POST', '/Users', userBody('bo@other.test'))).body.id;
    otherGroup = (await other.scim('POST', '/Groups', { displayName: 'Other sales', members: [{ value: otherUser }] })).body.id;
    otherRule = (await t.admin('POST', `/organizations/${other.organizationId}/role-rules`, { roleKey: 'sales', groupId: otherGroup })).body.id;
    const link = new URL((await t.admin('POST', `/organizations/${mine.organizationId}/portal-links`, { intent: 'manage' })).body.url);
    const opened = await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    session = String(opened.headers['set-cookie']).split(';')[0] ?? '';
  });
  after(() => t.close());

  it("adds and removes its own organization's rules, audited as the portal session", async () => {
    const preview = await as('GET', `/organizations/${mine.organizationId}/role-rules/preview?groupId=${group}`);
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.body.users, 1);
    const rule = await as('POST', `/organizations/${mine.organizationId}/role-rules`, { roleKey: 'sales', groupId: group });
    assert.equal(rule.status, 201, rule.text);
    assert.equal((await as('GET', `/organizations/${mine.organizationId}/role-rules`)).body.data[0].users, 1);
    assert.equal((await as('DELETE', `/organizations/${mine.organizationId}/role-rules/${rule.body.id}`)).status, 204);
    const audit = await t.admin('GET', '/audit-log?limit=100');
    const entry = audit.body.data.find((e: any) => e.action.method === 'POST' && e.action.route === '/api/v1/organizations/:id/role-rules' && e.action.objectId === mine.organizationId);
    assert.equal(entry?.actor.keyName, 'portal session (manage link)');
  });

  it("grants, extends and ends a role of its own organization's user", async () => {
    const until = new Date(Date.now() + 86400_000).toISOString();
    const granted = await as('POST', `/users/${ann}/roles`, { roleKey: 'sales', expiresAt: until, reason: 'cover' });
    assert.equal(granted.status, 201, granted.text);
    const later = new Date(Date.now() + 7 * 86400_000).toISOString();
    assert.equal((await as('PATCH', `/users/${ann}/roles/sales`, { expiresAt: later })).body.expiresAt, later);
    assert.equal((await as('DELETE', `/users/${ann}/roles/sales`)).body.revokedBy, 'admin');
  });

  it("touches nothing of another organization: its rules, group and users answer as if they did not exist", async () => {
    for (const [method, path, body] of [
      ['GET', `/organizations/${other.organizationId}/role-rules`],
      ['GET', `/organizations/${other.organizationId}/role-rules/preview?groupId=${otherGroup}`],
      ['POST', `/organizations/${other.organizationId}/role-rules`, { roleKey: 'sales', everyone: true }],
      ['DELETE', `/organizations/${other.organizationId}/role-rules/${otherRule}`],
      ['DELETE', `/organizations/${mine.organizationId}/role-rules/${otherRule}`],
      ['POST', `/users/${otherUser}/roles`, { roleKey: 'sales' }],
      ['PATCH', `/users/${otherUser}/roles/sales`, { expiresAt: null }],
      ['DELETE', `/users/${otherUser}/roles/sales`],
    ] as const) {
      assert.equal((await as(method, path, body)).status, 404, `${method} ${path}`);
    }
    // Its own organization's rule on another's group: no such group here.
    const crossed = await as('POST', `/organizations/${mine.organizationId}/role-rules`, { roleKey: 'sales', groupId: otherGroup });
    assert.equal(crossed.status, 404);
    assert.doesNotMatch(crossed.text, /Other sales/);
    const rules = await t.admin('GET', `/organizations/${other.organizationId}/role-rules`);
    assert.deepEqual(rules.body.data.map((r: { id: string; users: number }) => [r.id, r.users]), [[otherRule, 1]]);
  });

  it("changes neither the app's roles nor suspensions: those stay the app developer's", async () => {
    for (const [method, path, body] of [
      ['POST', '/roles', { key: 'owner', name: 'Owner' }],
      ['PATCH', '/roles/sales', { billable: false }],
      ['DELETE', '/roles/sales'],
      ['POST', `/users/${ann}/suspension`, {}],
    ] as const) {
      assert.equal((await as(method, path, body)).status, 403, `${method} ${path}`);
    }
    assert.equal((await as('GET', '/roles')).status, 200);
  });
});
