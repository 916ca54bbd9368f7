// Migration 026 on a store that already holds users and groups: the kept counts start exact, and
// down() leaves the schema as it found it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openTestStore, type TestStore } from '../../test/helpers/test-store.ts';
import { DIRECTORY_ID, OTHER_DIRECTORY_ID, seedFixture } from './filter-sql/filter-test-fixture.ts';
import * as resourceCounts from './migrations/2026-11-24-026-resource-counts.ts';

describe('migration 026: resource counts', () => {
  let t: TestStore;
  before(async () => {
    t = await openTestStore();
  });
  after(async () => {
    await t?.dispose();
  });

  const kept = async () =>
    (await sql<{ d: string; type: string; n: number }>`
      select directory_id::text as d, resource_type as type, sum(n)::int as n from resource_counts group by 1, 2 order by 1, 2`.execute(t.store.db)).rows;
  const counted = async () =>
    (await sql<{ d: string; type: string; n: number }>`
      select d, type, n from (
        select directory_id::text as d, 'User' as type, count(*)::int as n from users where state <> 'deprovisioned' group by 1
        union all select directory_id::text, 'Group', count(*)::int from groups group by 1) x order by 1, 2`.execute(t.store.db)).rows;

  it('counts what was stored before it, then keeps counting', async () => {
    const db = t.store.db;
    await db.transaction().execute((trx) => resourceCounts.down(trx as unknown as Kysely<unknown>));
    await seedFixture(db);
    await sql`update users set state = 'deprovisioned' where id in (select id from users where directory_id = ${DIRECTORY_ID}::uuid order by id limit 2)`.execute(db);
    const before = await counted();
    assert.ok(before.some((r) => r.d === DIRECTORY_ID && r.type === 'User' && r.n > 5));
    assert.ok(before.some((r) => r.d === OTHER_DIRECTORY_ID));
    // As the migrator runs it: in one transaction (its LOCK TABLE needs one).
    await db.transaction().execute((trx) => resourceCounts.up(trx as unknown as Kysely<unknown>));
    assert.deepEqual(await kept(), before);
    await sql`update users set state = 'active' where directory_id = ${DIRECTORY_ID}::uuid`.execute(db);
    await sql`delete from groups where directory_id = ${DIRECTORY_ID}::uuid and id = (select id from groups where directory_id = ${DIRECTORY_ID}::uuid order by id limit 1)`.execute(db);
    assert.deepEqual(await kept(), await counted());
  });
});
