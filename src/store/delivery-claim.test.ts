// Issue 5: claiming the next webhook deliveries reads one index entry per lane, not every queued
// delivery (a first sync queues tens of thousands in one lane), and still only ever a lane's head.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestStore, type TestStore } from '../../test/helpers/test-store.ts';
import { newId } from '../lib/ids.ts';
import { claimDueDeliveries, claimQuery } from './delivery-repository.ts';

const QUEUED = 2000;

describe('claimDueDeliveries with a long queue', () => {
  let t: TestStore;
  const dirs = [newId(), newId()];
  before(async () => {
    t = await openTestStore();
    const db = t.store.db;
    const org = newId();
    await db.insertInto('organizations').values({ id: org, name: 'Claim Org' }).execute();
    for (const d of dirs) await db.insertInto('directories').values({ id: d, organization_id: org, name: d, provider: 'generic' }).execute();
    const endpoint = newId();
    await sql`insert into webhook_endpoints (id, organization_id, url, secret_ciphertext, secret_prefix) values (${endpoint}::uuid, ${org}::uuid, 'http://127.0.0.1:9/hook', 'x', 'x')`.execute(db);
    // Two lanes (one per directory): QUEUED deliveries in the first, three in the second.
    for (const [d, n] of [[dirs[0], QUEUED], [dirs[1], 3]] as const) {
      await sql`insert into events (id, organization_id, directory_id, type, data)
        select gen_random_uuid(), ${org}::uuid, ${d}::uuid, 'user.updated', '{}'::jsonb from generate_series(1, ${n})`.execute(db);
    }
    await sql`insert into webhook_deliveries (id, endpoint_id, event_sequence, ordering_key, next_attempt_at)
      select gen_random_uuid(), ${endpoint}::uuid, e.sequence, e.directory_id, now() - interval '1 minute' from events e`.execute(db);
    await sql`analyze webhook_deliveries`.execute(db);
  });
  after(async () => {
    await t?.dispose();
  });

  const heads = async () => {
    const { rows } = await sql<{ ordering_key: string; sequence: string }>`
      select distinct on (ordering_key) ordering_key, event_sequence::text as sequence from webhook_deliveries
      where status in ('pending', 'retrying') order by ordering_key, event_sequence`.execute(t.store.db);
    return new Map(rows.map((r) => [r.ordering_key, r.sequence]));
  };

  it('claims the head of each lane and nothing behind it', async () => {
    const now = new Date();
    const expected = await heads();
    const claimed = await claimDueDeliveries(t.store.db, now, new Date(now.getTime() + 60_000), newId(), 20);
    assert.equal(claimed.length, 2, 'one per lane, though 20 were asked for');
    for (const c of claimed) assert.equal(c.event.sequence, expected.get(c.event.directory_id as string));
    // Their leases hold: a second worker finds nothing due.
    assert.deepEqual(await claimDueDeliveries(t.store.db, now, new Date(now.getTime() + 60_000), newId(), 20), []);
  });

  it('reads a handful of rows however long the queue (EXPLAIN ANALYZE of the claim itself)', async () => {
    const at = new Date(Date.now() + 120_000);
    const plan = await t.store.db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql`explain (analyze, format json) ${claimQuery(at, new Date(at.getTime() + 60_000), newId(), 20)}`.execute(trx);
        // The claim writes leases: keep the table as it was.
        throw Object.assign(new Error('rollback'), { plan: JSON.stringify(rows) });
      })
      .catch((e: { plan?: string }) => e.plan ?? '');
    const most = [...plan.matchAll(/"Actual Rows":\s*(\d+)/g)].reduce((n, m) => Math.max(n, Number(m[1])), 0);
    assert.match(plan, /webhook_deliveries_lane/, plan);
    // The distinct-on walk this replaced produced one row per queued delivery (2,003 here).
    assert.ok(most < 10, `no step of the claim produced more than a few rows (max ${most}); the queue holds ${QUEUED}`);
  });
});
