// Webhook delivery over real HTTP: Standard Webhooks signatures, the retry schedule on an injected
// clock, per-directory order under failures and outages, giving up with a reason, 410 Gone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../src/events/webhook-schedule.ts';
import { addUsers, horizonCaughtUp, runUntil, scenario, startHarness, worker, type Harness } from './helpers/webhook-harness.ts';
import { manualClock, type Receiver } from './helpers/webhook-receiver.ts';

/** Per directory, the sequences of every request received (failed ones too), in arrival order. */
function lanes(receiver: Receiver): Map<string, number[]> {
  const byDirectory = new Map<string, number[]>();
  for (const r of receiver.received) byDirectory.set(r.json.directoryId ?? '', [...(byDirectory.get(r.json.directoryId ?? '') ?? []), r.json.sequence]);
  return byDirectory;
}

const nonDecreasing = (xs: number[]) => xs.every((x, i) => i === 0 || (xs[i - 1] ?? 0) <= x);
const succeeded = (receiver: Receiver) => receiver.received.filter((r) => r.status >= 200 && r.status < 300);

describe('webhook delivery', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('signs with Standard Webhooks headers over a body equal to the event; tampering and stale timestamps fail verification', async () => {
    const s = await scenario(h);
    const d = s.dirs[0]!;
    await addUsers(d, 'sig', 1);
    await horizonCaughtUp(h.t.db.store.db);
    const w = worker(h.t.db.store.db, h.key, manualClock());
    await w.tick();
    assert.equal(s.receiver.received.length, 1);
    const got = s.receiver.received[0]!;
    const events = await h.t.admin('GET', `/events?directoryId=${d.id}&types=user.created`);
    assert.deepEqual(got.json, events.body.data[0], 'the body is the event, as the Events API shows it');
    assert.equal(got.headers['webhook-id'], got.json.id);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.match(got.headers['webhook-signature'] ?? '', /^v1,[A-Za-z0-9+/=]+$/);
    const verifier = new Webhook(s.secret);
    assert.deepEqual(verifier.verify(got.body, got.headers), got.json);
    assert.throws(() => verifier.verify(got.body.replace('sig0', 'sig9'), got.headers), /signature/i);

    // A worker whose clock is 10 minutes behind signs a timestamp receivers must refuse.
    await addUsers(d, 'stale', 1);
    await horizonCaughtUp(h.t.db.store.db);
    await worker(h.t.db.store.db, h.key, manualClock(new Date(Date.now() - 600_000))).tick();
    const stale = s.receiver.received[1]!;
    assert.equal(stale.json.data.user.userName, 'stale0@acme.com');
    assert.throws(() => verifier.verify(stale.body, stale.headers), /too old/);
    await h.t.admin('DELETE', `/webhooks/${s.endpointId}`);
  });

  it('retries on the backoff schedule, holds later events of the directory back, then fails with the reason in the log', async () => {
    const s = await scenario(h);
    s.receiver.respond = () => ({ status: 500, body: 'x'.repeat(5000) });
    await addUsers(s.dirs[0]!, 'retry', 2);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const w = worker(h.t.db.store.db, h.key, clock);
    const times: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      times.push(clock.now().getTime());
      assert.equal((await w.tick()).attempted, 1, `attempt ${attempt}`);
      const log = (await h.t.admin('GET', `/webhooks/${s.endpointId}/deliveries?status=${attempt < MAX_ATTEMPTS ? 'retrying' : 'failed'}`)).body.data;
      assert.equal(log.length, 1);
      if (attempt === MAX_ATTEMPTS) break;
      const wait = Date.parse(log[0].nextAttemptAt) - clock.now().getTime();
      const step = RETRY_DELAYS_MS[attempt - 1]!;
      assert.ok(wait >= step && wait <= step * 1.2 + 1, `wait ${wait} after attempt ${attempt}, expected ${step} + jitter`);
      clock.advance(wait - 1000);
      assert.equal((await w.tick()).attempted, 0, 'not before it is due');
      clock.advance(1000);
    }
    assert.ok(times.at(-1)! - times[0]! > 2 * 86400_000, 'retries span more than two days');
    assert.equal(new Set(s.receiver.received.map((r) => r.json.id)).size, 1, 'the second event waited behind the first');

    const log = await h.t.admin('GET', `/webhooks/${s.endpointId}/deliveries`);
    const failed = log.body.data.find((x: { status: string }) => x.status === 'failed');
    assert.equal(failed.attemptCount, MAX_ATTEMPTS);
    assert.match(failed.lastError, /Gave up after 9 attempts.*HTTP 500/);
    assert.equal(failed.nextAttemptAt, null);
    assert.equal(failed.attempts.length, MAX_ATTEMPTS);
    for (const a of failed.attempts) {
      assert.equal(a.statusCode, 500);
      assert.equal(typeof a.durationMs, 'number');
      assert.equal(a.responseBody.length, 1024, 'response excerpt capped at 1 KB');
      assert.equal(a.error, 'HTTP 500');
    }
    // With the first given up on, the second event of the directory goes out.
    s.receiver.respond = () => ({ status: 204 });
    await w.tick();
    assert.equal(succeeded(s.receiver).length, 1);
    assert.equal(succeeded(s.receiver)[0]!.json.type, 'user.created');
    await h.t.admin('DELETE', `/webhooks/${s.endpointId}`);
  });

  it('keeps each directory in order under a flapping receiver', async () => {
    const s = await scenario(h, 3);
    s.receiver.respond = ({ count }) => (count % 3 === 0 || count % 5 === 0 ? { status: 200 } : count % 2 ? { status: 503 } : 'reset');
    for (const [i, d] of s.dirs.entries()) await addUsers(d, `flap${i}-`, 6);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const w = worker(h.t.db.store.db, h.key, clock);
    await runUntil(w, clock, h.t.db.store.db, s.endpointId, () => new Set(succeeded(s.receiver).map((r) => r.json.id)).size === 18);
    for (const [directory, seqs] of lanes(s.receiver)) assert.ok(nonDecreasing(seqs), `directory ${directory}: ${seqs.join(',')}`);
    for (const d of s.dirs) {
      const ok = succeeded(s.receiver).filter((r) => r.json.directoryId === d.id).map((r) => r.json.sequence);
      assert.equal(ok.length, 6);
      assert.deepEqual(ok, [...ok].sort((a, b) => a - b));
    }
    await h.t.admin('DELETE', `/webhooks/${s.endpointId}`);
  });

  it('a receiver down for hours gets everything, in order, once it is back', async () => {
    const s = await scenario(h, 2);
    s.receiver.respond = () => 'reset';
    const clock = manualClock();
    const w = worker(h.t.db.store.db, h.key, clock);
    // Six hours of outage while the IdP keeps writing.
    for (let step = 0; step < 12; step++) {
      if (step % 4 === 0) for (const [i, d] of s.dirs.entries()) await addUsers(d, `down${step}-${i}-`, 4);
      await w.tick();
      clock.advance(1800_000);
    }
    assert.equal(succeeded(s.receiver).length, 0);
    const pending = await h.t.admin('GET', `/webhooks/${s.endpointId}/deliveries?status=retrying`);
    assert.match(pending.body.data[0].lastError, /ECONNRESET|socket|closed|terminated/i);
    s.receiver.respond = () => ({ status: 200 });
    await runUntil(w, clock, h.t.db.store.db, s.endpointId, () => succeeded(s.receiver).length >= 24);
    const ok = succeeded(s.receiver);
    assert.equal(new Set(ok.map((r) => r.json.id)).size, 24, 'all 24 events, none twice');
    assert.equal(ok.length, 24);
    for (const d of s.dirs) {
      const seqs = ok.filter((r) => r.json.directoryId === d.id).map((r) => r.json.sequence);
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in order per directory');
    }
    await h.t.admin('DELETE', `/webhooks/${s.endpointId}`);
  });

  it('a receiver slower than the timeout: the attempt ends at the timeout, is retried on schedule, and succeeds once it is fast', async () => {
    const s = await scenario(h);
    s.receiver.respond = () => ({ status: 200, delayMs: 1500 });
    await addUsers(s.dirs[0]!, 'slow', 2);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const w = worker(h.t.db.store.db, h.key, clock, { timeoutMs: 300 });
    const started = Date.now();
    assert.equal((await w.tick()).attempted, 1);
    assert.ok(Date.now() - started < 1400, 'the worker did not wait for the slow answer');
    const retrying = (await h.t.admin('GET', `/webhooks/${s.endpointId}/deliveries?status=retrying`)).body.data;
    assert.equal(retrying.length, 1);
    assert.match(retrying[0].lastError, /no response within 300 ms/);
    assert.ok(retrying[0].attempts[0].durationMs >= 250 && retrying[0].attempts[0].durationMs < 1400, `duration ${retrying[0].attempts[0].durationMs}`);
    const wait = Date.parse(retrying[0].nextAttemptAt) - clock.now().getTime();
    assert.ok(wait >= RETRY_DELAYS_MS[0]!, `retried after ${wait} ms, not before the schedule's first step`);
    s.receiver.respond = () => ({ status: 200 });
    await runUntil(w, clock, h.t.db.store.db, s.endpointId, () => new Set(succeeded(s.receiver).map((r) => r.json.id)).size === 2);
    const seqs = succeeded(s.receiver).map((r) => r.json.sequence);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'still in order');
    await h.t.admin('DELETE', `/webhooks/${s.endpointId}`);
  });

  it('410 Gone fails the delivery and disables the endpoint until it is enabled again', async () => {
    const s = await scenario(h);
    s.receiver.respond = () => ({ status: 410 });
    await addUsers(s.dirs[0]!, 'gone', 2);
    await horizonCaughtUp(h.t.db.store.db);
    const clock = manualClock();
    const w = worker(h.t.db.store.db, h.key, clock);
    await w.tick();
    const endpoint = await h.t.admin('GET', `/webhooks/${s.endpointId}`);
    assert.equal(endpoint.body.enabled, false);
    assert.match(endpoint.body.disabledReason, /410 Gone/);
    const log = (await h.t.admin('GET', `/webhooks/${s.endpointId}/deliveries`)).body.data;
    assert.deepEqual(log.map((x: { status: string }) => x.status).sort(), ['failed', 'pending']);
    clock.advance(86400_000);
    assert.equal((await w.tick()).attempted, 0, 'a disabled endpoint gets nothing');
    s.receiver.respond = () => ({ status: 200 });
    const enabled = await h.t.admin('PATCH', `/webhooks/${s.endpointId}`, { enabled: true });
    assert.equal(enabled.body.disabledReason, null);
    await w.tick();
    assert.equal(succeeded(s.receiver).length, 1, 'the pending one resumes');
    await h.t.admin('DELETE', `/webhooks/${s.endpointId}`);
  });
});
