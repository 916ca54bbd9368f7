// Issue 4 point 2: the directory snapshot, streamed from one REPEATABLE READ transaction, and the
// event cursor it stands at: rebuild from it, follow the events after it, miss nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { eventJson } from '../src/events/event-feed.ts';
import { recordEvents } from '../src/events/event-writer.ts';
import { applyIfNewer, createMemoryStore, type RosterEvent, type Snapshot } from '../src/sdk/index.ts';
import { injectClient } from './helpers/sdk-inject.ts';
import { snapshotState, storeState } from './helpers/sync-state.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';
import { testStoreKind } from './helpers/test-store.ts';

function decodeSequence(cursor: string): bigint {
  return BigInt(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^seq:/, ''));
}

async function directoryEvents(t: TestApp, directoryId: string): Promise<RosterEvent[]> {
  const rows = await t.db.store.db.selectFrom('events').selectAll().where('directory_id', '=', directoryId).orderBy('sequence').execute();
  return rows.map((r) => eventJson(r) as unknown as RosterEvent);
}

async function snapshot(t: TestApp, directoryId: string): Promise<Snapshot> {
  const r = await t.admin('GET', `/directories/${directoryId}/snapshot`);
  assert.equal(r.status, 200, r.text);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  return r.body as Snapshot;
}

