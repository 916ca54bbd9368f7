// Ends suspensions whose return date has come, every minute, in whichever replica gets there first.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.ts';
import { endDueSuspensions } from './user-suspension.ts';

const MINUTE_MS = 60_000;

export interface SuspensionJob {
  /** One round: ends what is due, 100 per transaction, until nothing is. Returns how many ended. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createSuspensionJob(opts: { db: Kysely<Database>; now?: () => Date; intervalMs?: number; onError?: (error: unknown) => void }): SuspensionJob {
  const now = opts.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = async () => {
    let total = 0;
    for (;;) {
      const ended = await opts.db.transaction().execute((trx) => endDueSuspensions(trx, now()));
      total += ended;
      if (ended < 100) return total;
    }
  };
  const tick = () => {
    running = runOnce().catch((error: unknown) => opts.onError?.(error));
  };
  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, opts.intervalMs ?? MINUTE_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
