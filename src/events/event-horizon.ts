// The stable horizon of the event log: the highest sequence number below which no event can
// still appear. Readers (Events API, webhook fan-out) never go past it, so none skips a late commit.
//
// Why not `sequence > cursor`: transaction A draws sequence 10, B draws 11 and commits first;
// a reader that returns 11 and moves its cursor past it never sees 10. Why not "tx_id < xmin":
// A may have taken its transaction id *after* B did (ids are taken at the first write, sequence
// numbers at the event insert), so B's id can be below the xmin while A still runs.
//
// What holds: every writer owns a transaction id before it draws a number (event-writer.ts).
// Sample L = the last number drawn, then N = the next id to be assigned. Every transaction that
// drew a number <= L took its id before N was read, so its id is < N. Once a snapshot's xmin
// (oldest transaction still running) is >= N, all of them have finished, and that snapshot sees
// every event <= L that will ever exist. Samples are kept per process; a sample not yet settled
// is retried on the next read, so the horizon lags in-flight writers by about one poll.
import { finishedSampleBound, lastAllocatedSequence, nextTransactionId } from '../store/event-repository.ts';
import type { Db } from '../store/db.ts';

interface Sample {
  l: string;
  n: string;
}

interface HorizonState {
  /** Highest sequence known settled: never moves back. */
  floor: string;
  /** Samples newer than the floor, oldest first. */
  pending: Sample[];
}

const MAX_PENDING = 64;
const states = new WeakMap<Db, HorizonState>();

function stateOf(db: Db): HorizonState {
  let state = states.get(db);
  if (!state) {
    state = { floor: '0', pending: [] };
    states.set(db, state);
  }
  return state;
}

const bigger = (a: string, b: string): boolean => BigInt(a) > BigInt(b);

/**
 * Takes a fresh sample and returns the stable horizon. With `waitMs`, waits that long at most for
 * the fresh sample to settle (writers in flight usually finish within milliseconds), so a read
 * right after a write sees it. Must run outside a transaction that has written: it reads the next
 * transaction id, which a writing transaction would mask.
 */
export async function stableSequence(db: Db, options: { waitMs?: number } = {}): Promise<string> {
  const state = stateOf(db);
  // Order matters: L first, then N (see the file comment).
  const l = await lastAllocatedSequence(db);
  const n = await nextTransactionId(db);
  if (bigger(l, state.floor)) {
    // When a long transaction holds the horizon back, keep the oldest samples (they settle
    // first) and let the newest one replace the last.
    if (state.pending.length < MAX_PENDING) state.pending.push({ l, n });
    else state.pending[MAX_PENDING - 1] = { l, n };
  }
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    if (state.pending.length === 0) return state.floor;
    const bound = await finishedSampleBound(db, state.pending, state.floor);
    if (bigger(bound, state.floor)) state.floor = bound;
    state.pending = state.pending.filter((s) => bigger(s.l, state.floor));
    if (!bigger(l, state.floor) || Date.now() >= deadline) return state.floor;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
