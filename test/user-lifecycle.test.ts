// The user lifecycle of docs/lifecycle.md: one event per transition, rehire, deprovisioning rules, domain policy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

async function eventsOf(t: TestApp, objectId: string): Promise<{ type: string; object_version: number | null; data: any }[]> {
  return t.db.store.db.selectFrom('events').select(['type', 'object_version', 'data']).where('object_id', '=', objectId).orderBy('sequence').execute();
}

describe('user lifecycle', () => {
  let t: TestApp;
  let d: TestDirectory;
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  it('writes exactly one event per transition, with the app view and its version', async () => {
    const id = (await d.scim('POST', '/Users', userBody('ada@acme.com', { externalId: 'ext-ada', title: 'Engineer' }))).body.id;
    await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', value: { active: false } }));
    await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', value: { active: false } })); // a retry: no change
    await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'active', value: true }));
    await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'Staff' }, { op: 'replace', path: 'active', value: false }));
    const events = await eventsOf(t, id);
    assert.deepEqual(events.map((e) => e.type), ['user.created', 'user.deactivated', 'user.reactivated', 'user.updated', 'user.deactivated']);
    assert.deepEqual(events.map((e) => e.object_version), [1, 2, 3, 4, 4]);
    const created = events[0]?.data.user;
    assert.equal(created.object, 'user');
    assert.equal(created.email, 'ada@acme.com');
    assert.equal(created.state, 'active');
    assert.equal(created.attributes.title, 'Engineer');
    assert.equal(events[1]?.data.user.state, 'suspended');
    assert.deepEqual(events[3]?.data.previous, { title: 'Engineer' });
  });

  it('deprovisions on DELETE under the deactivate rule, and rehires the same person by externalId', async () => {
    const id = (await d.scim('POST', '/Users', userBody('bob@acme.com', { externalId: 'ext-bob' }))).body.id;
    const group = (await d.scim('POST', '/Groups', { displayName: 'Sales', members: [{ value: id }] })).body.id;
    assert.equal((await d.scim('DELETE', `/Users/${id}`)).status, 204);
    assert.equal((await d.scim('GET', `/Users/${id}`)).status, 404);
    assert.equal((await d.scim('GET', '/Users?filter=externalId eq "ext-bob"')).body.totalResults, 0);
    const row = await t.db.store.db.selectFrom('users').select(['state', 'active']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'deprovisioned', active: false });
    assert.equal((await d.scim('GET', `/Groups/${group}`)).body.members, undefined);
    const rehired = await d.scim('POST', '/Users', userBody('robert@acme.com', { externalId: 'ext-bob' }));
    assert.equal(rehired.status, 201);
    assert.equal(rehired.body.id, id, 'the same person comes back with the same id');
    assert.equal(rehired.body.userName, 'robert@acme.com');
    const types = (await eventsOf(t, id)).map((e) => e.type);
    assert.deepEqual(types, ['user.created', 'user.deleted', 'user.reactivated']);
    const last = (await eventsOf(t, id)).at(-1);
    assert.equal(last?.data.rehired, true);
  });

  it('rehires by userName when the IdP sends no externalId', async () => {
    const id = (await d.scim('POST', '/Users', userBody('carol@acme.com'))).body.id;
    await d.scim('DELETE', `/Users/${id}`);
    const again = await d.scim('POST', '/Users', userBody('Carol@acme.com'));
    assert.equal(again.body.id, id);
  });

  it('purges under the delete rule and leaves a tombstone', async () => {
    const d2 = await t.createDirectory('entra');
    const patched = await t.admin('PATCH', `/directories/${d2.id}`, { deprovisionRule: 'delete' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.deprovisionRule, 'delete');
    const id = (await d2.scim('POST', '/Users', userBody('dan@acme.com'))).body.id;
    assert.equal((await d2.scim('DELETE', `/Users/${id}`)).status, 204);
    assert.equal((await t.db.store.db.selectFrom('users').select('id').where('id', '=', id).execute()).length, 0);
    const tomb = await t.db.store.db.selectFrom('tombstones').selectAll().where('object_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(tomb.version, 2);
    const events = await eventsOf(t, id);
    assert.deepEqual(events.map((e) => [e.type, e.data.retained]), [['user.created', undefined], ['user.deleted', false]]);
    // A create of the same person after a purge is a new user: nothing remains to bring back.
    const again = await d2.scim('POST', '/Users', userBody('dan@acme.com'));
    assert.notEqual(again.body.id, id);
  });

  it('refuses a bad deprovisioning rule', async () => {
    const r = await t.admin('PATCH', `/directories/${d.id}`, { deprovisionRule: 'shred' });
    assert.equal(r.status, 400);
  });
});

