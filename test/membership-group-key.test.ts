// Issue 5: a membership's group is kept by statement triggers, not a foreign key (migration 029).
// They must keep every guarantee the foreign key gave: no membership of a group that does not exist,
// even when the group is deleted while the membership is written; a group's deletion removes its
// memberships, and now reads only those (the foreign key's cascade read all of group_members).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { addUsers, constraintCount, memberCount, newGroup, newUsers, raceMembershipWithDeletion, someUsers, sqlState } from './helpers/fixture-memberships.ts';
import { tableReads } from './helpers/table-reads.ts';
import { testStoreKind } from './helpers/test-store.ts';
import { DIRECTORY_ID, OTHER_DIRECTORY_ID } from '../src/store/filter-sql/filter-test-fixture.ts';
import { newId } from '../src/lib/ids.ts';
import * as groupKeyMigration from '../src/store/migrations/2026-11-24-029-membership-group-key.ts';
import { seededStore } from './helpers/seeded-store.ts';

const GROWN = 20000;

describe('a membership and its group (triggers in place of the foreign key)', () => {
  const t = seededStore();

  it('refuses a membership of a group that does not exist, on insert and on update, with 23503', async () => {
    const db = t.store.db;
    const [user] = await someUsers(db, 1);
    const group = await newGroup(db);
    const missing = newId();
    await assert.rejects(
      sql`insert into group_members (group_id, directory_id, user_id) values (${missing}::uuid, ${DIRECTORY_ID}::uuid, ${user}::uuid)`.execute(db),
      (e: Error & { constraint?: string; detail?: string }) => {
        assert.equal(sqlState(e), '23503');
        assert.equal(e.constraint, 'group_members_group_id_fkey');
        assert.match(e.detail ?? '', new RegExp(missing));
        return true;
      },
    );
    // One good row and one bad in a statement: nothing is written.
    await assert.rejects(
      sql`insert into group_members (group_id, directory_id, user_id)
        values (${group}::uuid, ${DIRECTORY_ID}::uuid, ${user}::uuid), (${missing}::uuid, ${DIRECTORY_ID}::uuid, ${user}::uuid)`.execute(db),
      (e) => sqlState(e) === '23503',
    );
    assert.equal(await memberCount(db, group), 0);
    await sql`insert into group_members (group_id, directory_id, user_id) values (${group}::uuid, ${DIRECTORY_ID}::uuid, ${user}::uuid)`.execute(db);
    await assert.rejects(sql`update group_members set group_id = ${missing}::uuid where group_id = ${group}::uuid`.execute(db), (e) => sqlState(e) === '23503');
    assert.equal(await memberCount(db, group), 1);
  });

  it("deleting a group removes its user and group members and its place in other groups, and reads only those rows", async () => {
    await t.store.db
      .transaction()
      .execute(async (trx) => {
        // Grown in this transaction, unanalysed: a plan kept from when the table was small would scan it.
        const other = await newGroup(trx);
        await addUsers(trx, other, await newUsers(trx, 'grown', GROWN));
        const [doomed, child, parent] = [await newGroup(trx), await newGroup(trx), await newGroup(trx)];
        await addUsers(trx, doomed, await someUsers(trx, 100));
        await sql`insert into group_members (group_id, directory_id, member_group_id) values
          (${doomed}::uuid, ${DIRECTORY_ID}::uuid, ${child}::uuid), (${parent}::uuid, ${DIRECTORY_ID}::uuid, ${doomed}::uuid)`.execute(trx);

        const start = await tableReads(trx, 'group_members');
        await sql`delete from groups where id = ${doomed}::uuid`.execute(trx);
        const end = await tableReads(trx, 'group_members');
        // Counted in all, scans and index fetches: the rule triggers that run on a group's deletion read
        // a row or two of group_members by a scan that stops at once when there is no rule.
        const read = end.seq - start.seq + (end.idx - start.idx);
        assert.ok(read <= 300, `deleting a group of 101 members read ${read} memberships (${end.seq - start.seq} by scans)`);

        assert.equal(await memberCount(trx, doomed), 0);
        assert.equal(await memberCount(trx, parent), 0, 'its place in its parent goes too');
        assert.equal(await memberCount(trx, other), GROWN);
        const childCount = await sql<{ n: number }>`select parent_count as n from groups where id = ${child}::uuid`.execute(trx);
        assert.equal(childCount.rows[0]!.n, 0, "the child's parent count follows");
        throw new Error('rollback');
      })
      .catch((e: Error) => assert.equal(e.message, 'rollback'));
  });

  it("deleting a directory removes its groups' memberships and no other directory's", async () => {
    const db = t.store.db;
    const mine = await newGroup(db, { directoryId: OTHER_DIRECTORY_ID });
    const theirs = await newGroup(db);
    const nested = await newGroup(db, { directoryId: OTHER_DIRECTORY_ID });
    const [a] = await someUsers(db, 1, OTHER_DIRECTORY_ID);
    const [c] = await someUsers(db, 1);
    await sql`insert into group_members (group_id, directory_id, user_id) values (${mine}::uuid, ${OTHER_DIRECTORY_ID}::uuid, ${a}::uuid)`.execute(db);
    await sql`insert into group_members (group_id, directory_id, member_group_id) values (${mine}::uuid, ${OTHER_DIRECTORY_ID}::uuid, ${nested}::uuid)`.execute(db);
    await sql`insert into group_members (group_id, directory_id, user_id) values (${theirs}::uuid, ${DIRECTORY_ID}::uuid, ${c}::uuid)`.execute(db);
    await sql`delete from directories where id = ${OTHER_DIRECTORY_ID}::uuid`.execute(db);
    const left = await sql<{ n: number }>`select count(*)::int as n from group_members where directory_id = ${OTHER_DIRECTORY_ID}::uuid`.execute(db);
    assert.equal(left.rows[0]!.n, 0);
    assert.equal(await memberCount(db, theirs), 1);
  });

  it('migrates down to the foreign key and up again, keeping the memberships', async () => {
    const db = t.store.db;
    const group = await newGroup(db);
    const users = await someUsers(db, 3);
    await addUsers(db, group, users);
    const foreignKey = () => constraintCount(db, 'group_members_group_id_fkey');
    await db.transaction().execute(async (trx) => groupKeyMigration.down(trx as never));
    assert.equal(await foreignKey(), 1);
    assert.equal(await memberCount(db, group), 3);
    await db.transaction().execute(async (trx) => groupKeyMigration.up(trx as never));
    assert.equal(await foreignKey(), 0);
    await sql`delete from groups where id = ${group}::uuid`.execute(db);
    assert.equal(await memberCount(db, group), 0);
  });

  it('a membership written while its group is deleted: never an orphan, whichever goes first (PostgreSQL)', { skip: testStoreKind() === 'pglite' && 'PGlite has one connection: its transactions run one at a time' }, async () => {
    assert.ok(t.databaseUrl);
    const [user] = await someUsers(t.store.db, 1);
    const [first, second] = [await newGroup(t.store.db), await newGroup(t.store.db)];
    const refused = await raceMembershipWithDeletion(t.store.db, t.databaseUrl, {
      insert: (c, group) => c.query('insert into group_members (group_id, directory_id, user_id) values ($1, $2, $3)', [group, DIRECTORY_ID, user]),
      remove: (c, group) => c.query('delete from groups where id = $1', [group]),
      first,
      second,
    });
    assert.equal(await memberCount(t.store.db, first), 0, 'the deletion saw the committed membership');
    assert.equal(refused, '23503');
    assert.equal(await memberCount(t.store.db, second), 0);
  });
});
