// Issue 9 §Seat utilization: the app reports sign-ins; provisioned vs activated vs active, by day; the invite list and the security finding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSeatSnapshotJob } from '../src/directory/activity/seat-snapshot-job.ts';
import { injectClient } from './helpers/sdk-inject.ts';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const DAY = 86400_000;

describe('seat utilization', () => {
  let t: TestApp;
  let clock = new Date('2026-11-23T12:00:00Z');
  let d: TestDirectory;
  let other: TestDirectory;
  const ids: Record<string, string> = {};

  before(async () => {
    t = await startTestApp({}, { now: () => clock });
    d = await t.createDirectory('okta');
    const org = await t.admin('POST', '/organizations', { name: 'Other Inc' });
    other = await t.createDirectory('entra', org.body.id);
    for (const name of ['ann', 'bob', 'cat', 'dan', 'eve']) {
      const r = await d.scim('POST', '/Users', userBody(`${name}@acme.com`));
      assert.equal(r.status, 201, r.text);
      ids[name] = r.body.id;
    }
    const r = await other.scim('POST', '/Users', userBody('zed@other.com'));
    ids.zed = r.body.id;
  });
  after(() => t.close());

  const signIn = (name: string, at?: string) => t.admin('POST', `/users/${ids[name]}/activity`, at === undefined ? {} : { at });
  const seats = (orgId: string, days = 30) => t.admin('GET', `/organizations/${orgId}/seats?days=${days}`);

  it('counts provisioned, activated and active users of the organization only', async () => {
    const empty = await seats(d.organizationId);
    assert.equal(empty.status, 200, empty.text);
    assert.deepEqual([empty.body.provisioned, empty.body.activated, empty.body.active30d, empty.body.neverSignedIn], [5, 0, 0, 5]);
    assert.equal(empty.body.activationRate, 0);

    const first = await signIn('ann');
    assert.equal(first.status, 200, first.text);
    assert.deepEqual([first.body.day, first.body.signInsThatDay, first.body.finding, first.body.state], ['2026-11-23', 1, null, 'active']);
    assert.equal((await signIn('ann')).body.signInsThatDay, 2, 'a second sign-in the same day counts once as active');
    // Bob signed in 40 days ago: activated, but not active in the last 30 days.
    assert.equal((await signIn('bob', new Date(clock.getTime() - 40 * DAY).toISOString())).status, 200);
    assert.equal((await signIn('zed')).status, 200);

    const now = await seats(d.organizationId);
    assert.deepEqual([now.body.provisioned, now.body.activated, now.body.active30d, now.body.neverSignedIn], [5, 2, 1, 3]);
    assert.equal(now.body.activationRate, 0.4);
    assert.equal(now.body.activeRate, 0.2);
  });

  it('lists the provisioned users who never signed in, by cursor', async () => {
    const first = await t.admin('GET', `/organizations/${d.organizationId}/seats/never-signed-in?limit=2`);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.data.length, 2);
    const second = await t.admin('GET', `/organizations/${d.organizationId}/seats/never-signed-in?limit=2&after=${first.body.nextCursor}`);
    const names = [...first.body.data, ...second.body.data].map((u: { userName: string }) => u.userName).sort();
    assert.deepEqual(names, ['cat@acme.com', 'dan@acme.com', 'eve@acme.com']);
    assert.equal(second.body.nextCursor, null);
    const bad = await t.admin('GET', `/organizations/${d.organizationId}/seats/never-signed-in?after=nope`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_cursor');
  });

  it('flags a sign-in of a user the IdP deactivated, and lists it as a security finding', async () => {
    const off = await d.scim('PATCH', `/Users/${ids.cat}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    assert.equal(off.status, 200, off.text);
    const report = await signIn('cat');
    assert.equal(report.status, 200);
    assert.equal(report.body.finding, 'deactivated_in_idp');
    assert.equal(report.body.state, 'suspended');

    const findings = await t.admin('GET', `/organizations/${d.organizationId}/seats/active-while-inactive`);
    assert.equal(findings.status, 200, findings.text);
    assert.equal(findings.body.data.length, 1);
    assert.equal(findings.body.data[0].user.userName, 'cat@acme.com');
    assert.equal(findings.body.data[0].finding, 'deactivated_in_idp');
    assert.equal(findings.body.data[0].lastSignInWhileInactive, clock.toISOString());
    const now = await seats(d.organizationId);
    assert.deepEqual([now.body.provisioned, now.body.suspended, now.body.activated], [4, 1, 2], 'a suspended user is not a provisioned seat');
  });

  it('keeps a history by day, recorded by the snapshot job, with today live', async () => {
    const job = createSeatSnapshotJob({ db: t.db.store.db, now: () => clock });
    assert.ok((await job.runOnce()) >= 2, 'one row per organization');
    await job.runOnce(); // a second recording the same day rewrites it
    clock = new Date(clock.getTime() + DAY);
    assert.equal((await signIn('dan')).status, 200);
    const next = await seats(d.organizationId, 7);
    assert.deepEqual(
      next.body.history.map((p: { day: string; activated: number; active30d: number }) => [p.day, p.activated, p.active30d]),
      [['2026-11-23', 2, 1], ['2026-11-24', 3, 2]],
    );
    const one = await seats(d.organizationId, 1);
    assert.deepEqual(one.body.history.map((p: { day: string }) => p.day), ['2026-11-24'], 'days limits the history');
  });

  it('refuses what it cannot count, and unknown users and organizations', async () => {
    const future = await signIn('eve', new Date(clock.getTime() + 3600_000).toISOString());
    assert.equal(future.status, 400);
    assert.equal(future.body.error.code, 'invalid_value');
    assert.equal(future.body.error.attribute, 'at');
    const garbage = await signIn('eve', 'yesterday');
    assert.equal(garbage.status, 400);
    const unknown = await t.admin('POST', '/users/00000000-0000-4000-8000-000000000000/activity', {});
    assert.equal(unknown.status, 404);
    assert.equal((await t.admin('POST', '/users/not-a-uuid/activity', {})).status, 404);
    assert.equal((await t.admin('GET', '/organizations/00000000-0000-4000-8000-000000000000/seats')).status, 404);
  });

  it('is reachable from the SDK: markActive, seats and both lists', async () => {
    const roster = injectClient(t.app);
    const seen = await roster.users.markActive(ids.eve!, clock);
    assert.deepEqual([seen.userId, seen.finding, seen.day], [ids.eve, null, clock.toISOString().slice(0, 10)]);
    const seats = await roster.organizations.seats(d.organizationId, { days: 2 });
    assert.equal(seats.activated, 4);
    assert.deepEqual((await roster.organizations.neverSignedIn(d.organizationId)).data, []);
    const findings = await roster.organizations.activeWhileInactive(d.organizationId);
    assert.deepEqual(findings.data.map((f) => f.user.userName), ['cat@acme.com']);
  });

  it("is walled: an organization-bound key cannot report or read another organization's seats", async () => {
    const key = await t.admin('POST', '/admin-keys', { name: 'other org', scope: 'full', organizationId: other.organizationId });
    assert.equal(key.status, 201, key.text);
    assert.equal((await t.admin('GET', `/organizations/${d.organizationId}/seats`, undefined, key.body.key)).status, 404);
    assert.equal((await t.admin('POST', `/users/${ids.ann}/activity`, {}, key.body.key)).status, 404);
    assert.equal((await t.admin('POST', `/users/${ids.zed}/activity`, {}, key.body.key)).status, 200);
  });
});
