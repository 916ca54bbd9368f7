// Issue 8 §Roles: attribute rules, a SCIM filter over User → a role ("department eq "Sales" and
// addresses[type eq "work"].locality eq "Boston""). The database recomputes them in the transaction
// of every change to a user or a rule; a mover gets exactly the difference, with events naming the rule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { injectClient } from './helpers/sdk-inject.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const BOSTON_SALES = 'department eq "Sales" and addresses[type eq "work"].locality eq "Boston"';

const person = (userName: string, department: string | undefined, city: string, extra: Record<string, unknown> = {}) =>
  userBody(userName, {
    schemas: [USER, ENT],
    addresses: [{ type: 'work', locality: city }, { type: 'home', locality: 'Cambridge' }],
    ...(department !== undefined ? { [ENT]: { department } } : {}),
    ...extra,
  });

describe('attribute rules give roles', () => {
  let t: TestApp;
  let d: TestDirectory;
  let org: string;
  const u: Record<string, string> = {};
  const rule: Record<string, string> = {};

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    org = d.organizationId;
    u.ann = (await d.scim('POST', '/Users', person('ann@acme.com', 'Sales', 'Boston'))).body.id;
    u.bob = (await d.scim('POST', '/Users', person('bob@acme.com', 'Sales', 'New York'))).body.id;
    u.cat = (await d.scim('POST', '/Users', person('cat@acme.com', 'Engineering', 'Boston'))).body.id;
    u.dan = (await d.scim('POST', '/Users', person('dan@acme.com', undefined, 'Boston'))).body.id;
    for (const [key, name] of [['sales', 'Sales rep'], ['office', 'Boston office'], ['eng', 'Engineer']]) await t.admin('POST', '/roles', { key, name });
  });
  after(() => t.close());

  const roles = async (user: string) =>
    ((await t.admin('GET', `/users/${user}/roles`)).body.data as any[]).filter((x) => x.revokedAt === null).map((x) => x.role.key).sort();
  const grant = async (user: string, role: string) =>
    ((await t.admin('GET', `/users/${user}/roles`)).body.data as any[]).find((x) => x.revokedAt === null && x.role.key === role);
  const events = async () =>
    ((await t.admin('GET', `/events?organizationId=${org}&types=role.*&limit=500`)).body.data as any[]).map((e) => ({
      type: e.type as string,
      user: e.objectId as string,
      role: e.data.grant.role.key as string,
      ruleId: e.data.grant.ruleId as string,
      cause: e.data.cause as string,
    }));
  const preview = async (filter: string) => t.admin('GET', `/organizations/${org}/role-rules/preview?filter=${encodeURIComponent(filter)}`);
  const add = (body: Record<string, unknown>) => t.admin('POST', `/organizations/${org}/role-rules`, body);

  it('previews who a filter matches, with the short or the qualified name of an enterprise attribute', async () => {
    const p = await preview(BOSTON_SALES);
    assert.equal(p.status, 200, p.text);
    assert.deepEqual([p.body.users, p.body.sample.map((s: { userName: string }) => s.userName), p.body.filter, p.body.groupId], [1, ['ann@acme.com'], BOSTON_SALES, null]);
    assert.equal((await preview(`${ENT}:department eq "sales"`)).body.users, 2, 'case-insensitive like SCIM; the URN form works too');
    assert.equal((await preview('addresses[type eq "work"].locality eq "Boston"')).body.users, 3);
  });

  it('refuses a filter that is not valid, names an unknown attribute, or names groups: 400 invalid_filter', async () => {
    for (const filter of ['department eq', 'department eq "Sales" and', 'shoeSize gt 40', 'groups.display eq "Sales"', 'meta.lastModified gt "2026-01-01"', 'password eq "x"']) {
      const r = await add({ roleKey: 'sales', filter });
      assert.equal(r.status, 400, `${filter}: ${r.text}`);
      assert.equal(r.body.error.code, 'invalid_filter', filter);
      assert.ok(r.body.error.message.length > 10, r.body.error.message);
      assert.equal((await preview(filter)).status, 400, filter);
    }
    assert.equal((await add({ roleKey: 'sales', filter: 'department eq "Sales"', everyone: true })).status, 400, 'exactly one kind');
    assert.equal((await add({ roleKey: 'sales', filter: 'department eq "a\u0000b"' })).status, 400, 'NUL cannot be stored');
  });

  it('a new rule gives its role to the matching users now, with role.assigned naming the rule', async () => {
    const sales = await add({ roleKey: 'sales', filter: 'department eq "Sales"', priority: 10 });
    assert.equal(sales.status, 201, sales.text);
    assert.deepEqual([sales.body.kind, sales.body.filter, sales.body.groupId, sales.body.users], ['attribute', 'department eq "Sales"', null, 2]);
    rule.sales = sales.body.id;
    rule.bostonSales = (await add({ roleKey: 'sales', filter: BOSTON_SALES, priority: 5 })).body.id;
    rule.office = (await add({ roleKey: 'office', filter: 'addresses[type eq "work"].locality eq "Boston"' })).body.id;
    assert.deepEqual(await roles(u.ann!), ['office', 'sales']);
    assert.deepEqual(await roles(u.bob!), ['sales']);
    assert.deepEqual(await roles(u.cat!), ['office']);
    assert.deepEqual(await roles(u.dan!), ['office']);
    assert.equal((await grant(u.ann!, 'sales')).ruleId, rule.bostonSales, 'the lowest priority is named');
    assert.equal((await grant(u.bob!, 'sales')).ruleId, rule.sales);
    const assigned = (await events()).filter((e) => e.type === 'role.assigned' && e.user === u.bob);
    assert.deepEqual(assigned.map((e) => [e.role, e.ruleId, e.cause]), [['sales', rule.sales, 'rule']]);
    assert.equal((await add({ roleKey: 'sales', filter: 'department eq "Sales"' })).status, 409, 'the same filter for the same role');
  });

  it('a mover from Sales/Boston to Sales/NYC keeps sales through the other rule and gets only the difference', async () => {
    const before = (await events()).length;
    const moved = await d.scim('PATCH', `/Users/${u.ann}`, patchBody({ op: 'replace', path: 'addresses[type eq "work"].locality', value: 'New York' }));
    assert.equal(moved.status, 200, moved.text);
    const added = (await events()).slice(before);
    assert.deepEqual(added.map((e) => [e.type, e.user, e.role, e.ruleId, e.cause]), [['role.revoked', u.ann, 'office', rule.office, 'rule']]);
    assert.deepEqual(await roles(u.ann!), ['sales']);
    assert.equal((await grant(u.ann!, 'sales')).ruleId, rule.sales, 'kept, now through the Sales rule');
  });

  it('a PATCH of the enterprise department moves the role: role.revoked with cause rule and the rule id', async () => {
    const before = (await events()).length;
    const r = await d.scim('PATCH', `/Users/${u.bob}`, patchBody({ op: 'replace', path: `${ENT}:department`, value: 'Marketing' }));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((await events()).slice(before).map((e) => [e.type, e.user, e.role, e.ruleId, e.cause]), [['role.revoked', u.bob, 'sales', rule.sales, 'rule']]);
    const nothing = (await events()).length;
    await d.scim('PATCH', `/Users/${u.bob}`, patchBody({ op: 'replace', path: 'title', value: 'Analyst' }));
    assert.equal((await events()).length, nothing, 'a change that matches no differently says nothing');
  });

  it('a rolled-back change changes no role', async () => {
    const db = t.db.store.db;
    const before = (await events()).length;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await sql`update users set resource = jsonb_set(resource, ${`{${ENT},department}`}::text[], '"Sales"') where id = ${u.cat}`.execute(trx);
        const { rows } = await sql<{ n: string }>`select count(*) as n from role_grants where user_id = ${u.cat} and revoked_at is null and source = 'rule'`.execute(trx);
        assert.equal(Number(rows[0]?.n), 2, 'inside the transaction cat holds sales too');
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await roles(u.cat!), ['office']);
    assert.equal((await events()).length, before);
  });

  it('a PUT replacing the user recomputes; a new user has the role from the request that creates them', async () => {
    const put = await d.scim('PUT', `/Users/${u.cat}`, person('cat@acme.com', 'Sales', 'Boston'));
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(await roles(u.cat!), ['office', 'sales']);
    assert.equal((await grant(u.cat!, 'sales')).ruleId, rule.bostonSales);
    u.eve = (await d.scim('POST', '/Users', person('eve@acme.com', 'Sales', 'Boston'))).body.id;
    assert.deepEqual(await roles(u.eve!), ['office', 'sales']);
  });

  it('a deprovisioned user loses their rule roles; removing a rule revokes what only it gave', async () => {
    assert.equal((await d.scim('DELETE', `/Users/${u.eve}`)).status, 204);
    assert.deepEqual(await roles(u.eve!), []);
    const before = (await events()).length;
    assert.equal((await t.admin('DELETE', `/organizations/${org}/role-rules/${rule.office}`)).status, 204);
    assert.deepEqual([await roles(u.ann!), await roles(u.cat!), await roles(u.dan!)], [['sales'], ['sales'], []]);
    const revoked = (await events()).slice(before);
    assert.deepEqual(revoked.map((e) => [e.type, e.user, e.role, e.ruleId]).sort(), [['role.revoked', u.cat, 'office', rule.office], ['role.revoked', u.dan, 'office', rule.office]].sort());
  });

  it('a value that looks like SQL is only a value', async () => {
    const tricky = `x' or true or 'x\\' or 1=1 --`;
    const r = await add({ roleKey: 'eng', filter: `department eq ${JSON.stringify(tricky)}` });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.users, 0);
    assert.equal(r.body.filter, `department eq ${JSON.stringify(tricky)}`);
    const mal = (await d.scim('POST', '/Users', person('mal@acme.com', tricky, 'Boston'))).body.id as string;
    assert.deepEqual(await roles(mal), ['eng'], 'the user whose department is exactly that text matches');
    assert.deepEqual(await roles(u.ann!), ['sales']);
    assert.equal((await preview(`department eq ${JSON.stringify(tricky)}`)).body.users, 1);
  });

  it('an access review that revokes an attribute rule\'s grant names the filter the user must stop matching', async () => {
    const reviews = `/organizations/${org}/access-reviews`;
    const review = await t.admin('POST', reviews, { name: 'Sales', roleKeys: ['sales'], reviewer: { mode: 'admin', reviewer: 'auditor@acme.com', fallback: 'ciso@acme.com' } });
    assert.equal(review.status, 201, review.text);
    const item = ((await t.admin('GET', `${reviews}/${review.body.id}/items`)).body.data as any[]).find((i) => i.user.id === u.ann);
    const r = await t.admin('POST', `${reviews}/${review.body.id}/items/${item.id}/decision`, { decision: 'revoke', reason: 'not in sales', reviewer: 'auditor@acme.com' });
    assert.deepEqual([r.status, r.body.outcome], [200, 'idp_change_needed'], r.text);
    assert.equal(r.body.task, `Change ann@acme.com's attributes in the identity provider so they no longer match department eq "Sales"`);
  });

  it('is reachable from the SDK', async () => {
    const roster = injectClient(t.app);
    assert.equal((await roster.roles.previewRule(org, { filter: BOSTON_SALES })).users, 1, 'cat (ann moved to New York)');
    const made = await roster.roles.addRule(org, { roleKey: 'eng', filter: 'title eq "Analyst"', priority: 1 });
    assert.equal(made.kind, 'attribute');
    assert.deepEqual(await roles(u.bob!), ['eng']);
    assert.ok((await roster.roles.rules(org)).data.some((x) => x.id === made.id && x.filter === 'title eq "Analyst"' && x.users === 1));
    await roster.roles.removeRule(org, made.id);
    assert.deepEqual(await roles(u.bob!), []);
  });
});
