// Issue 8 §Roles: group → role rules, direct and through nested groups, recomputed in the same
// transaction as every membership or rule change; a mover gets exactly the difference, with events
// naming the rule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { injectClient } from './helpers/sdk-inject.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe('group rules give roles', () => {
  let t: TestApp;
  let d: TestDirectory;
  let org: string;
  const u: Record<string, string> = {};
  const g: Record<string, string> = {};

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    org = d.organizationId;
    for (const name of ['ann', 'bob', 'cat']) u[name] = (await d.scim('POST', '/Users', userBody(`${name}@acme.com`))).body.id;
    const group = async (name: string, members: string[]) =>
      (await d.scim('POST', '/Groups', { schemas: [GROUP], displayName: name, members: members.map((value) => ({ value })) })).body.id as string;
    g.sales = await group('Sales', [u.ann!]);
    g.managers = await group('Sales managers', [u.bob!]);
    g.boston = await group('Boston', [g.managers!]);
    await t.admin('POST', '/roles', { key: 'sales', name: 'Sales rep' });
    await t.admin('POST', '/roles', { key: 'manager', name: 'Manager' });
    await t.admin('POST', '/roles', { key: 'office', name: 'Office access' });
  });
  after(() => t.close());

  const roles = async (user: string) =>
    ((await t.admin('GET', `/users/${user}/roles`)).body.data as any[]).filter((x) => x.revokedAt === null).map((x) => x.role.key).sort();
  const events = async () => ((await t.admin('GET', `/events?organizationId=${org}&types=role.*&limit=200`)).body.data as any[]).map((e) => [e.type, e.objectId, e.data.grant.role.key, e.data.grant.ruleId]);

  it('previews who a rule would match before it is saved', async () => {
    const p = await t.admin('GET', `/organizations/${org}/role-rules/preview?groupId=${g.boston}`);
    assert.equal(p.status, 200, p.text);
    assert.deepEqual([p.body.users, p.body.sample.map((s: { userName: string }) => s.userName)], [1, ['bob@acme.com']], 'bob is in Boston through Sales managers');
    const direct = await t.admin('GET', `/organizations/${org}/role-rules/preview?groupId=${g.boston}&includeNested=false`);
    assert.equal(direct.body.users, 0);
  });

  it('a new rule gives its role to the members now, with role.assigned naming the rule', async () => {
    const rule = await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'sales', groupId: g.sales });
    assert.equal(rule.status, 201, rule.text);
    assert.equal(rule.body.users, 1);
    await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'office', groupId: g.boston, includeNested: true });
    await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'manager', groupId: g.managers });
    assert.deepEqual(await roles(u.ann!), ['sales']);
    assert.deepEqual(await roles(u.bob!), ['manager', 'office']);
    assert.deepEqual(await roles(u.cat!), []);
    assert.ok((await events()).some(([type, user, role, ruleId]) => type === 'role.assigned' && user === u.ann && role === 'sales' && ruleId === rule.body.id));
    assert.equal((await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'sales', groupId: g.sales })).status, 409);
  });

  it('a mover gets exactly the difference: a promotion adds the manager role and keeps the rep role', async () => {
    const before = (await events()).length;
    assert.equal((await d.scim('PATCH', `/Groups/${g.managers}`, patchBody({ op: 'add', path: 'members', value: [{ value: u.ann }] }))).status, 204);
    assert.deepEqual(await roles(u.ann!), ['manager', 'office', 'sales']);
    const added = (await events()).slice(before);
    assert.deepEqual(added.map(([type, user, role]) => [type, user, role]).sort(), [['role.assigned', u.ann, 'manager'], ['role.assigned', u.ann, 'office']].sort());
  });

  it('nested changes reach every user below: moving a group out of Boston takes the office role from its members', async () => {
    assert.equal((await d.scim('PATCH', `/Groups/${g.boston}`, patchBody({ op: 'remove', path: `members[value eq "${g.managers}"]` }))).status, 204);
    assert.deepEqual(await roles(u.ann!), ['manager', 'sales']);
    assert.deepEqual(await roles(u.bob!), ['manager']);
    const revoked = (await events()).filter(([type, , role]) => type === 'role.revoked' && role === 'office');
    assert.equal(revoked.length, 2);
  });

  it('leaving (deprovisioning) revokes rule roles in the same request; removing a rule revokes what only it gave', async () => {
    assert.equal((await d.scim('DELETE', `/Users/${u.bob}`)).status, 204);
    assert.deepEqual(await roles(u.bob!), []);
    const rules = (await t.admin('GET', `/organizations/${org}/role-rules`)).body.data as any[];
    const sales = rules.find((r) => r.roleKey === 'sales');
    assert.equal((await t.admin('DELETE', `/organizations/${org}/role-rules/${sales.id}`)).status, 204);
    assert.deepEqual(await roles(u.ann!), ['manager']);
  });

  it('a rule-derived role and a granted one are held side by side; the grant outlives the rule', async () => {
    assert.equal((await t.admin('POST', `/users/${u.ann}/roles`, { roleKey: 'manager', reason: 'acting manager' })).status, 201);
    const mgrRule = ((await t.admin('GET', `/organizations/${org}/role-rules`)).body.data as any[]).find((r) => r.roleKey === 'manager');
    await t.admin('DELETE', `/organizations/${org}/role-rules/${mgrRule.id}`);
    const held = ((await t.admin('GET', `/users/${u.ann}/roles`)).body.data as any[]).filter((x) => x.revokedAt === null);
    assert.deepEqual(held.map((x) => [x.role.key, x.source]), [['manager', 'grant']]);
  });

  it('a default role (everyone: true) reaches every current user, new ones on arrival, and leaves with them', async () => {
    await t.admin('POST', '/roles', { key: 'member', name: 'Member' });
    const rule = await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'member', everyone: true });
    assert.equal(rule.status, 201, rule.text);
    assert.deepEqual([rule.body.kind, rule.body.groupId, rule.body.users], ['everyone', null, 2], 'ann and cat (bob left)');
    const dan = (await d.scim('POST', '/Users', userBody('dan@acme.com'))).body.id as string;
    assert.deepEqual(await roles(dan), ['member'], 'a new user has it from the request that created them');
    assert.equal((await d.scim('DELETE', `/Users/${dan}`)).status, 204);
    assert.deepEqual(await roles(dan), [], 'deprovisioning takes it');
    assert.equal((await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'member', everyone: true })).status, 409);
    assert.equal((await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'member', everyone: true, groupId: g.sales })).status, 400);
    assert.equal((await t.admin('DELETE', `/organizations/${org}/role-rules/${rule.body.id}`)).status, 204);
    assert.deepEqual(await roles(u.cat!), []);
  });

  it('refuses rules on groups of other organizations and unknown roles; is reachable from the SDK', async () => {
    const other = await t.createDirectory('okta', (await t.admin('POST', '/organizations', { name: 'Other' })).body.id);
    const foreign = (await other.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Theirs' })).body.id;
    assert.equal((await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'sales', groupId: foreign })).status, 404);
    assert.equal((await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'nope', groupId: g.sales })).status, 404);
    const roster = injectClient(t.app);
    const rule = await roster.roles.addRule(org, { roleKey: 'sales', groupId: g.sales!, priority: 5 });
    assert.equal((await roster.roles.previewRule(org, g.sales!)).users, 1);
    assert.ok((await roster.roles.rules(org)).data.some((r) => r.id === rule.id));
    await roster.roles.removeRule(org, rule.id);
  });
});
