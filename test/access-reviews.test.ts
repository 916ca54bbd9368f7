// Issue 8 §Access reviews: campaigns over the grants in scope, reviewers (named or each user's manager,
// with a fallback), keep/revoke with a reason, self-review refused, rule grants raising an IdP task,
// and the evidence (CSV, printable report) with hostile strings escaped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { injectClient } from './helpers/sdk-inject.ts';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HOSTILE = '<script>alert(1)</script>, "left", 2 days ago';

describe('access reviews', () => {
  let t: TestApp;
  let d: TestDirectory;
  let org: string;
  const u: Record<string, string> = {};
  let clock = new Date('2026-11-23T12:00:00Z');

  before(async () => {
    t = await startTestApp({}, { now: () => clock });
    d = await t.createDirectory('okta');
    org = d.organizationId;
    const add = async (name: string, extra: Record<string, unknown> = {}) => {
      const r = await d.scim('POST', '/Users', userBody(`${name}@acme.com`, extra));
      assert.equal(r.status, 201, r.text);
      u[name] = r.body.id;
    };
    await add('boss');
    for (const name of ['ann', 'bob', 'cat']) await add(name);
    await add('dan', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE], [ENTERPRISE]: { manager: { value: u.boss } } });
    for (const [key, name] of [['admin', 'Administrator'], ['sales', 'Sales'], ['viewer', 'Viewer']]) await t.admin('POST', '/roles', { key, name });
    for (const [user, role] of [['ann', 'admin'], ['bob', 'admin'], ['cat', 'viewer'], ['dan', 'viewer']]) {
      assert.equal((await t.admin('POST', `/users/${u[user!]}/roles`, { roleKey: role })).status, 201);
    }
    const group = (await d.scim('POST', '/Groups', { displayName: 'Sales Team', members: [{ value: u.cat }] })).body.id;
    assert.equal((await t.admin('POST', `/organizations/${org}/role-rules`, { roleKey: 'sales', groupId: group })).status, 201);
  });
  after(() => t.close());

  const base = () => `/organizations/${org}/access-reviews`;
  const items = async (id: string) => (await t.admin('GET', `${base()}/${id}/items`)).body.data as any[];
  const itemOf = (list: any[], user: string, role: string) => list.find((i) => i.user.id === u[user] && i.role.key === role);
  let quarterly = '';

  it('a campaign takes the open grants in scope at its creation, with the named reviewer', async () => {
    const r = await t.admin('POST', base(), { name: 'Q4 admins and sales', roleKeys: ['admin', 'sales'], reviewer: { mode: 'admin', reviewer: 'auditor@acme.com', fallback: 'ciso@acme.com' } });
    assert.equal(r.status, 201, r.text);
    quarterly = r.body.id;
    assert.deepEqual([r.body.status, r.body.roleKeys, r.body.counts], ['open', ['admin', 'sales'], { items: 3, decided: 0, pending: 3, kept: 0, revoked: 0, idpChangeNeeded: 0 }]);
    // A grant made later is not in this campaign.
    await t.admin('POST', `/users/${u.cat}/roles`, { roleKey: 'admin' });
    const list = await items(quarterly);
    assert.deepEqual(list.map((i) => [i.user.userName, i.role.key, i.source, i.reviewer]), [
      ['ann@acme.com', 'admin', 'grant', 'auditor@acme.com'],
      ['bob@acme.com', 'admin', 'grant', 'auditor@acme.com'],
      ['cat@acme.com', 'sales', 'rule', 'auditor@acme.com'],
    ]);
    assert.equal(itemOf(list, 'cat', 'sales').groupName, 'Sales Team');
    assert.equal((await t.admin('POST', base(), { name: 'x', roleKeys: ['nope'], reviewer: { mode: 'admin', reviewer: 'a@b.c', fallback: 'c@d.e' } })).status, 404);
    assert.equal((await t.admin('POST', base(), { name: 'x', reviewer: { mode: 'admin', fallback: 'c@d.e' } })).body.error.attribute, 'reviewer.reviewer');
    assert.equal((await t.admin('GET', base())).body.data[0].id, quarterly);
  });

  it('manager mode assigns each user their manager, and the fallback when there is none', async () => {
    const r = await t.admin('POST', base(), { name: 'Viewers', roleKeys: ['viewer'], reviewer: { mode: 'manager', fallback: 'cat@acme.com' } });
    assert.equal(r.status, 201, r.text);
    const list = await items(r.body.id);
    assert.deepEqual(list.map((i) => [i.user.userName, i.reviewer]), [['cat@acme.com', 'cat@acme.com'], ['dan@acme.com', u.boss]]);
    assert.deepEqual((await t.admin('GET', `${base()}/${r.body.id}/items?reviewer=${u.boss}`)).body.data.map((i: any) => i.user.userName), ['dan@acme.com']);
    // Self-review: dan on his own item (any case of his email), cat as the fallback of her own item.
    const dan = itemOf(list, 'dan', 'viewer');
    const self = await t.admin('POST', `${base()}/${r.body.id}/items/${dan.id}/decision`, { decision: 'keep', reviewer: 'DAN@acme.com' });
    assert.equal(self.status, 403);
    assert.match(self.body.error.detail ?? self.body.error.message, /Self-review is not allowed/);
    const catSelf = await t.admin('POST', `${base()}/${r.body.id}/items/${itemOf(list, 'cat', 'viewer').id}/decision`, { decision: 'keep', reviewer: u.cat });
    assert.equal(catSelf.status, 403);
    const kept = await t.admin('POST', `${base()}/${r.body.id}/items/${dan.id}/decision`, { decision: 'keep', reviewer: u.boss });
    assert.deepEqual([kept.status, kept.body.outcome, kept.body.decidedBy], [200, 'kept', u.boss], kept.text);
    // Closed: no more decisions, nor a second close.
    assert.equal((await t.admin('POST', `${base()}/${r.body.id}/close`)).body.status, 'closed');
    assert.equal((await t.admin('POST', `${base()}/${r.body.id}/close`)).status, 409);
    const late = await t.admin('POST', `${base()}/${r.body.id}/items/${dan.id}/decision`, { decision: 'revoke', reason: 'late', reviewer: u.boss });
    assert.equal(late.status, 409);
    assert.match(late.body.error.detail ?? late.body.error.message, /closed/);
  });

  it('keep; a wrong reviewer is refused; a keep may become a revoke, a revoke is final', async () => {
    const bob = itemOf(await items(quarterly), 'bob', 'admin');
    const path = `${base()}/${quarterly}/items/${bob.id}/decision`;
    const wrong = await t.admin('POST', path, { decision: 'keep', reviewer: 'mallory@acme.com' });
    assert.equal(wrong.status, 403);
    assert.match(wrong.body.error.detail ?? wrong.body.error.message, /not the reviewer/);
    const kept = await t.admin('POST', path, { decision: 'keep', reviewer: 'Auditor@acme.com' });
    assert.deepEqual([kept.status, kept.body.decision, kept.body.outcome, kept.body.decidedAt], [200, 'keep', 'kept', clock.toISOString()]);
    assert.equal((await t.admin('POST', path, { decision: 'keep', reviewer: 'auditor@acme.com' })).status, 409);
    assert.equal((await t.admin('POST', path, { decision: 'revoke', reviewer: 'ciso@acme.com' })).body.error.attribute, 'reason');
    const revoked = await t.admin('POST', path, { decision: 'revoke', reason: 'left the team', reviewer: 'ciso@acme.com' });
    assert.deepEqual([revoked.status, revoked.body.outcome, revoked.body.decidedBy], [200, 'revoked', 'ciso@acme.com']);
    assert.equal((await t.admin('POST', path, { decision: 'revoke', reason: 'again', reviewer: 'ciso@acme.com' })).status, 409);
  });

  it('a revoke of an API grant ends it with role.revoked (cause review) in the same transaction', async () => {
    const ann = itemOf(await items(quarterly), 'ann', 'admin');
    const r = await t.admin('POST', `${base()}/${quarterly}/items/${ann.id}/decision`, { decision: 'revoke', reason: HOSTILE, reviewer: 'auditor@acme.com' });
    assert.deepEqual([r.status, r.body.outcome, r.body.reason], [200, 'revoked', HOSTILE], r.text);
    const grant = (await t.admin('GET', `/users/${u.ann}/roles`)).body.data[0];
    assert.deepEqual([grant.id, grant.revokedBy, grant.revokedAt !== null], [ann.grantId, 'admin', true]);
    const events = (await t.admin('GET', `/events?organizationId=${org}&types=role.revoked&limit=100`)).body.data as any[];
    const ofAnn = events.filter((e) => e.objectId === u.ann);
    assert.deepEqual(ofAnn.map((e) => [e.data.cause, e.data.reviewId, e.data.grant.id]), [['review', quarterly, ann.grantId]]);
  });

  it('a revoke of a rule grant leaves the grant and records the IdP change to make', async () => {
    const cat = itemOf(await items(quarterly), 'cat', 'sales');
    const r = await t.admin('POST', `${base()}/${quarterly}/items/${cat.id}/decision`, { decision: 'revoke', reason: 'moved to support', reviewer: 'auditor@acme.com' });
    assert.deepEqual([r.status, r.body.outcome], [200, 'idp_change_needed'], r.text);
    assert.match(r.body.task, /Remove cat@acme\.com from the group "Sales Team"/);
    const sales = ((await t.admin('GET', `/users/${u.cat}/roles`)).body.data as any[]).find((g) => g.role.key === 'sales');
    assert.deepEqual([sales.id, sales.revokedAt], [cat.grantId, null]);
    const c = (await t.admin('GET', `${base()}/${quarterly}`)).body.counts;
    assert.deepEqual(c, { items: 3, decided: 3, pending: 0, kept: 0, revoked: 2, idpChangeNeeded: 1 });
    assert.equal((await t.admin('GET', `${base()}/${quarterly}/items?decided=false`)).body.data.length, 0);
  });

  it('the evidence (CSV and printable report) has every decision, hostile strings escaped', async () => {
    const csv = await t.admin('GET', `${base()}/${quarterly}/evidence.csv`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'user,role,source,reviewer,decision,reason,decided_at,outcome');
    assert.equal(lines[1], `ann@acme.com,admin,grant,auditor@acme.com,revoke,"<script>alert(1)</script>, ""left"", 2 days ago",${clock.toISOString()},revoked`);
    assert.equal(lines[2], `bob@acme.com,admin,grant,ciso@acme.com,revoke,left the team,${clock.toISOString()},revoked`);
    assert.equal(lines[3], `cat@acme.com,sales,rule,auditor@acme.com,revoke,moved to support,${clock.toISOString()},idp_change_needed`);
    const html = await t.admin('GET', `${base()}/${quarterly}/report`);
    assert.equal(html.status, 200);
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.ok(!html.text.includes('<script>'), 'no script tag of a reason reaches the page');
    assert.ok(html.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;, &quot;left&quot;, 2 days ago'));
    assert.ok(html.text.includes('Q4 admins and sales') && html.text.includes('Remove cat@acme.com from the group &quot;Sales Team&quot;'));
    assert.match(html.text, /3 of 3 \(kept 0, revoked 2, IdP change needed 1, pending 0\)/);
  });

  it("another organization's key sees nothing of the campaign (404)", async () => {
    const other = (await t.admin('POST', '/organizations', { name: 'Other' })).body.id;
    const key = (await t.admin('POST', '/admin-keys', { name: 'other', scope: 'full', organizationId: other })).body.key;
    const item = (await items(quarterly))[0];
    for (const [method, path, body] of [
      ['GET', base()],
      ['GET', `${base()}/${quarterly}`],
      ['GET', `${base()}/${quarterly}/items`],
      ['GET', `${base()}/${quarterly}/evidence.csv`],
      ['GET', `${base()}/${quarterly}/report`],
      ['POST', `${base()}/${quarterly}/close`],
      ['POST', `${base()}/${quarterly}/items/${item.id}/decision`, { decision: 'keep', reviewer: 'auditor@acme.com' }],
      ['GET', `/organizations/${other}/access-reviews/${quarterly}`],
    ] as const) {
      const r = await t.admin(method, path, body, key);
      assert.equal(r.status, 404, `${method} ${path}: ${r.status}`);
      assert.ok(!r.text.includes('Q4 admins'), path);
    }
    assert.deepEqual((await t.admin('GET', `/organizations/${other}/access-reviews`, undefined, key)).body.data, []);
  });

  it('is reachable from the SDK', async () => {
    const roster = injectClient(t.app);
    const review = await roster.accessReviews.create(org, { name: 'SDK', roleKeys: ['viewer'], reviewer: { mode: 'admin', reviewer: 'auditor@acme.com', fallback: 'ciso@acme.com' } });
    const [first] = (await roster.accessReviews.items(org, review.id, { decided: false })).data;
    assert.equal((await roster.accessReviews.decide(org, review.id, first!.id, { decision: 'keep', reviewer: 'auditor@acme.com' })).outcome, 'kept');
    assert.equal((await roster.accessReviews.get(org, review.id)).counts.decided, 1);
    assert.ok((await roster.accessReviews.list(org)).data.some((r) => r.id === review.id));
    assert.match(await roster.accessReviews.evidenceCsv(org, review.id), /,keep,,.*,kept\r\n/);
    assert.match(await roster.accessReviews.report(org, review.id), /<h1>Access review: SDK<\/h1>/);
    assert.equal((await roster.accessReviews.close(org, review.id)).status, 'closed');
  });

  it('takes no decision after closesAt (409), and refuses a closesAt in the past', async () => {
    const soon = new Date(clock.getTime() + 3600_000).toISOString();
    const r = await t.admin('POST', base(), { name: 'Short', roleKeys: ['viewer'], reviewer: { mode: 'admin', reviewer: 'auditor@acme.com', fallback: 'ciso@acme.com' }, closesAt: soon });
    assert.deepEqual([r.status, r.body.closesAt], [201, soon], r.text);
    assert.equal((await t.admin('POST', base(), { name: 'Past', reviewer: { mode: 'manager', fallback: 'ciso@acme.com' }, closesAt: '2020-01-01' })).body.error.attribute, 'closesAt');
    clock = new Date(clock.getTime() + 2 * 3600_000);
    const [first] = await items(r.body.id);
    const late = await t.admin('POST', `${base()}/${r.body.id}/items/${first.id}/decision`, { decision: 'keep', reviewer: 'auditor@acme.com' });
    assert.equal(late.status, 409);
  });
});
