// Issue 8 §Lifecycle: suspend now, reactivate on a date (leave of absence), safe with several replicas;
// the IdP's own changes still win and are recorded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSuspensionJob } from '../src/directory/users/suspension-job.ts';
import { injectClient } from './helpers/sdk-inject.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const DAY = 86400_000;

describe('admin suspensions with a return date', () => {
  let t: TestApp;
  let d: TestDirectory;
  let clock = new Date('2026-11-23T12:00:00Z');

  before(async () => {
    t = await startTestApp({}, { now: () => clock });
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  const newUser = async (name: string) => {
    const r = await d.scim('POST', '/Users', userBody(`${name}@acme.com`));
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };
  const events = async (userId: string) =>
    ((await t.admin('GET', `/events?directoryId=${d.id}&limit=100`)).body.data as any[]).filter((e) => e.data.user?.id === userId).map((e) => e.type);
  const job = () => createSuspensionJob({ db: t.db.store.db, now: () => clock });

  it('suspends now (SCIM shows active false, user.deactivated), and brings the user back on the date', async () => {
    const ann = await newUser('ann');
    const s = await t.admin('POST', `/users/${ann}/suspension`, { until: '2026-12-01', reason: 'parental leave' });
    assert.equal(s.status, 201, s.text);
    assert.deepEqual([s.body.until, s.body.reason, s.body.endedAt], ['2026-12-01T00:00:00.000Z', 'parental leave', null]);
    assert.equal((await d.scim('GET', `/Users/${ann}`)).body.active, false);
    const deactivated = ((await t.admin('GET', `/events?directoryId=${d.id}&types=user.deactivated`)).body.data as any[]).at(-1);
    assert.equal(deactivated.data.suspension.until, '2026-12-01T00:00:00.000Z');

    assert.equal(await job().runOnce(), 0, 'not before the date');
    clock = new Date('2026-12-01T00:00:30Z');
    assert.equal(await job().runOnce(), 1);
    assert.equal((await d.scim('GET', `/Users/${ann}`)).body.active, true);
    assert.deepEqual((await events(ann)).slice(-2), ['user.deactivated', 'user.reactivated']);
    const history = (await t.admin('GET', `/users/${ann}/suspensions`)).body.data;
    assert.equal(history[0].endedBy, 'schedule');
    assert.equal(await job().runOnce(), 0, 'once');
  });

  it('ends early or moves the date on request', async () => {
    const bob = await newUser('bob');
    await t.admin('POST', `/users/${bob}/suspension`, {});
    const moved = await t.admin('PATCH', `/users/${bob}/suspension`, { until: new Date(clock.getTime() + 10 * DAY).toISOString() });
    assert.equal(moved.status, 200, moved.text);
    const ended = await t.admin('POST', `/users/${bob}/suspension/end`);
    assert.deepEqual([ended.status, ended.body.endedBy], [200, 'admin']);
    assert.equal((await d.scim('GET', `/Users/${bob}`)).body.active, true);
    assert.equal((await t.admin('POST', `/users/${bob}/suspension/end`)).status, 409, 'nothing left to end');
  });

  it("the IdP's change of active wins: the suspension ends as overridden and no return undoes the IdP", async () => {
    const cat = await newUser('cat');
    await t.admin('POST', `/users/${cat}/suspension`, { until: new Date(clock.getTime() + DAY).toISOString() });
    // The IdP, which knows nothing of the leave, reactivates…
    assert.equal((await d.scim('PATCH', `/Users/${cat}`, patchBody({ op: 'replace', path: 'active', value: true }))).status, 200);
    let history = (await t.admin('GET', `/users/${cat}/suspensions`)).body.data;
    assert.equal(history[0].endedBy, 'identity_provider');
    // …then deactivates for good; the old return date must not bring the user back.
    assert.equal((await d.scim('PATCH', `/Users/${cat}`, patchBody({ op: 'replace', path: 'active', value: false }))).status, 200);
    clock = new Date(clock.getTime() + 2 * DAY);
    assert.equal(await job().runOnce(), 0);
    assert.equal((await d.scim('GET', `/Users/${cat}`)).body.active, false);
    // An IdP update that leaves active alone keeps the suspension.
    const dan = await newUser('dan');
    await t.admin('POST', `/users/${dan}/suspension`, { until: new Date(clock.getTime() + DAY).toISOString() });
    assert.equal((await d.scim('PATCH', `/Users/${dan}`, patchBody({ op: 'replace', path: 'title', value: 'Lead' }))).status, 200);
    history = (await t.admin('GET', `/users/${dan}/suspensions`)).body.data;
    assert.equal(history[0].endedAt, null);
  });

  it('two replicas running the job at once end each suspension once', async () => {
    const ids = await Promise.all(['e1', 'e2', 'e3', 'e4', 'e5'].map(newUser));
    for (const id of ids) await t.admin('POST', `/users/${id}/suspension`, { until: new Date(clock.getTime() + 60_000).toISOString() });
    clock = new Date(clock.getTime() + 120_000);
    const [a, b] = await Promise.all([job().runOnce(), job().runOnce()]);
    assert.equal(a + b, 5);
    for (const id of ids) assert.equal((await events(id)).filter((e) => e === 'user.reactivated').length, 1);
  });

  it('refuses what it cannot do, in words', async () => {
    const eve = await newUser('eve');
    assert.equal((await t.admin('POST', `/users/${eve}/suspension`, { until: '2020-01-01' })).body.error.attribute, 'until');
    assert.equal((await t.admin('POST', `/users/${eve}/suspension`, { until: 'soon' })).status, 400);
    await d.scim('PATCH', `/Users/${eve}`, patchBody({ op: 'replace', path: 'active', value: false }));
    const idpDeactivated = await t.admin('POST', `/users/${eve}/suspension`, {});
    assert.equal(idpDeactivated.status, 409);
    const end = await t.admin('POST', `/users/${eve}/suspension/end`);
    assert.equal(end.status, 409);
    assert.match(end.body.error.hint, /identity provider deactivated/);
    assert.equal((await t.admin('POST', '/users/00000000-0000-4000-8000-000000000000/suspension', {})).status, 404);
  });

  it('is reachable from the SDK', async () => {
    const roster = injectClient(t.app);
    const fay = await newUser('fay');
    const s = await roster.users.suspend(fay, { reason: 'sabbatical' });
    assert.equal(s.reason, 'sabbatical');
    await roster.users.rescheduleSuspension(fay, new Date(clock.getTime() + DAY).toISOString());
    assert.equal((await roster.users.endSuspension(fay)).endedBy, 'admin');
    assert.equal((await roster.users.suspensions(fay)).data.length, 1);
  });
});