describe('users outside the organization domains', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function directoryWith(policy: string): Promise<TestDirectory> {
    const org = (await t.admin('POST', '/organizations', { name: `Acme ${policy}`, domains: ['acme.com'] })).body.id;
    assert.equal((await t.admin('PATCH', `/organizations/${org}`, { externalDomainPolicy: policy })).status, 200);
    return t.createDirectory('okta', org);
  }

  it('holds an external user until an admin approves it', async () => {
    const d = await directoryWith('hold');
    const own = await d.scim('POST', '/Users', userBody('eve@eu.acme.com'));
    assert.equal(own.status, 201);
    const contractor = await d.scim('POST', '/Users', userBody('frank@contractors.io'));
    assert.equal(contractor.status, 201, 'the IdP gets its 201 and does not retry');
    const id = contractor.body.id;
    assert.deepEqual(await eventsOf(t, id), [], 'the app hears nothing yet');
    const held = await t.admin('GET', `/organizations/${d.organizationId}/held-users`);
    assert.deepEqual(held.body.data.map((u: { id: string }) => u.id), [id]);
    // The IdP may keep updating a held user; still silent.
    await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'Contractor' }));
    assert.deepEqual(await eventsOf(t, id), []);
    const approved = await t.admin('POST', `/users/${id}/approve`);
    assert.equal(approved.status, 200);
    assert.equal(approved.body.state, 'active');
    assert.deepEqual((await eventsOf(t, id)).map((e) => e.type), ['user.created']);
    assert.equal((await t.admin('POST', `/users/${id}/approve`)).status, 409);
  });

  it('keeps a refused user away from the app for good', async () => {
    const d = await directoryWith('hold');
    const id = (await d.scim('POST', '/Users', userBody('gina@elsewhere.org'))).body.id;
    assert.equal((await t.admin('POST', `/users/${id}/refuse`)).body.state, 'refused');
    await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'x' }));
    assert.deepEqual(await eventsOf(t, id), []);
    assert.equal((await d.scim('GET', `/Users/${id}`)).status, 200, 'the IdP still sees its user');
  });

  it('rejects an external user with a clear SCIM error under the reject policy', async () => {
    const d = await directoryWith('reject');
    const r = await d.scim('POST', '/Users', userBody('hank@gmail.com'));
    assert.equal(r.status, 400);
    assert.equal(r.body.scimType, 'invalidValue');
    assert.match(r.body.detail, /"hank@gmail\.com" is not at one of this organization's domains \(acme\.com\)/);
    assert.equal((await d.scim('GET', '/Users?filter=userName eq "hank@gmail.com"')).body.totalResults, 0);
  });

  it('accepts every domain when the organization has none', async () => {
    const org = (await t.admin('POST', '/organizations', { name: 'Open' })).body.id;
    await t.admin('PATCH', `/organizations/${org}`, { externalDomainPolicy: 'reject' });
    const d = await t.createDirectory('okta', org);
    assert.equal((await d.scim('POST', '/Users', userBody('ivy@anywhere.net'))).status, 201);
  });
});

describe('two-step token rotation and rate limits', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const withToken = (t: TestApp, d: TestDirectory, token: string) =>
    t.app.inject({ method: 'GET', url: `${d.base}/Users`, headers: { authorization: `Bearer ${token}` } }).then((r) => r.statusCode);

  it('keeps both tokens valid until the rotation completes', async () => {
    const d = await t.createDirectory('entra');
    const started = await t.admin('POST', `/directories/${d.id}/token-rotations`);
    assert.equal(started.status, 201);
    const next = started.body.bearerToken as string;
    assert.equal(await withToken(t, d, d.token), 200);
    assert.equal(await withToken(t, d, next), 200);
    assert.equal((await t.admin('POST', `/directories/${d.id}/token-rotations`)).status, 409, 'one rotation at a time');
    assert.equal((await t.admin('POST', `/directories/${d.id}/token-rotations/complete`)).status, 200);
    assert.equal(await withToken(t, d, d.token), 401);
    assert.equal(await withToken(t, d, next), 200);
  });

  it('cancels a rotation: the new token stops, the old one keeps working', async () => {
    const d = await t.createDirectory('okta');
    const next = (await t.admin('POST', `/directories/${d.id}/token-rotations`)).body.bearerToken as string;
    assert.equal((await t.admin('POST', `/directories/${d.id}/token-rotations/cancel`)).status, 200);
    assert.equal(await withToken(t, d, next), 401);
    assert.equal(await withToken(t, d, d.token), 200);
    assert.equal((await t.admin('POST', `/directories/${d.id}/token-rotations/complete`)).status, 409);
  });

  it('answers 429 with Retry-After past the directory limit, and writes nothing for it', async () => {
    const d = await t.createDirectory('okta');
    assert.equal((await t.admin('PATCH', `/directories/${d.id}`, { rateLimitPerSecond: 1, rateLimitBurst: 2 })).status, 200);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<TestDirectory['scim']>> | undefined;
    for (let i = 0; i < 4; i++) {
      const r = await d.scim('POST', '/Users', userBody(`burst${i}@acme.com`));
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    assert.deepEqual(statuses.slice(0, 2), [201, 201]);
    assert.ok(limited, `expected a 429, got ${statuses.join(',')}`);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal(limited.body.status, '429');
    const created = await t.db.store.db.selectFrom('users').select('user_name').where('directory_id', '=', d.id).execute();
    assert.equal(created.length, statuses.filter((s) => s === 201).length);
    // Another directory is not slowed by this one's limit.
    const other = await t.createDirectory('okta');
    assert.equal((await other.scim('GET', '/Users')).status, 200);
  });
});
