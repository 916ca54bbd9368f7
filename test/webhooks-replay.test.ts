// Replay (one delivery, everything since a time), the transaction rule (a failed write delivers
// nothing), and the worker that buildApp runs when asked.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { ensureAdminKey } from '../src/directory/admin-keys.ts';
import { recordEvents } from '../src/events/event-writer.ts';
import { buildApp } from '../src/http/app.ts';
import { sleep } from './helpers/deferred.ts';
import { openTestStore } from './helpers/test-store.ts';
import { ADMIN_KEY, userBody } from './helpers/test-app.ts';
import { addUsers, horizonCaughtUp, scenario, settle, startHarness, worker, type Harness } from './helpers/webhook-harness.ts';
import { manualClock, startReceiver } from './helpers/webhook-receiver.ts';

describe('webhook replay and the transaction rule', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('replays one delivery as a new delivery with the same webhook-id', async () => {
    const s = await scenario(h);
    await addUsers(s.dirs[0]!, 'one', 2);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const w = worker(h.t.db.store.db, h.key, clock);
    await settle(w, h.t.db.store.db);
    assert.equal(s.receiver.received.length, 2);
    const first = (await h.t.admin('GET', `/webhooks/${s.endpointId}/deliveries`)).body.data.at(-1);
    assert.equal(first.status, 'succeeded');
    const replay = await h.t.admin('POST', `/webhooks/${s.endpointId}/deliveries/${first.id}/replay`);
    assert.equal(replay.status, 202, replay.text);
    clock.set(new Date());
    assert.equal(replay.body.replayOf, first.id);
    assert.equal(replay.body.status, 'pending');
    await settle(w, h.t.db.store.db);
    assert.equal(s.receiver.received.length, 3);
    assert.equal(s.receiver.received[2]!.headers['webhook-id'], first.eventId);
    const missing = await h.t.admin('POST', `/webhooks/${s.endpointId}/deliveries/01a20000-0000-7000-8000-000000000000/replay`);
    assert.equal(missing.status, 404);
  });

  it('replaying an open delivery makes it due now instead of at its next retry', async () => {
    const s = await scenario(h);
    s.receiver.respond = () => ({ status: 500 });
    await addUsers(s.dirs[0]!, 'open', 1);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const w = worker(h.t.db.store.db, h.key, clock);
    await w.tick();
    const open = (await h.t.admin('GET', `/webhooks/${s.endpointId}/deliveries`)).body.data[0];
    assert.equal(open.status, 'retrying');
    s.receiver.respond = () => ({ status: 200 });
    const replay = await h.t.admin('POST', `/webhooks/${s.endpointId}/deliveries/${open.id}/replay`);
    assert.equal(replay.body.id, open.id);
    assert.ok(Date.parse(replay.body.nextAttemptAt) <= Date.now());
    clock.set(new Date());
    await w.tick();
    assert.equal((await h.t.admin('GET', `/webhooks/${s.endpointId}/deliveries/${open.id}`)).body.status, 'succeeded');
  });

  it('replays every event since a time, in order', async () => {
    const s = await scenario(h);
    await addUsers(s.dirs[0]!, 'early', 2);
    await horizonCaughtUp(h.t.db.store.db);
    await sleep(20);
    const since = new Date();
    await addUsers(s.dirs[0]!, 'late', 3);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const w = worker(h.t.db.store.db, h.key, clock);
    await settle(w, h.t.db.store.db);
    assert.equal(s.receiver.received.length, 5);
    const r = await h.t.admin('POST', `/webhooks/${s.endpointId}/replay`, { since: since.toISOString() });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.body.replayed, 3);
    clock.set(new Date());
    await settle(w, h.t.db.store.db);
    const again = s.receiver.received.slice(5).map((x) => x.json.data.user.userName);
    assert.deepEqual(again, ['late0@acme.com', 'late1@acme.com', 'late2@acme.com']);
    assert.equal((await h.t.admin('POST', `/webhooks/${s.endpointId}/replay`, { since: 'yesterday' })).status, 400);
  });

  it('a write that fails leaves no event, so nothing is delivered', async () => {
    const s = await scenario(h);
    const d = s.dirs[0]!;
    await addUsers(d, 'tx', 1);
    await horizonCaughtUp(h.t.db.store.db);
    assert.equal((await d.scim('POST', '/Users', userBody('tx0@acme.com'))).status, 409);
    await assert.rejects(
      h.t.db.store.db.transaction().execute(async (trx) => {
        await recordEvents(trx, [{ type: 'user.created', organizationId: s.org, directoryId: d.id, objectId: null, objectVersion: null, data: { doomed: true } }]);
        throw new Error('the change failed after its event was written');
      }),
      /change failed/,
    );
    await settle(worker(h.t.db.store.db, h.key, manualClock()), h.t.db.store.db);
    assert.deepEqual(s.receiver.received.map((x) => x.json.data.user?.userName), ['tx0@acme.com']);
    const deliveries = await h.t.db.store.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', s.endpointId).execute();
    assert.equal(deliveries.length, 1);
  });
});

describe('the delivery worker inside buildApp', () => {
  it('runs when asked, delivers, and stops when the app closes', async () => {
    const db = await openTestStore();
    const receiver = await startReceiver();
    const config = loadConfig({ ROSTER_ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'silent', ROSTER_SECRET_KEY: randomBytes(32).toString('hex'), ROSTER_WEBHOOK_POLL_MS: '20' });
    await ensureAdminKey(db.store.db, config.adminApiKey);
    const app = await buildApp(config, { store: db.store, logger: false, deliveryWorker: true });
    try {
      const admin = (method: 'GET' | 'POST', url: string, body?: unknown) =>
        app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${ADMIN_KEY}` }, ...(body ? { payload: body as object } : {}) }).then((r) => JSON.parse(r.body));
      const org = (await admin('POST', '/organizations', { name: 'Live' })).id;
      await admin('POST', '/webhooks', { url: receiver.url, organizationId: org });
      const dir = await admin('POST', `/organizations/${org}/directories`, { name: 'd', provider: 'okta' });
      await app.inject({ method: 'POST', url: `/scim/v2/${dir.id}/Users`, headers: { authorization: `Bearer ${dir.bearerToken}`, 'content-type': 'application/scim+json' }, payload: JSON.stringify(userBody('live@acme.com')) });
      for (let i = 0; i < 200 && receiver.received.length < 2; i++) await sleep(20);
      assert.deepEqual(receiver.received.map((r) => r.json.type), ['directory.activated', 'user.created']);
    } finally {
      await app.close();
      await receiver.close();
      await db.dispose();
    }
  });
});
