// Issue 5: adding or removing members of a 20,000-member group reads O(members changed) rows of
// group_members, counted by PostgreSQL itself (pg_stat_xact_user_tables), never the group.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestStore, type TestStore } from '../../test/helpers/test-store.ts';
import { DIRECTORY_ID, seedFixture } from './filter-sql/filter-test-fixture.ts';
import { insertGroup } from './group-repository.ts';
import { addUserMembers, removeMembers } from './membership-repository.ts';
import type { Executor } from './organization-repository.ts';

const BIG = 20000;
const BIG_GROUP = '0190abcd-ef02-7000-8000-00000000b16b';
const SMALL_GROUP = '0190abcd-ef02-7000-8000-00000000500a';

/** Rows of group_members this transaction read so far: by sequential scans, and fetched through indexes. */
async function reads(trx: Executor): Promise<{ seq: number; idx: number }> {
  const r = await sql<{ seq: string | null; idx: string | null }>`select seq_tup_read::text as seq, idx_tup_fetch::text as idx
    from pg_stat_xact_user_tables where relname = 'group_members'`.execute(trx);
  return { seq: Number(r.rows[0]?.seq ?? 0), idx: Number(r.rows[0]?.idx ?? 0) };
}

describe('membership changes cost O(members changed)', () => {
  let t: TestStore;
  let newcomers: string[];
  before(async () => {
    t = await openTestStore();
    const db = t.store.db;
    await seedFixture(db);
    await sql`insert into users (id, directory_id, user_name, external_id, emails, display_name, active, state, resource, created_at, updated_at)
      select gen_random_uuid(), ${DIRECTORY_ID}::uuid, 'member' || g, null, array['member' || g || '@example.com'], 'Member ' || g, true, 'active',
        jsonb_build_object('userName', 'member' || g), now(), now()
      from generate_series(1, ${BIG + 100}) g`.execute(db);
    for (const id of [BIG_GROUP, SMALL_GROUP]) await insertGroup(db, id, DIRECTORY_ID, { display_name: `G ${id}`, external_id: null, resource: { displayName: `G ${id}` } });
    await sql`insert into group_members (group_id, directory_id, user_id)
      select ${BIG_GROUP}::uuid, ${DIRECTORY_ID}::uuid, id from users where user_name like 'member%' order by user_name limit ${BIG}`.execute(db);
    const rest = await sql<{ id: string }>`select id::text as id from users u where user_name like 'member%'
      and not exists (select 1 from group_members gm where gm.user_id = u.id) limit 100`.execute(db);
    newcomers = rest.rows.map((r) => r.id);
    assert.equal(newcomers.length, 100);
    await sql`analyze group_members`.execute(db);
    await sql`analyze users`.execute(db);
  });
  after(async () => {
    await t?.dispose();
  });

  /** What adding then removing 100 members of `groupId` reads, in a transaction rolled back after. */
  async function cost(groupId: string): Promise<{ add: { seq: number; idx: number }; remove: { seq: number; idx: number } }> {
    let result: { add: { seq: number; idx: number }; remove: { seq: number; idx: number } } | undefined;
    await t.store.db
      .transaction()
      .execute(async (trx) => {
        const start = await reads(trx);
        const delta = await addUserMembers(trx, groupId, DIRECTORY_ID, newcomers);
        assert.equal(delta.added.length, 100);
        const mid = await reads(trx);
        assert.equal((await removeMembers(trx, groupId, newcomers)).length, 100);
        const end = await reads(trx);
        result = { add: { seq: mid.seq - start.seq, idx: mid.idx - start.idx }, remove: { seq: end.seq - mid.seq, idx: end.idx - mid.idx } };
        throw new Error('rollback');
      })
      .catch((e: Error) => assert.equal(e.message, 'rollback'));
    return result as NonNullable<typeof result>;
  }

  it('adds and removes 100 users of a 20,000-member group reading no more rows than for an empty group', async () => {
    const big = await cost(BIG_GROUP);
    const small = await cost(SMALL_GROUP);
    for (const [name, c] of Object.entries(big)) {
      assert.equal(c.seq, 0, `${name} scans group_members sequentially`);
      // A few index probes per member changed, whatever the group's size.
      assert.ok(c.idx <= small[name as 'add' | 'remove'].idx + 10 && c.idx < 1000, `${name} fetched ${c.idx} rows (empty group: ${small[name as 'add' | 'remove'].idx})`);
    }
  });
});
