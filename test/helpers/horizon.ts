// Waits for the Events API's stable horizon in tests: on a shared PostgreSQL server any transaction
// in flight (another test's) holds it back for a moment, so "write, then read once" would be flaky.
import { stableSequence } from '../../src/events/event-horizon.ts';
import type { Db } from '../../src/store/db.ts';
import { lastAllocatedSequence } from '../../src/store/event-repository.ts';

/**
 * Waits until every event written so far is below the stable horizon. On a shared PostgreSQL
 * server any transaction in flight (another test's) holds the horizon back for a moment.
 */
export async function horizonCaughtUp(db: Db, timeoutMs = 15_000): Promise<void> {
  const target = BigInt(await lastAllocatedSequence(db));
  const deadline = Date.now() + timeoutMs;
  while (BigInt(await stableSequence(db, { waitMs: 50 })) < target) {
    if (Date.now() > deadline) throw new Error('the event horizon did not catch up');
  }
}
