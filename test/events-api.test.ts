// GET /api/v1/events: the contract shape, order, filters, the cursor (present at the end too), retention.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { pruneExpiredEvents } from '../src/events/event-retention.ts';
import { horizonCaughtUp } from './helpers/horizon.ts';
import { startTestApp, userBody, GROUP_URN, type TestApp, type TestDirectory } from './helpers/test-app.ts';

interface Ev {
  id: string;
  type: string;
  sequence: number;
  organizationId: string;
  directoryId: string | null;
  createdAt: string;
  data: Record<string, any>;
}

describe('Events API', () => {
  let t: TestApp;
  let d: TestDirectory;
  let other: TestDirectory;

  /** Follows the cursor to the end; returns every event and the last cursor. */
  async function readAll(query: string, limit = 100): Promise<{ events: Ev[]; cursor: string }> {
    await horizonCaughtUp(t.db.store.db);
    const events: Ev[] = [];
    let cursor = '';
    for (let page = 0; page < 1000; page++) {
      const r = await t.admin('GET', `/events?${query}&limit=${limit}${cursor ? `&after=${cursor}` : ''}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(typeof r.body.nextCursor, 'string', 'nextCursor is always present');
      events.push(...r.body.data);
      cursor = r.body.nextCursor;
      if (r.body.data.length < limit) return { events, cursor };
    }
    throw new Error('did not reach the end');
  }

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    const org2 = (await t.admin('POST', '/organizations', { name: 'Other' })).body.id;
    other = await t.createDirectory('entra', org2);
    for (let i = 0; i < 5; i++) assert.equal((await d.scim('POST', '/Users', userBody(`u${i}@acme.com`))).status, 201);
    assert.equal((await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Eng' })).status, 201);
    assert.equal((await other.scim('POST', '/Users', userBody('x@other.com'))).status, 201);
  });
  after(() => t.close());

  it('answers { data, nextCursor } with exactly the documented event fields, in sequence order', async () => {
    await horizonCaughtUp(t.db.store.db);
    const r = await t.admin('GET', `/events?organizationId=${d.organizationId}`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body).sort(), ['data', 'nextCursor']);
    const events: Ev[] = r.body.data;
    assert.deepEqual(events.map((e) => e.type), ['directory.activated', 'user.created', 'user.created', 'user.created', 'user.created', 'user.created', 'group.created']);
    for (const e of events) {
      assert.deepEqual(Object.keys(e).sort(), ['createdAt', 'data', 'directoryId', 'id', 'objectId', 'objectVersion', 'organizationId', 'sequence', 'type']);
      assert.equal(e.organizationId, d.organizationId);
      assert.equal(e.directoryId, d.id);
      assert.equal(typeof e.sequence, 'number');
      assert.ok(!Number.isNaN(Date.parse(e.createdAt)));
    }
    const seqs = events.map((e) => e.sequence);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    assert.equal(events[1]?.data.user.userName, 'u0@acme.com');
  });

  it('needs the admin key', async () => {
    const r = await t.admin('GET', '/events', undefined, 'wrong-key-0123456789');
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'unauthorized');
  });

  it('filters by type list, prefix pattern, directory and organization', async () => {
    const created = (await readAll(`organizationId=${d.organizationId}&types=user.created`)).events;
    assert.equal(created.length, 5);
    const mixed = (await readAll(`organizationId=${d.organizationId}&types=group.*,directory.activated`)).events;
    assert.deepEqual(mixed.map((e) => e.type), ['directory.activated', 'group.created']);
    const repeated = (await readAll(`organizationId=${d.organizationId}&types=group.*&types=directory.activated`)).events;
    assert.deepEqual(repeated.map((e) => e.id), mixed.map((e) => e.id));
    const byDirectory = (await readAll(`directoryId=${other.id}`)).events;
    assert.deepEqual(byDirectory.map((e) => e.type), ['directory.activated', 'user.created']);
    // Without organizationId the whole environment's log: both organizations, still in order.
    const everything = (await readAll('types=user.created')).events;
    assert.deepEqual(new Set(everything.map((e) => e.organizationId)), new Set([d.organizationId, other.organizationId]));
  });

  it('refuses bad parameters with { error: { code, message } }', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=abc', 'types=User', 'organizationId=nope', 'after=garbage']) {
      const r = await t.admin('GET', `/events?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.error.code, 'invalid_value', q);
    }
    const unknown = await t.admin('GET', '/events?organizationId=01a20000-0000-7000-8000-000000000000');
    assert.equal(unknown.status, 404);
  });

  it('pages with an opaque cursor without gaps or repeats, and keeps a cursor at the end to poll with', async () => {
    const all = (await readAll(`organizationId=${d.organizationId}`)).events;
    const { events: paged, cursor } = await readAll(`organizationId=${d.organizationId}`, 2);
    assert.deepEqual(paged.map((e) => e.id), all.map((e) => e.id));
    assert.doesNotMatch(cursor, /^\d+$/, 'the cursor is opaque');
    const idle = await t.admin('GET', `/events?organizationId=${d.organizationId}&after=${cursor}`);
    assert.deepEqual(idle.body.data, []);
    assert.equal(typeof idle.body.nextCursor, 'string');
    await d.scim('POST', '/Users', userBody('late@acme.com'));
    await horizonCaughtUp(t.db.store.db);
    const next = await t.admin('GET', `/events?organizationId=${d.organizationId}&after=${idle.body.nextCursor}`);
    assert.deepEqual(next.body.data.map((e: Ev) => e.data.user.userName), ['late@acme.com']);
  });

  it('defaults limit to 100', async () => {
    const many = await t.createDirectory('generic', other.organizationId);
    await t.db.store.db
      .insertInto('events')
      .values(Array.from({ length: 120 }, (_, i) => ({ id: `01a30000-0000-7000-8000-${String(i).padStart(12, '0')}`, organization_id: other.organizationId, directory_id: many.id, type: 'user.updated', object_id: null, object_version: null, data: '{}' })))
      .execute();
    await horizonCaughtUp(t.db.store.db);
    const r = await t.admin('GET', `/events?directoryId=${many.id}`);
    assert.equal(r.body.data.length, 100);
  });

  it('applies retention: default 90 days, a chosen number of days, or forever (null)', async () => {
    const org = d.organizationId;
    const show = await t.admin('GET', `/organizations/${org}/event-retention`);
    assert.deepEqual(show.body, { organizationId: org, eventRetentionDays: 90 });
    const age = (days: number, type: string) =>
      sql`update events set created_at = now() - make_interval(days => ${days}) where organization_id = ${org} and type = ${type}`.execute(t.db.store.db);
    await age(100, 'group.created');
    await age(20, 'directory.activated');
    const types = async () => (await readAll(`organizationId=${org}`)).events.map((e) => e.type);
    assert.ok(!(await types()).includes('group.created'), 'past the default 90 days');
    assert.ok((await types()).includes('directory.activated'));

    const set = await t.admin('PUT', `/organizations/${org}/event-retention`, { eventRetentionDays: 10 });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { organizationId: org, eventRetentionDays: 10 });
    assert.ok(!(await types()).includes('directory.activated'), 'past 10 days');

    const forever = await t.admin('PUT', `/organizations/${org}/event-retention`, { eventRetentionDays: null });
    assert.equal(forever.body.eventRetentionDays, null);
    assert.ok((await types()).includes('group.created'), 'kept forever');
    assert.equal(await pruneExpiredEvents(t.db.store.db, new Date()), 0);

    await t.admin('PUT', `/organizations/${org}/event-retention`, { eventRetentionDays: 30 });
    assert.equal(await pruneExpiredEvents(t.db.store.db, new Date()), 1, 'the pruning job deletes the 100-day-old event');
    const left = await t.db.store.db.selectFrom('events').select('type').where('organization_id', '=', org).where('type', '=', 'group.created').execute();
    assert.equal(left.length, 0);
    const bad = await t.admin('PUT', `/organizations/${org}/event-retention`, { eventRetentionDays: 0 });
    assert.equal(bad.status, 400);
  });

  it('a write that fails leaves no event', async () => {
    const before = (await readAll(`directoryId=${d.id}&types=user.*`)).events.length;
    const dup = await d.scim('POST', '/Users', userBody('u0@acme.com'));
    assert.equal(dup.status, 409);
    assert.equal((await readAll(`directoryId=${d.id}&types=user.*`)).events.length, before);
  });
});
