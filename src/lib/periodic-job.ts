// A background job that runs now and then every interval, never twice at once in this process, and
// waits for its round in flight when stopped. Jobs must be safe to run in several replicas.

export interface PeriodicJob<T> {
  runOnce(): Promise<T>;
  start(): void;
  stop(): Promise<void>;
}

export function periodicJob<T>(run: () => Promise<T>, intervalMs: number, onError?: (error: unknown) => void): PeriodicJob<T> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    // A slow round (a large backlog) is not doubled by the next tick.
    if (running) return;
    running = run()
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    runOnce: run,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

/** Runs `step` (which handles at most `batch` items, each call its own transaction) until a call handles fewer; answers the total. */
export async function inBatches(step: () => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const handled = await step();
    total += handled;
    if (handled < batch) return total;
  }
}
