// Issue 4 point 3: applyIfNewer makes duplicates and out-of-order deliveries harmless by construction.
// A real event stream (an IdP's sequence through SCIM) is fed to an in-memory store in order, then
// shuffled with duplicates many times; the store must always end equal to Roster's own snapshot.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { eventJson } from '../src/events/event-feed.ts';
import { applyIfNewer, createMemoryStore, type MemoryStore, type RosterEvent, type Snapshot } from '../src/sdk/index.ts';
import { injectClient } from './helpers/sdk-inject.ts';
import { snapshotState, storeState, type SyncState } from './helpers/sync-state.ts';
import { ENTERPRISE_URN, patchBody, startTestApp, userBody, USER_URN, type TestApp, type TestDirectory } from './helpers/test-app.ts';

async function directoryEvents(t: TestApp, directoryId: string): Promise<RosterEvent[]> {
  const rows = await t.db.store.db.selectFrom('events').selectAll().where('directory_id', '=', directoryId).orderBy('sequence').execute();
  return rows.map((r) => eventJson(r) as unknown as RosterEvent);
}

function ok(r: { status: number; text: string }, status: number): void {
  assert.equal(r.status, status, r.text);
}

/** An Okta-like lifecycle: lookups, creates, group push, updates, moves, deactivation, delete, rehire, purge. */
async function driveIdp(t: TestApp, d: TestDirectory, midway: () => Promise<void>): Promise<void> {
  const id: Record<string, string> = {};
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) {
    // Okta looks a user up before creating it.
    ok(await d.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${name}@acme.com"`)}&startIndex=1&count=100`), 200);
    const body = userBody(`${name}@acme.com`, { externalId: `okta-${name}`, title: 'Engineer', [ENTERPRISE_URN]: { department: 'R&D', employeeNumber: name.length.toString() } });
    const r = await d.scim('POST', '/Users', { ...body, schemas: [USER_URN, ENTERPRISE_URN] });
    ok(r, 201);
    id[name] = r.body.id;
  }
  const eng = await d.scim('POST', '/Groups', { displayName: 'Engineering', externalId: 'okta-g-eng', members: [{ value: id.alice }, { value: id.bob }] });
  ok(eng, 201);
  id.eng = eng.body.id;
  id.sales = (await d.scim('POST', '/Groups', { displayName: 'Sales', members: [{ value: id.carol }] })).body.id;
  id.all = (await d.scim('POST', '/Groups', { displayName: 'Everyone', members: [{ value: id.eng }, { value: id.dave }] })).body.id;
  ok(await d.scim('PATCH', `/Users/${id.alice}`, patchBody({ op: 'replace', path: 'title', value: 'Staff Engineer' })), 200);
  ok(await d.scim('PUT', `/Users/${id.bob}`, userBody('bob@acme.com', { externalId: 'okta-bob', name: { givenName: 'Robert', familyName: 'Test' } })), 200);
  ok(await d.scim('PATCH', `/Groups/${id.eng}`, patchBody({ op: 'add', path: 'members', value: [{ value: id.carol }] }, { op: 'remove', path: `members[value eq "${id.bob}"]` })), 204);
  await midway();
  ok(await d.scim('PUT', `/Groups/${id.sales}`, { displayName: 'Sales EMEA', members: [{ value: id.dave }, { value: id.erin }] }), 200);
  // The same member added and removed in one request: two events at one group version.
  ok(await d.scim('PATCH', `/Groups/${id.all}`, patchBody({ op: 'add', path: 'members', value: [{ value: id.erin }] }, { op: 'remove', path: `members[value eq "${id.erin}"]` })), 204);
  // Deactivation, then an attribute change and a deactivation in one request (two events, one version).
  ok(await d.scim('PATCH', `/Users/${id.carol}`, patchBody({ op: 'replace', value: { active: false } })), 200);
  ok(await d.scim('PATCH', `/Users/${id.carol}`, patchBody({ op: 'replace', value: { active: true } })), 200);
  ok(await d.scim('PATCH', `/Users/${id.carol}`, patchBody({ op: 'replace', path: 'title', value: 'Leaving' }, { op: 'replace', path: 'active', value: false })), 200);
  ok(await d.scim('DELETE', `/Users/${id.erin}`), 204);
  // Rehire: the same externalId comes back as the same person.
  const rehired = await d.scim('POST', '/Users', userBody('erin.new@acme.com', { externalId: 'okta-erin' }));
  ok(rehired, 201);
  assert.equal(rehired.body.id, id.erin);
  ok(await d.scim('PATCH', `/Groups/${id.eng}`, patchBody({ op: 'add', path: 'members', value: [{ value: id.erin }] })), 204);
  ok(await d.scim('DELETE', `/Groups/${id.sales}`), 204);
  // Under the delete rule a removed user is purged and leaves a tombstone.
  ok(await t.admin('PATCH', `/directories/${d.id}`, { deprovisionRule: 'delete' }), 200);
  ok(await d.scim('DELETE', `/Users/${id.dave}`), 204);
  ok(await d.scim('PATCH', `/Groups/${id.eng}`, patchBody({ op: 'replace', path: 'displayName', value: 'Platform' })), 204);
}

