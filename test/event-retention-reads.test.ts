// Issue 5: the hourly pruning of expired events reads the events it may delete, not the whole log.
// Each organization's cutoff comes from its retention row, which no index can take; before the bound
// on the shortest retention, a run that found nothing due walked every event by sequence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { tableReads } from './helpers/table-reads.ts';
import { DIRECTORY_ID, ORG_ID } from '../src/store/filter-sql/filter-test-fixture.ts';
import { pruneExpiredEvents } from '../src/events/event-retention.ts';
import { newId } from '../src/lib/ids.ts';
import { upsertRetention } from '../src/store/event-repository.ts';
import type { Executor } from '../src/store/organization-repository.ts';
import { seededStore } from './helpers/seeded-store.ts';

const GROWN = 20000;
const DAY = 86_400_000;

/** `n` events of the fixture's organization, `ageDays` old; their ids. */
async function addEvents(db: Executor, n: number, ageDays: number, organizationId = ORG_ID): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId());
  await sql`insert into events (id, organization_id, directory_id, type, object_id, object_version, data, created_at)
    select e, ${organizationId}::uuid, ${DIRECTORY_ID}::uuid, 'user.updated', e, 1, '{}'::jsonb, now() - make_interval(days => ${ageDays})
    from unnest(${ids}::uuid[]) e`.execute(db);
  return ids;
}

async function eventsLeft(db: Executor, ids: string[]): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from events where id = any(${ids}::uuid[])`.execute(db);
  return r.rows[0]!.n;
}

describe('pruning expired events', () => {
  const t = seededStore();

  it('reads only the events old enough to be due, whatever the size of the log', async () => {
    await t.store.db
      .transaction()
      .execute(async (trx) => {
        // Another organization keeps its events 10 days: the shortest retention bounds the search.
        const other = newId();
        await sql`insert into organizations (id, name) values (${other}::uuid, 'Short retention')`.execute(trx);
        await upsertRetention(trx, other, 10);
        const recent = await addEvents(trx, GROWN, 1);
        const keptByDefault = await addEvents(trx, 3, 20);
        const now = new Date(Date.now() + DAY); // a day on: nothing of the log's bulk is due

        let start = await tableReads(trx, 'events');
        assert.equal(await pruneExpiredEvents(trx, now), 0);
        let end = await tableReads(trx, 'events');
        let read = end.seq - start.seq + (end.idx - start.idx);
        assert.ok(read <= 10, `a run with nothing due read ${read} events (${end.seq - start.seq} by scans)`);

        // Due in the short-retention organization only: its events go, the others' of the same age stay.
        const due = await addEvents(trx, 5, 20, other);
        start = await tableReads(trx, 'events');
        assert.equal(await pruneExpiredEvents(trx, now), 5);
        end = await tableReads(trx, 'events');
        read = end.seq - start.seq + (end.idx - start.idx);
        assert.ok(read <= 50, `deleting 5 events read ${read} events (${end.seq - start.seq} by scans)`);
        assert.equal(await eventsLeft(trx, due), 0);
        assert.equal(await eventsLeft(trx, keptByDefault), 3);
        assert.equal(await eventsLeft(trx, recent), GROWN);
        throw new Error('rollback');
      })
      .catch((e: Error) => assert.equal(e.message, 'rollback'));
  });
});
