// Where in the event log a directory snapshot stands: the cursor an app follows after rebuilding from it.
//
// The snapshot is one REPEATABLE READ transaction. Its cursor C must split the log: every event
// the snapshot already reflects is <= C, every event it does not is > C. Sequence numbers are drawn
// before commit, so "the highest sequence the snapshot sees" (M) is not enough: a transaction still
// running when the snapshot was taken may hold a smaller number and commit afterwards.
//
// What we do (PostgreSQL): take the snapshot S and M, then read N, the next transaction id. Every
// writer owns its id before it draws a sequence (events/event-writer.ts), so a transaction that
// could hold a number <= M has an id < N. Wait (on another connection) until all of those have
// ended, then ask which of this directory's events <= M are not visible in S. None: C = M, exact.
// Some (a late commit): a fresh snapshot a moment later usually includes it, so we retry a few
// times; if not, C = the first of them - 1, and the events between C and M that S already saw come
// again after C, where the SDK's applyIfNewer finds them not newer. If a writer outlasts the wait,
// C falls back to the Events API's stable horizon read before S began (all of it is in S).
// On PGlite there is one connection: nothing runs beside the snapshot, and C = M is exact at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeCursor } from '../../events/event-feed.ts';
import type { Db } from '../../store/db.ts';
import { nextTransactionId } from '../../store/event-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { firstEventMissedBy, isEmbeddedStore, takeSnapshotPosition, transactionsBeforeFinished } from '../../store/read-repository.ts';

export interface SnapshotPosition {
  /** Events API cursor (`GET /api/v1/events?after=`) to follow from. */
  cursor: string;
  /** The same position as a sequence number. */
  sequence: string;
  /** True when no event the snapshot reflects is after the cursor (nothing comes twice). */
  exact: boolean;
}

/** How long to wait for transactions in flight at the snapshot to end before giving up on exactness. */
const SETTLE_TIMEOUT_MS = 3_000;

const embedded = new WeakMap<Db, boolean>();

/** Asks once per store; call it before opening the snapshot transaction (PGlite has one connection). */
export async function isEmbedded(db: Db): Promise<boolean> {
  let value = embedded.get(db);
  if (value === undefined) {
    value = await isEmbeddedStore(db);
    embedded.set(db, value);
  }
  return value;
}

async function waitForTransactionsBefore(db: Db, xid: string): Promise<boolean> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    if (await transactionsBeforeFinished(db, xid)) return true;
    if (Date.now() > deadline) return false;
    await sleep(delay);
  }
}

/**
 * Fixes `trx`'s snapshot (it must be a fresh REPEATABLE READ transaction: this is its first
 * statement) and computes its position in the directory's event log. `db` is used beside `trx`
 * to wait for writers still in flight; never on PGlite (`horizon` undefined), where it would wait
 * for `trx`. `horizon` is the Events API's stable sequence read before the snapshot began.
 */
export async function snapshotPosition(
  db: Db,
  trx: Executor,
  directoryId: string,
  horizon: string | undefined,
): Promise<{ position: SnapshotPosition; retry: boolean }> {
  const { snapshot, maxSequence } = await takeSnapshotPosition(trx);
  if (horizon === undefined) return { position: position(maxSequence, true), retry: false };
  const next = await nextTransactionId(trx);
  if (!(await waitForTransactionsBefore(db, next))) {
    // A writer has run for longer than we wait. Every event up to the horizon was committed
    // before the snapshot began, so it is in it; past it, events may come twice, never not at all.
    return { position: position(BigInt(horizon) < BigInt(maxSequence) ? horizon : maxSequence, false), retry: false };
  }
  const missed = await firstEventMissedBy(db, directoryId, snapshot, maxSequence);
  // A late commit: a fresh snapshot a moment later will most likely include it and be exact.
  if (missed !== undefined) return { position: position((BigInt(missed) - 1n).toString(), false), retry: true };
  return { position: position(maxSequence, true), retry: false };
}

function position(sequence: string, exact: boolean): SnapshotPosition {
  return { cursor: encodeCursor(sequence), sequence, exact };
}
