// The webhook delivery worker that runs in every Roster process: fan-out, claim with a lease,
// send, record, retry on a schedule, and prune expired events. Time comes from an injected clock.
import { newId } from '../lib/ids.ts';
import type { Db } from '../store/db.ts';
import { claimDueDeliveries, disableEndpoint, recordAttempt, type ClaimedDelivery } from '../store/delivery-repository.ts';
import { eventJson } from './event-feed.ts';
import { pruneExpiredEvents } from './event-retention.ts';
import { fanOutEvents } from './webhook-fanout.ts';
import { readWebhookSecret } from './webhook-secrets.ts';
import { MAX_ATTEMPTS, nextAttemptAt } from './webhook-schedule.ts';
import { sendWebhook, type SendOutcome } from './webhook-sender.ts';

export interface WorkerOptions {
  db: Db;
  secretKey: Buffer;
  now?: () => Date;
  random?: () => number;
  timeoutMs?: number;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Pruning of expired events runs at most this often (by the injected clock). */
  pruneEveryMs?: number;
  onError?: (error: unknown) => void;
  /** After each attempt: what became of the delivery and how long the receiver took (/metrics). */
  onAttempt?: (status: 'succeeded' | 'retrying' | 'failed', seconds: number) => void;
}

export interface DeliveryWorker {
  /** One round: fan out new events, then claim, send and record due deliveries. */
  tick(): Promise<{ created: number; attempted: number }>;
  start(): void;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/** What happens to a delivery after an attempt with `outcome`, as the `attempts`-th attempt. */
function verdict(outcome: SendOutcome, attempts: number, at: Date, random: () => number) {
  const detail = outcome.responseExcerpt ? `${outcome.error}: ${outcome.responseExcerpt.slice(0, 200)}` : outcome.error;
  if (outcome.ok) return { status: 'succeeded' as const, nextAttemptAt: null, reason: null, disable: false };
  if (outcome.statusCode === 410) {
    return { status: 'failed' as const, nextAttemptAt: null, reason: 'The receiver answered 410 Gone, so the endpoint was disabled', disable: true };
  }
  const next = nextAttemptAt(attempts, at, random);
  if (next) return { status: 'retrying' as const, nextAttemptAt: next, reason: detail, disable: false };
  return { status: 'failed' as const, nextAttemptAt: null, reason: `Gave up after ${attempts} attempts; the last one failed with ${detail}`, disable: false };
}

export function createDeliveryWorker(options: WorkerOptions): DeliveryWorker {
  const { db, secretKey } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 20;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const pruneEveryMs = options.pruneEveryMs ?? 3600_000;
  let lastPrune = -Infinity;
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function deliver(d: ClaimedDelivery, secrets: string[]): Promise<void> {
    const at = now();
    const started = performance.now();
    const outcome = await sendWebhook({ url: d.url, msgId: d.event.id, body: JSON.stringify(eventJson(d.event)), secrets, at }, timeoutMs);
    const next = verdict(outcome, d.attempts + 1, at, random);
    options.onAttempt?.(next.status, (performance.now() - started) / 1000);
    const record = (ex: typeof db) => recordAttempt(ex, { id: d.id, lock_token: d.lock_token, attemptId: newId() }, { ...outcome, at }, next);
    if (!next.disable) {
      await record(db);
      return;
    }
    // A 410 also disables the endpoint, with the attempt that saw it.
    await db.transaction().execute(async (trx) => {
      if (await record(trx)) await disableEndpoint(trx, d.endpoint_id, next.reason ?? 'disabled');
    });
  }

  async function tick(): Promise<{ created: number; attempted: number }> {
    const created = await fanOutEvents(db, now());
    const claimedAt = now();
    // The lease outlives the attempt's timeout; if this process dies, another takes over after it.
    const lease = new Date(claimedAt.getTime() + timeoutMs + 60_000);
    const claimed = await claimDueDeliveries(db, claimedAt, lease, newId(), batchSize);
    const secrets = new Map<string, Promise<string[]>>();
    const secretsOf = (id: string) => {
      if (!secrets.has(id)) secrets.set(id, readWebhookSecret(db, secretKey, id, claimedAt));
      return secrets.get(id) as Promise<string[]>;
    };
    await Promise.all(claimed.map(async (d) => deliver(d, await secretsOf(d.endpoint_id))));
    if (claimedAt.getTime() - lastPrune >= pruneEveryMs) {
      lastPrune = claimedAt.getTime();
      await pruneExpiredEvents(db, claimedAt);
    }
    return { created, attempted: claimed.length };
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let busy = false;
      try {
        // Work done may have made the next delivery of a lane due: go again before sleeping.
        busy = (await tick()).attempted > 0;
      } catch (error) {
        options.onError?.(error);
      }
      if (stopped || busy) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    tick,
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
