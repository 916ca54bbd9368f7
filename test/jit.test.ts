// Issue 8 §Other ways in: JIT sign-in creates on first login, links to the SCIM user by externalId or
// email, never makes a duplicate, and SCIM keeps the lifecycle once it arrives.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { injectClient } from './helpers/sdk-inject.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('just-in-time sign-in', () => {
  let t: TestApp;
  let org: string;
  let d: TestDirectory;

  before(async () => {
    t = await startTestApp();
    org = (await t.admin('POST', '/organizations', { name: 'Jit Inc', domains: ['acme.com'] })).body.id;
    d = await t.createDirectory('okta', org);
  });
  after(() => t.close());

  const jit = (body: Record<string, unknown>, orgId = org) => t.admin('POST', `/organizations/${orgId}/jit`, body);
  const users = async (userName: string) => (await d.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.Resources as any[];

  it('creates the user on first login (201, user.created, counted as a sign-in), links on the next (200)', async () => {
    const first = await jit({ email: 'ann@acme.com', firstName: 'Ann', lastName: 'Lee', department: 'Sales' });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual([first.body.outcome, first.body.allowed, first.body.user.userName, first.body.user.department], ['created', true, 'ann@acme.com', 'Sales']);
    const events = (await t.admin('GET', `/events?directoryId=${d.id}&types=user.created`)).body.data;
    assert.equal(events.filter((e: any) => e.data.user.userName === 'ann@acme.com').length, 1);
    const again = await jit({ email: 'ANN@acme.com' });
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.outcome, again.body.matchedBy, again.body.user.id], ['linked', 'userName', first.body.user.id]);
    const seats = (await t.admin('GET', `/organizations/${org}/seats`)).body;
    assert.equal(seats.activated, 1, 'JIT logins count as activity');
  });

  it('links to a user SCIM created, by externalId first, else by email', async () => {
    const scim = await d.scim('POST', '/Users', userBody('bob.r@acme.com', { externalId: '00u-bob', emails: [{ value: 'bob@acme.com', primary: true }] }));
    assert.equal(scim.status, 201, scim.text);
    const byExt = await jit({ email: 'someone-else@acme.com', externalId: '00u-bob' });
    assert.deepEqual([byExt.status, byExt.body.matchedBy, byExt.body.user.id], [200, 'externalId', scim.body.id]);
    const byEmail = await jit({ email: 'bob@acme.com' });
    assert.deepEqual([byEmail.status, byEmail.body.matchedBy, byEmail.body.user.id], [200, 'email', scim.body.id]);
    assert.equal((await users('someone-else@acme.com')).length, 0, 'no user was made for the other address');
  });

  it('two first logins at once make one user', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => jit({ email: 'cat@acme.com' })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(answers.map((a) => a.body.user.id)).size, 1);
    assert.equal((await users('cat@acme.com')).length, 1);
  });

  it('SCIM keeps the lifecycle: the IdP adopts the JIT user, and its deactivation refuses the next login', async () => {
    const created = await jit({ email: 'dan@acme.com' });
    // Okta first looks the user up by userName, then updates it rather than creating a second one.
    const [found] = await users('dan@acme.com');
    assert.equal(found.id, created.body.user.id);
    const adopted = await d.scim('PATCH', `/Users/${found.id}`, patchBody({ op: 'replace', value: { externalId: '00u-dan', title: 'Engineer' } }));
    assert.equal(adopted.status, 200, adopted.text);
    // An IdP that creates blindly is told the user exists, with its id.
    const blind = await d.scim('POST', '/Users', userBody('dan@acme.com'));
    assert.equal(blind.status, 409);
    await d.scim('PATCH', `/Users/${found.id}`, patchBody({ op: 'replace', path: 'active', value: false }));
    const refused = await jit({ email: 'dan@acme.com' });
    assert.deepEqual([refused.status, refused.body.outcome, refused.body.allowed, refused.body.reason], [200, 'refused', false, 'deactivated_in_idp']);
    const findings = (await t.admin('GET', `/organizations/${org}/seats/active-while-inactive`)).body.data;
    assert.equal(findings.length, 0, 'a refused login is not a sign-in');
  });

  it("applies the organization's domain policy and refuses what it cannot use", async () => {
    await t.admin('PATCH', `/organizations/${org}`, { externalDomainPolicy: 'hold' });
    const held = await jit({ email: 'guest@partner.example' });
    assert.deepEqual([held.status, held.body.outcome, held.body.allowed, held.body.reason], [200, 'refused', false, 'not_approved']);
    await t.admin('PATCH', `/organizations/${org}`, { externalDomainPolicy: 'allow' });
    assert.equal((await jit({})).status, 400);
    assert.equal((await jit({ email: 'not-an-address' })).body.error.attribute, 'email');
    assert.equal((await jit({ email: 'x@acme.com' }, '00000000-0000-4000-8000-000000000000')).status, 404);
    await t.createDirectory('entra', org);
    const ambiguous = await jit({ email: 'eve@acme.com' });
    assert.deepEqual([ambiguous.status, ambiguous.body.error.attribute], [400, 'directoryId']);
    const named = await jit({ email: 'eve@acme.com', directoryId: d.id });
    assert.equal(named.status, 201);
    const empty = (await t.admin('POST', '/organizations', { name: 'No directory' })).body.id;
    assert.equal((await jit({ email: 'x@acme.com' }, empty)).status, 409);
  });

  it('is reachable from the SDK', async () => {
    const result = await injectClient(t.app).organizations.jit(org, { email: 'ann@acme.com' });
    assert.deepEqual([result.outcome, result.allowed], ['linked', true]);
  });
});
