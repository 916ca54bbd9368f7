// Records each organization's seat counts once an hour, so utilization has a history by day.
import { recordSeatCounts } from '../../store/activity-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';

const HOUR_MS = 3600_000;

export interface SeatSnapshotJob {
  /** Records today's counts now (the UTC day of `now()`); the last recording of a day stands for it. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Safe with several replicas: each writes the same day's row with an upsert, and the counts are
 * read from the shared database, so whichever writes last records the same truth.
 */
export function createSeatSnapshotJob(opts: { db: Executor; now?: () => Date; intervalMs?: number; onError?: (error: unknown) => void }): SeatSnapshotJob {
  const now = opts.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = () => recordSeatCounts(opts.db, now().toISOString().slice(0, 10));
  const tick = () => {
    running = runOnce().catch((error: unknown) => opts.onError?.(error));
  };
  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, opts.intervalMs ?? HOUR_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