describe('directory snapshot', () => {
  let t: TestApp;
  let d: TestDirectory;
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('entra');
    await t.admin('PATCH', `/directories/${d.id}`, { deprovisionRule: 'delete' });
  });
  after(() => t.close());

  it('holds users, groups, memberships and tombstones, as JSON and as NDJSON', async () => {
    const ada = (await d.scim('POST', '/Users', userBody('ada@acme.com'))).body.id;
    const bob = (await d.scim('POST', '/Users', userBody('bob@acme.com'))).body.id;
    const gone = (await d.scim('POST', '/Users', userBody('gone@acme.com'))).body.id;
    const eng = (await d.scim('POST', '/Groups', { displayName: 'Eng', members: [{ value: ada }, { value: gone }] })).body.id;
    const all = (await d.scim('POST', '/Groups', { displayName: 'All', members: [{ value: eng }, { value: bob }] })).body.id;
    await d.scim('DELETE', `/Users/${gone}`);
    const s = await snapshot(t, d.id);
    assert.equal(s.object, 'snapshot');
    assert.equal(s.complete, true);
    assert.equal(s.directoryId, d.id);
    assert.equal(typeof s.cursor, 'string');
    assert.equal(s.exact, true);
    assert.deepEqual(s.users.map((u) => u.id).sort(), [ada, bob].sort());
    assert.deepEqual(s.groups.map((g) => g.displayName).sort(), ['All', 'Eng']);
    assert.deepEqual(
      s.memberships.map((m) => `${m.groupId === eng ? 'Eng' : 'All'}>${m.memberId === ada ? 'ada' : m.memberId === bob ? 'bob' : 'Eng'}:${m.memberType}`).sort(),
      ['All>Eng:Group', 'All>bob:User', 'Eng>ada:User'],
    );
    assert.deepEqual(s.tombstones.map((x) => [x.objectType, x.id, x.version]), [['user', gone, 2]]);
    const nd = await t.admin('GET', `/directories/${d.id}/snapshot?format=ndjson`);
    assert.match(String(nd.headers['content-type']), /^application\/x-ndjson/);
    const lines = nd.text.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].type, 'snapshot');
    assert.equal(lines[0].cursor, s.cursor);
    assert.deepEqual(lines.at(-1), { type: 'end', counts: { users: 2, groups: 2, memberships: 3, tombstones: 1 } });
    assert.deepEqual(lines.filter((l) => l.type === 'user').map((l) => l.user), s.users);
    void all;
  });

  it('stands at a cursor that splits the log: what is after it is exactly what the snapshot lacks', async () => {
    const before = await snapshot(t, d.id);
    const cy = (await d.scim('POST', '/Users', userBody('cy@acme.com'))).body.id;
    await d.scim('PATCH', `/Users/${cy}`, patchBody({ op: 'replace', path: 'title', value: 'CTO' }));
    // The cursor is the Events API's own: it accepts it.
    assert.equal((await t.admin('GET', `/events?directoryId=${d.id}&after=${before.cursor}`)).status, 200);
    const at = decodeSequence(before.cursor);
    const events = await directoryEvents(t, d.id);
    assert.deepEqual(events.filter((e) => BigInt(e.sequence) > at).map((e) => e.type), ['user.created', 'user.updated']);
    const known = new Map(before.users.map((u) => [u.id, u.version]));
    for (const e of events.filter((x) => BigInt(x.sequence) <= at)) {
      const user = (e.data as { user?: { id: string; version: number } }).user;
      if (user && known.has(user.id)) assert.ok(user.version <= (known.get(user.id) as number), 'every event up to the cursor is in the snapshot');
    }
  });

  it('rebuilds an app from zero: snapshot, then the events after its cursor, equals the next snapshot', async () => {
    const sdk = injectClient(t.app);
    const store = createMemoryStore();
    const result = await sdk.reconcile({ directoryId: d.id, store });
    const dee = (await d.scim('POST', '/Users', userBody('dee@acme.com'))).body.id;
    const grp = (await d.scim('POST', '/Groups', { displayName: 'Late', members: [{ value: dee }] })).body.id;
    await d.scim('DELETE', `/Groups/${grp}`);
    // The log straight from the table: this checks the snapshot's cursor, not the Events API's horizon.
    const at = decodeSequence(result.cursor);
    for (const event of await directoryEvents(t, d.id)) if (BigInt(event.sequence) > at) await applyIfNewer(store, event);
    assert.deepEqual(storeState(store, d.id), snapshotState(await snapshot(t, d.id)));
  });

  it('streams thousands of users and a group of 1,500 members across pages without repeats', async () => {
    const big = await t.createDirectory('generic');
    const db = t.db.store.db;
    await sql`insert into users (id, directory_id, user_name, emails, active, state, resource)
      select gen_random_uuid(), ${big.id}::uuid, 'user' || i || '@big.test', '{}', true, 'active',
             jsonb_build_object('userName', 'user' || i || '@big.test', 'active', true)
      from generate_series(1, 2100) i`.execute(db);
    await sql`insert into groups (id, directory_id, display_name, resource) select gen_random_uuid(), ${big.id}::uuid, 'G' || i, jsonb_build_object('displayName', 'G' || i) from generate_series(1, 3) i`.execute(db);
    await sql`insert into group_members (group_id, directory_id, user_id)
      select g.id, g.directory_id, u.id from groups g cross join lateral (select id from users where directory_id = g.directory_id order by id limit 1500) u
      where g.directory_id = ${big.id}::uuid and g.display_name = 'G1'`.execute(db);
    const s = await snapshot(t, big.id);
    assert.equal(s.users.length, 2100);
    assert.equal(new Set(s.users.map((u) => u.id)).size, 2100);
    assert.equal(s.groups.length, 3);
    assert.equal(s.memberships.length, 1500);
    assert.equal(new Set(s.memberships.map((m) => m.memberId)).size, 1500);
    const nd = await t.admin('GET', `/directories/${big.id}/snapshot`, undefined);
    assert.equal(nd.status, 200);
  });

  it('answers 404 for an unknown directory', async () => {
    const r = await t.admin('GET', '/directories/01a20000-0000-7000-8000-000000000000/snapshot');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not_found');
  });
});