/** The events in a random order, with some delivered again at random places. */
const deliveries = (events: RosterEvent[]) =>
  fc
    .tuple(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.array(fc.tuple(fc.nat(events.length - 1), fc.nat(events.length * 2)), { maxLength: events.length }))
    .map(([shuffled, dups]) => {
      const out = [...shuffled];
      for (const [which, where] of dups) out.splice(where % (out.length + 1), 0, events[which] as RosterEvent);
      return out;
    });

function cloneStore(from: MemoryStore): MemoryStore {
  const store = createMemoryStore();
  for (const key of ['users', 'groups', 'memberships', 'tombstones', 'versions'] as const) {
    for (const [k, v] of from[key]) (store[key] as Map<string, unknown>).set(k, structuredClone(v));
  }
  return store;
}

describe('applyIfNewer over a real event stream', () => {
  let t: TestApp;
  let d: TestDirectory;
  let events: RosterEvent[];
  let roster: SyncState;
  let midway: { store: MemoryStore; cursor: string };
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    const sdk = injectClient(t.app);
    await driveIdp(t, d, async () => {
      const store = createMemoryStore();
      midway = { store, cursor: (await sdk.reconcile({ directoryId: d.id, store })).cursor };
    });
    events = await directoryEvents(t, d.id);
    roster = snapshotState((await t.admin('GET', `/directories/${d.id}/snapshot`)).body as Snapshot);
  });
  after(() => t.close());

  it('the stream covers every kind of change', () => {
    const kinds = new Set(events.map((e) => e.type));
    for (const type of ['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.deleted', 'group.created', 'group.updated', 'group.deleted', 'group.member_added', 'group.member_removed']) {
      assert.ok(kinds.has(type as RosterEvent['type']), `no ${type} in the stream`);
    }
    assert.ok(events.some((e) => e.type === 'user.reactivated' && (e.data as { rehired?: boolean }).rehired));
    assert.equal(roster.tombstones.length, 2, 'a purged user and a deleted group');
  });

  it('(a) applied in order, the store equals Roster\'s snapshot', async () => {
    const store = createMemoryStore();
    for (const e of events) await applyIfNewer(store, e);
    assert.deepEqual(storeState(store, d.id), roster);
  });

  it('(b) shuffled, with duplicates, 300 times: always equal', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(deliveries(events), async (order) => {
        const store = createMemoryStore();
        for (const e of order) await applyIfNewer(store, e);
        assert.deepEqual(storeState(store, d.id), roster);
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });

  it('(c) after a mid-way reconcile, the whole stream again in any order: still equal', { timeout: 60_000 }, async () => {
    assert.ok(midway);
    await fc.assert(
      fc.asyncProperty(deliveries(events), async (order) => {
        const store = cloneStore(midway.store);
        for (const e of order) await applyIfNewer(store, e);
        assert.deepEqual(storeState(store, d.id), roster);
      }),
      { seed: 4, numRuns: 150 },
    );
  });

  it('never resurrects: a late create of a purged user or a deleted group changes nothing', async () => {
    const store = createMemoryStore();
    for (const e of events) await applyIfNewer(store, e);
    const purged = events.find((e) => e.type === 'user.deleted' && !(e.data as { retained: boolean }).retained);
    const created = events.find((e) => e.type === 'user.created' && e.data.user.id === (purged?.data as { user: { id: string } }).user.id);
    assert.ok(purged && created);
    assert.equal(await applyIfNewer(store, created), 'tombstoned');
    assert.equal(await applyIfNewer(store, purged), 'tombstoned');
    const groupCreated = events.find((e) => e.type === 'group.created' && roster.tombstones.some((x) => x.startsWith(`group:${e.data.group.id}:`)));
    assert.ok(groupCreated);
    assert.equal(await applyIfNewer(store, groupCreated), 'tombstoned');
    assert.deepEqual(storeState(store, d.id), roster);
  });
});
