// Issue 5: adding or removing members of a 20,000-member group reads O(members changed) rows of
// group_members, counted by PostgreSQL itself (pg_stat_xact_user_tables), never the group.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { tableReads } from '../../test/helpers/table-reads.ts';
import { openTestStore, type TestStore } from '../../test/helpers/test-store.ts';
import { DIRECTORY_ID, ORG_ID, seedFixture } from './filter-sql/filter-test-fixture.ts';
import { insertGroup } from './group-repository.ts';
import { addMembers, addUserMembers, addUsersWithEvents, removeMembers } from './membership-repository.ts';
import * as parentCountMigration from './migrations/2026-11-24-027-group-parent-count.ts';
import { newId } from '../lib/ids.ts';
import { seededStore } from '../../test/helpers/seeded-store.ts';

const BIG = 20000;
const BIG_GROUP = '0190abcd-ef02-7000-8000-00000000b16b';
const SMALL_GROUP = '0190abcd-ef02-7000-8000-00000000500a';

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
        const start = await tableReads(trx, 'group_members');
        const delta = await addUserMembers(trx, groupId, DIRECTORY_ID, newcomers);
        assert.equal(delta.added.length, 100);
        const mid = await tableReads(trx, 'group_members');
        assert.equal((await removeMembers(trx, groupId, newcomers)).length, 100);
        const end = await tableReads(trx, 'group_members');
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

// The push's statement is prepared (store/prepared-client.ts) and PostgreSQL keeps the generic plan it
// made on first use. Made while the tables were small and never analyzed (a new install's first sync,
// or autovacuum's minute not yet up), the old statement's plan read every user of the directory and
// every row of group_members on each push. Here the plan is made on a handful of rows, the tables
// then grow in the same transaction (nothing analyzes or replans them), and the push must still read
// only the rows of the ids it was given.
describe('the one-statement member push', () => {
  const t = seededStore();

  it('reads O(members pushed) on a plan made when the tables were small: no scan of users or group_members', async () => {
    await t.store.db
      .transaction()
      .execute(async (trx) => {
        await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
        const few = await sql<{ id: string }>`select id::text as id from users where directory_id = ${DIRECTORY_ID}::uuid and state <> 'deprovisioned' limit 4`.execute(trx);
        const push = (groupId: string, ids: string[]) =>
          addUsersWithEvents(trx, { groupId, directoryId: DIRECTORY_ID, organizationId: ORG_ID, ids, eventIds: ids.map(() => newId()), updatedAt: new Date() });
        const target = newId();
        await insertGroup(trx, target, DIRECTORY_ID, { display_name: 'Target', external_id: null, resource: { displayName: 'Target' } });
        // Enough runs for the text to be named and its generic plan made, on the fixture's few rows.
        for (const row of few.rows) assert.equal((await push(target, [row.id])).applied, true);
        await sql`insert into users (id, directory_id, user_name, external_id, emails, display_name, active, state, resource, created_at, updated_at)
          select gen_random_uuid(), ${DIRECTORY_ID}::uuid, 'grown' || g, null, array['grown' || g || '@example.com'], 'Grown ' || g, true, 'active',
            jsonb_build_object('userName', 'grown' || g), now(), now()
          from generate_series(1, ${BIG}) g`.execute(trx);
        const other = newId();
        await insertGroup(trx, other, DIRECTORY_ID, { display_name: 'Other', external_id: null, resource: { displayName: 'Other' } });
        await sql`insert into group_members (group_id, directory_id, user_id)
          select ${other}::uuid, ${DIRECTORY_ID}::uuid, id from users where user_name like 'grown%' order by user_name limit ${BIG - 100}`.execute(trx);
        await sql`insert into group_members (group_id, directory_id, user_id)
          select ${target}::uuid, ${DIRECTORY_ID}::uuid, id from users where user_name like 'grown%' order by user_name limit ${BIG - 200}`.execute(trx);
        const newcomers = await sql<{ id: string }>`select id::text as id from users where user_name like 'grown%' order by user_name desc limit 100`.execute(trx);
        const before = { users: await tableReads(trx, 'users'), members: await tableReads(trx, 'group_members') };
        const result = await push(target, newcomers.rows.map((r) => r.id));
        const afterPush = { users: await tableReads(trx, 'users'), members: await tableReads(trx, 'group_members') };
        assert.equal(result.applied, true);
        assert.equal(result.added.length, 100);
        for (const table of ['users', 'members'] as const) {
          const seq = afterPush[table].seq - before[table].seq;
          const idx = afterPush[table].idx - before[table].idx;
          assert.equal(seq, 0, `the push scanned ${seq} rows of ${table}`);
          assert.ok(idx <= 300, `the push fetched ${idx} rows of ${table} through indexes, for 100 users`);
        }
        throw new Error('rollback');
      })
      .catch((e: Error) => assert.equal(e.message, 'rollback'));
  });

  // "Is this group in a group?" is the group row's parent count (migration 027), not a read of group_members.
  const count = async (id: string) =>
    (await sql<{ n: number }>`select parent_count as n from groups where id = ${id}::uuid`.execute(t.store.db)).rows[0]?.n;

  it('counts parents as groups nest, leave and are deleted, and the one-statement push refuses a nested group', async () => {
    const db = t.store.db;
    const [child, p1, p2] = [newId(), newId(), newId()];
    for (const id of [child, p1, p2]) await insertGroup(db, id, DIRECTORY_ID, { display_name: id, external_id: null, resource: { displayName: id } });
    const user = (await sql<{ id: string }>`select id::text as id from users where directory_id = ${DIRECTORY_ID}::uuid and state <> 'deprovisioned' limit 1`.execute(db)).rows[0]!.id;
    const push = () => addUsersWithEvents(db, { groupId: child, directoryId: DIRECTORY_ID, organizationId: ORG_ID, ids: [user], eventIds: [newId()], updatedAt: new Date() });

    await addMembers(db, p1, DIRECTORY_ID, [{ id: child, type: 'Group' }, { id: user, type: 'User' }]);
    await addMembers(db, p2, DIRECTORY_ID, [{ id: child, type: 'Group' }]);
    assert.equal(await count(child), 2);
    assert.equal(await count(p1), 0, 'a user member counts for nothing');
    assert.equal((await push()).applied, false, 'a nested group needs its indirect events: the general path');

    await removeMembers(db, p1, [child]);
    assert.equal(await count(child), 1);
    await sql`delete from groups where id = ${p2}::uuid`.execute(db);
    assert.equal(await count(child), 0, 'a deleted parent takes its count with it');
    assert.equal((await push()).applied, true);

    // The migration counts what was nested before its trigger existed.
    await addMembers(db, p1, DIRECTORY_ID, [{ id: child, type: 'Group' }]);
    await db.transaction().execute(async (trx) => {
      await parentCountMigration.down(trx as never);
      await parentCountMigration.up(trx as never);
    });
    assert.equal(await count(child), 1);
  });
});