describe('snapshot under concurrent writers', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('every snapshot plus the events after its cursor rebuilds the final state', { timeout: 120_000 }, async () => {
    const d = await t.createDirectory('okta');
    const sdk = injectClient(t.app);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await d.scim('POST', '/Users', userBody(`seed${i}@acme.com`))).body.id);
    const group = (await d.scim('POST', '/Groups', { displayName: 'Busy' })).body.id;
    let stop = false;
    // Writers on several users and one group at once; on PostgreSQL they commit out of sequence order.
    const writer = async (w: number) => {
      for (let i = 0; !stop && i < 60; i++) {
        const id = ids[(w + i) % ids.length] as string;
        if (i % 3 === 0) await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: `t${w}-${i}` }));
        else if (i % 3 === 1) await d.scim('PATCH', `/Groups/${group}`, patchBody({ op: i % 2 ? 'add' : 'remove', path: 'members', value: [{ value: id }] }));
        else await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', value: { active: i % 2 === 0 } }));
      }
    };
    const snapshots: { store: ReturnType<typeof createMemoryStore>; cursor: string; exact: boolean }[] = [];
    const taker = async () => {
      for (let i = 0; !stop && i < 8; i++) {
        const store = createMemoryStore();
        const r = await sdk.reconcile({ directoryId: d.id, store });
        snapshots.push({ store, cursor: r.cursor, exact: r.exact });
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    await Promise.all([writers.then(() => (stop = true)), taker()]);
    await writers;
    const events = await directoryEvents(t, d.id);
    const final = snapshotState(await snapshot(t, d.id));
    assert.ok(snapshots.length > 0);
    for (const s of snapshots) {
      const at = decodeSequence(s.cursor);
      for (const e of events) if (BigInt(e.sequence) > at) await applyIfNewer(s.store, e);
      assert.deepEqual(storeState(s.store, d.id), final, `snapshot at ${at} (exact: ${s.exact})`);
    }
  });
});

describe('snapshot cursor with a late commit (PostgreSQL)', { skip: testStoreKind() === 'pglite' && 'PGlite has one connection: no transaction can be held open beside the snapshot' }, () => {
  let t: TestApp;
  let d: TestDirectory;
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('generic');
  });
  after(() => t.close());

  /** Opens a transaction that has written one event of the directory (drawn its sequence) and holds it. */
  async function heldWriter(): Promise<{ sequence: bigint; commit: () => Promise<void> }> {
    const trx = await t.db.store.db.startTransaction().execute();
    await recordEvents(trx, [{ type: 'user.updated', organizationId: d.organizationId, directoryId: d.id, objectId: null, objectVersion: null, data: {} }]);
    const row = await trx.selectFrom('events').select('sequence').where('directory_id', '=', d.id).orderBy('sequence', 'desc').limit(1).executeTakeFirstOrThrow();
    return { sequence: BigInt(row.sequence), commit: () => trx.commit().execute() };
  }

  it('waits for a writer that holds a smaller sequence, then stands after it (exact)', async () => {
    const late = await heldWriter();
    await d.scim('POST', '/Users', userBody('later@acme.com')); // commits a larger sequence first
    const pending = t.admin('GET', `/directories/${d.id}/snapshot`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await late.commit();
    const s = (await pending).body as Snapshot;
    assert.equal(s.exact, true);
    assert.ok(decodeSequence(s.cursor) > late.sequence, 'the late event is at or before the cursor, and in the snapshot');
  });

  it('falls back to a cursor below a writer that outlasts the wait (nothing missed, exact: false)', { timeout: 60_000 }, async () => {
    const late = await heldWriter();
    await d.scim('POST', '/Users', userBody('later2@acme.com'));
    const s = (await t.admin('GET', `/directories/${d.id}/snapshot`)).body as Snapshot;
    await late.commit();
    assert.equal(s.exact, false);
    assert.ok(decodeSequence(s.cursor) < late.sequence, 'the late event comes after the cursor');
    assert.ok(s.users.some((u) => u.userName === 'later2@acme.com'), 'what committed first is in the snapshot (and may come again)');
  });
});
