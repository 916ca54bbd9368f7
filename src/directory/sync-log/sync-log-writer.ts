// The sync log's write path: entries wait in memory and go to the database in multi-row batches.
import type { Db } from '../../store/db.ts';
import { insertSyncLogEntries, type SyncLogInsert } from '../../store/sync-log-repository.ts';
import { createLastErrorTracker } from './last-error.ts';

/** The logger the writer needs; Fastify's and pino's fit. */
export interface WarnLogger {
  warn(obj: object, msg: string): void;
}

export interface SyncLogWriterOptions {
  /** A flush starts at most this long after the first waiting entry. */
  flushIntervalMs?: number;
  /** Entries per INSERT; reaching it starts a flush at once. */
  batchSize?: number;
  /** Past this many waiting entries (the database is away or slow), new ones are dropped and counted. */
  maxBuffered?: number;
  /** A directory's last error is written at most this often. */
  lastErrorIntervalMs?: number;
  /** Milliseconds now; tests move it to cross the last-error interval without waiting. */
  clock?: () => number;
}

export interface SyncLogWriter {
  /** Queues an entry; never waits and never throws. */
  record(entry: SyncLogInsert): void;
  /** Writes everything queued before the call (failures are logged, not thrown). */
  flush(): Promise<void>;
  /** Flushes everything, last errors included, and stops the timer. */
  close(): Promise<void>;
  /** Entries waiting now, and entries lost since start (buffer full, or a batch failed twice): /metrics reads them. */
  stats(): { buffered: number; dropped: number };
}

/**
 * Why a buffer: SCIM is the hot path (an initial sync is thousands of requests a minute), and an
 * INSERT per request would add a round trip to each. The price: a hard crash (kill -9, power loss)
 * loses the entries of the last flush interval. Never data or events — those commit with the request.
 */
export function createSyncLogWriter(db: Db, log: WarnLogger, options: SyncLogWriterOptions = {}): SyncLogWriter {
  const intervalMs = options.flushIntervalMs ?? 250;
  const batchSize = options.batchSize ?? 500;
  const maxBuffered = options.maxBuffered ?? 20_000;
  const lastErrors = createLastErrorTracker(db, log, options.lastErrorIntervalMs ?? 5000, options.clock);
  let buffer: { entry: SyncLogInsert; retried: boolean }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let dropped = 0;
  let droppedSinceStart = 0;
  let closed = false;

  const arm = () => {
    // unref: a waiting flush never keeps a CLI or test process alive; close() flushes what is left.
    timer ??= setTimeout(() => void flush(), intervalMs).unref();
  };

  /** One batch; a failed batch is put back once, then dropped with a warning. */
  async function writeBatch(batch: typeof buffer): Promise<boolean> {
    try {
      await insertSyncLogEntries(db, batch.map((b) => b.entry));
      return true;
    } catch (err) {
      const retry = batch.filter((b) => !b.retried).map((b) => ({ entry: b.entry, retried: true }));
      const lost = batch.length - retry.length;
      const kept = [...retry, ...buffer];
      // Entries past the buffer's bound are lost too (the newest), and counted.
      droppedSinceStart += lost + Math.max(0, kept.length - maxBuffered);
      buffer = kept.slice(0, maxBuffered);
      log.warn({ err, entries: batch.length, dropped: lost }, 'sync log: could not write entries; retrying once on the next flush');
      return false;
    }
  }

  async function drain(all: boolean): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // Only what is waiting now: entries that arrive during the INSERTs wait for the next tick (or a
    // full batch). Draining them too wrote a stream of 10-row INSERTs on PostgreSQL under load.
    let due = all ? Infinity : buffer.length;
    while (due > 0 && buffer.length > 0) {
      const batch = buffer.splice(0, Math.min(batchSize, due));
      due -= batch.length;
      // On failure, leave the rest for the next tick rather than hammering a database that is away.
      // At close (`all`) keep going: each entry is tried at most twice, so the loop ends.
      if (!(await writeBatch(batch)) && !all) break;
    }
    if (dropped > 0) {
      log.warn({ dropped }, 'sync log: entries dropped because the buffer was full');
      dropped = 0;
    }
    await lastErrors.write(all);
    if (!closed && (buffer.length > 0 || lastErrors.hasPending())) arm();
  }

  function flush(all = false): Promise<void> {
    // One drain at a time, in order: a flush asked for during another runs right after it.
    const next = running.then(() => drain(all));
    running = next.catch(() => {});
    return running;
  }

  return {
    record(entry) {
      if (closed) return;
      lastErrors.note(entry);
      if (buffer.length >= maxBuffered) {
        dropped++;
        droppedSinceStart++;
        return;
      }
      buffer.push({ entry, retried: false });
      if (buffer.length === batchSize) void flush();
      else arm();
    },
    flush: () => flush(),
    async close() {
      closed = true;
      await flush(true);
    },
    stats: () => ({ buffered: buffer.length, dropped: droppedSinceStart }),
  };
}
