// Shared setup of the webhook delivery tests: an app with a known secret key, receivers,
// endpoints scoped to a fresh organization, and a worker on a clock the test moves.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/events/delivery-worker.ts';
import type { Db } from '../../src/store/db.ts';
import { horizonCaughtUp } from './horizon.ts';
import { manualClock, startReceiver, type Receiver } from './webhook-receiver.ts';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './test-app.ts';

export { horizonCaughtUp };

export type Clock = ReturnType<typeof manualClock>;

export interface Harness {
  t: TestApp;
  key: Buffer;
  receivers: Receiver[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const key = randomBytes(32);
  const t = await startTestApp({ ROSTER_SECRET_KEY: key.toString('base64') });
  const receivers: Receiver[] = [];
  return {
    t,
    key,
    receivers,
    async close() {
      await Promise.all(receivers.map((r) => r.close()));
      await t.close();
    },
  };
}

/** A new organization with `directories` directories and an endpoint for its `user.*` events. */
export async function scenario(h: Harness, directories = 1, eventTypes = ['user.*']) {
  const receiver = await startReceiver();
  h.receivers.push(receiver);
  const org = (await h.t.admin('POST', '/organizations', { name: `Org ${h.receivers.length}` })).body.id as string;
  const dirs: TestDirectory[] = [];
  for (let i = 0; i < directories; i++) dirs.push(await h.t.createDirectory('okta', org));
  const created = await h.t.admin('POST', '/webhooks', { url: receiver.url, organizationId: org, eventTypes });
  if (created.status !== 201) throw new Error(created.text);
  return { org, dirs, receiver, endpointId: created.body.id as string, secret: created.body.secret as string };
}

export function worker(db: Db, key: Buffer, clock: Clock, extra: { timeoutMs?: number; batchSize?: number } = {}): DeliveryWorker {
  return createDeliveryWorker({ db, secretKey: key, now: clock.now, timeoutMs: extra.timeoutMs ?? 2000, batchSize: extra.batchSize ?? 20, pruneEveryMs: Number.MAX_SAFE_INTEGER });
}

export async function addUsers(d: TestDirectory, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await d.scim('POST', '/Users', userBody(`${prefix}${i}@acme.com`));
    if (r.status !== 201) throw new Error(r.text);
  }
}

/** Ticks until `done`, moving the clock to the endpoint's next due delivery whenever a round is idle. */
export async function runUntil(w: DeliveryWorker, clock: Clock, db: Db, endpointId: string, done: () => boolean | Promise<boolean>, maxTicks = 400): Promise<void> {
  await horizonCaughtUp(db);
  for (let i = 0; i < maxTicks; i++) {
    const r = await w.tick();
    if (await done()) return;
    if (r.attempted === 0 && r.created === 0) {
      const next = await db
        .selectFrom('webhook_deliveries')
        .select(sql<Date | null>`min(next_attempt_at)`.as('at'))
        .where('endpoint_id', '=', endpointId)
        .where('status', 'in', ['pending', 'retrying'])
        .where('next_attempt_at', '>', clock.now())
        .executeTakeFirst();
      if (next?.at) clock.set(new Date(next.at));
      else clock.advance(1000);
    }
  }
  throw new Error(`not done after ${maxTicks} rounds`);
}

/** Ticks until a round has nothing to do (one delivery per directory goes out per round). */
export async function settle(w: DeliveryWorker, db: Db, maxTicks = 100): Promise<void> {
  await horizonCaughtUp(db);
  for (let i = 0; i < maxTicks; i++) {
    const r = await w.tick();
    if (r.attempted === 0 && r.created === 0) return;
  }
  throw new Error(`still busy after ${maxTicks} rounds`);
}

