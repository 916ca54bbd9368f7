// Several replicas on one database: two delivery workers never send a delivery twice at once and
// lose none, fan-out happens once, and a dead worker's lease runs out so another takes over.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { fanOutEvents } from '../src/events/webhook-fanout.ts';
import { claimDueDeliveries } from '../src/store/delivery-repository.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { addUsers, horizonCaughtUp, scenario, settle, startHarness, worker, type Harness } from './helpers/webhook-harness.ts';
import { manualClock } from './helpers/webhook-receiver.ts';

describe('webhook delivery with several replicas', () => {
  let h: Harness;
  let second: Store | undefined;
  before(async () => {
    h = await startHarness();
    // On PostgreSQL the second worker is a second process in all but name: its own pool.
    if (h.t.db.databaseUrl) second = await openStore({ databaseUrl: h.t.db.databaseUrl, poolSize: 10 });
  });
  after(async () => {
    await second?.close();
    await h.close();
  });

  it('two workers on the same database share the work: no delivery sent twice at once, none lost, order kept', async () => {
    const s = await scenario(h, 4);
    s.receiver.respond = ({ count }) => ({ status: count % 7 === 0 ? 500 : 200, delayMs: 5 + (count % 4) * 5 });
    for (const [i, d] of s.dirs.entries()) await addUsers(d, `r${i}-`, 10);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const a = worker(h.t.db.store.db, h.key, clock, { batchSize: 3 });
    const b = worker(second?.db ?? h.t.db.store.db, h.key, clock, { batchSize: 3 });
    const attempted = [0, 0];
    const ok = () => new Set(s.receiver.received.filter((r) => r.status === 200).map((r) => r.json.id));
    for (let round = 0; round < 300 && ok().size < 40; round++) {
      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      attempted[0]! += ra.attempted;
      attempted[1]! += rb.attempted;
      if (ra.attempted + rb.attempted === 0) clock.advance(30 * 60_000);
    }
    assert.equal(ok().size, 40, 'every event delivered');
    assert.equal(s.receiver.maxConcurrentSameId, 1, 'never the same delivery twice at the same time');
    const successes = s.receiver.received.filter((r) => r.status === 200);
    assert.equal(successes.length, 40, 'and no event delivered twice');
    for (const d of s.dirs) {
      const seqs = s.receiver.received.filter((r) => r.json.directoryId === d.id).map((r) => r.json.sequence);
      assert.ok(seqs.every((x, i) => i === 0 || (seqs[i - 1] ?? 0) <= x), `directory order: ${seqs.join(',')}`);
    }
    const fanned = await h.t.db.store.db.selectFrom('webhook_deliveries').select(sql<string>`count(*)`.as('n')).where('endpoint_id', '=', s.endpointId).executeTakeFirstOrThrow();
    assert.equal(Number(fanned.n), 40, 'one delivery per event: fan-out ran once');
    if (second) assert.ok(attempted[0]! > 0 && attempted[1]! > 0, `both workers sent (${attempted.join(' / ')})`);
    await h.t.admin('DELETE', `/webhooks/${s.endpointId}`);
  });

  it('a delivery claimed by a worker that died goes out once its lease has run out', async () => {
    const s = await scenario(h);
    await addUsers(s.dirs[0]!, 'lease', 1);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const live = worker(h.t.db.store.db, h.key, clock);
    await live.tick();
    assert.equal(s.receiver.received.length, 1);
    // A second event is fanned out, then claimed by a "dead" worker that never reports back.
    const lease = new Date(clock.now().getTime() + 70_000);
    await addUsers(s.dirs[0]!, 'lease-b', 1);
    await horizonCaughtUp(h.t.db.store.db);
    await fanOutEvents(h.t.db.store.db, clock.now());
    const claimed = await claimDueDeliveries(h.t.db.store.db, clock.now(), lease, '01a20000-0000-7000-8000-00000000dead', 10);
    assert.equal(claimed.length, 1);
    await settle(live, h.t.db.store.db);
    assert.equal(s.receiver.received.length, 1, 'not while the lease holds');
    clock.set(new Date(lease.getTime() + 1));
    await settle(live, h.t.db.store.db);
    assert.equal(s.receiver.received.length, 2, 'sent by the live worker after the lease ran out');
    assert.equal(s.receiver.received[1]!.json.data.user.userName, 'lease-b0@acme.com');
  });
});
