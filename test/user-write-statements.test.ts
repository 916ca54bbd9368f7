// Issue 5: user creates and updates are single statements (optimistic versions); what the app sees must not change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

interface EventRow {
  type: string;
  object_version: number | null;
  tx_id: string;
  data: { user: { version: number; createdAt: string; updatedAt: string; attributes: Record<string, unknown> }; previous?: Record<string, unknown> };
}

async function eventsOf(t: TestApp, objectId: string): Promise<EventRow[]> {
  const rows = await t.db.store.db.selectFrom('events').select(['type', 'object_version', 'tx_id', 'data']).where('object_id', '=', objectId).orderBy('sequence').execute();
  return rows as unknown as EventRow[];
}

describe('single-statement user writes (issue 5)', () => {
  let t: TestApp;
  let d: TestDirectory;
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  it("stamps the database's timestamps into the event, equal to the resource's meta", async () => {
    const created = await d.scim('POST', '/Users', userBody('stamp@acme.com', { title: 'One' }));
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const patched = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'Two' }));
    assert.equal(patched.status, 200);
    const events = await eventsOf(t, id);
    assert.deepEqual(events.map((e) => [e.type, e.object_version, e.data.user.version]), [['user.created', 1, 1], ['user.updated', 2, 2]]);
    const [first, second] = events;
    assert.equal(first?.data.user.createdAt, created.body.meta.created);
    assert.equal(first?.data.user.updatedAt, created.body.meta.lastModified);
    assert.equal(second?.data.user.createdAt, created.body.meta.created);
    assert.equal(second?.data.user.updatedAt, patched.body.meta.lastModified);
    assert.deepEqual(second?.data.previous, { title: 'One' });
    assert.ok(first?.tx_id && second?.tx_id && first.tx_id !== second.tx_id, 'each write is its own transaction with its id');
  });

  it('applies concurrent PATCHes of one user one after the other: no lost update, one event per version', async () => {
    const id = (await d.scim('POST', '/Users', userBody('race@acme.com'))).body.id as string;
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, k) => d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'add', path: `addresses[type eq "w${k}"].locality`, value: `City ${k}` }))),
    );
    assert.deepEqual(replies.map((r) => r.status), Array(8).fill(200));
    const final = await d.scim('GET', `/Users/${id}`);
    assert.equal((final.body.addresses as unknown[]).length, 8, 'every PATCH is kept');
    assert.equal(final.headers.etag, 'W/"9"');
    const events = await eventsOf(t, id);
    assert.deepEqual(events.map((e) => e.object_version), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses a stale If-Match even when the version moved between read and write', async () => {
    const id = (await d.scim('POST', '/Users', userBody('etag@acme.com'))).body.id as string;
    const ok = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'A' }), { 'if-match': 'W/"1"' });
    assert.equal(ok.status, 200);
    const stale = await d.scim('PUT', `/Users/${id}`, userBody('etag@acme.com', { title: 'B' }), { 'if-match': 'W/"1"' });
    assert.equal(stale.status, 412);
    assert.equal((await d.scim('GET', `/Users/${id}`)).body.title, 'A');
  });

  it('answers 409 naming the holder, and writes nothing, when the create matches a user', async () => {
    const holder = (await d.scim('POST', '/Users', userBody('dup@acme.com', { externalId: 'ext-dup' }))).body.id as string;
    const before = await t.db.store.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const clash = await d.scim('POST', '/Users', userBody('other@acme.com', { externalId: 'ext-dup' }));
    assert.equal(clash.status, 409);
    assert.match(String(clash.body.detail), new RegExp(holder));
    const after = await t.db.store.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    assert.equal((await d.scim('GET', '/Users?filter=userName eq "other@acme.com"')).body.totalResults, 0);
  });

  it('answers a PATCH or PUT with the groups read before the write, direct and nested', async () => {
    const id = (await d.scim('POST', '/Users', userBody('member@acme.com'))).body.id as string;
    const team = (await d.scim('POST', '/Groups', { displayName: 'Team', members: [{ value: id }] })).body.id as string;
    const dept = (await d.scim('POST', '/Groups', { displayName: 'Dept', members: [{ value: team }] })).body.id as string;
    const patched = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'Lead' }));
    const put = await d.scim('PUT', `/Users/${id}`, userBody('member@acme.com', { title: 'Head' }));
    const read = await d.scim('GET', `/Users/${id}`);
    for (const reply of [patched, put]) {
      assert.deepEqual(reply.body.groups, read.body.groups);
      assert.deepEqual((reply.body.groups as { value: string; type: string }[]).map((g) => [g.value, g.type]), [[dept, 'indirect'], [team, 'direct']]);
    }
  });
});
