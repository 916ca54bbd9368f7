// Issue 5: a membership's user is kept by statement triggers, not a foreign key (migration 031), as its
// group is (029). They must keep every guarantee the foreign key gave: no membership of a user that does
// not exist, even when the user is deleted while the membership is written; a user's deletion, and a
// directory's, removes the user's memberships and reads only those.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { addUsers, constraintCount, memberCount, newGroup, newUsers, raceMembershipWithDeletion, someUsers, sqlState } from './helpers/fixture-memberships.ts';
import { tableReads } from './helpers/table-reads.ts';
import { testStoreKind } from './helpers/test-store.ts';
import { DIRECTORY_ID, OTHER_DIRECTORY_ID } from '../src/store/filter-sql/filter-test-fixture.ts';
import { newId } from '../src/lib/ids.ts';
import * as userKeyMigration from '../src/store/migrations/2026-11-25-031-membership-user-key.ts';
import { seededStore } from './helpers/seeded-store.ts';

const GROWN = 20000;

describe('a membership and its user (triggers in place of the foreign key)', () => {
  const t = seededStore();

  it('refuses a membership of a user that does not exist, on insert and on update, with 23503', async () => {
    const db = t.store.db;
    const [user] = await someUsers(db, 1);
    const group = await newGroup(db);
    const missing = newId();
    await assert.rejects(addUsers(db, group, [missing]), (e: Error & { constraint?: string; detail?: string }) => {
      assert.equal(sqlState(e), '23503');
      assert.equal(e.constraint, 'group_members_user_id_fkey');
      assert.match(e.detail ?? '', new RegExp(`Key \\(user_id\\)=\\(${missing}\\) is not present in table "users"`));
      return true;
    });
    // One good row and one bad in a statement: nothing is written.
    await assert.rejects(addUsers(db, group, [user!, missing]), (e) => sqlState(e) === '23503');
    assert.equal(await memberCount(db, group), 0);
    await addUsers(db, group, [user!]);
    await assert.rejects(sql`update group_members set user_id = ${missing}::uuid where group_id = ${group}::uuid`.execute(db), (e) => sqlState(e) === '23503');
    assert.equal(await memberCount(db, group), 1);
    // A nested group's membership names no user: nothing to check.
    const child = await newGroup(db);
    await sql`insert into group_members (group_id, directory_id, member_group_id) values (${group}::uuid, ${DIRECTORY_ID}::uuid, ${child}::uuid)`.execute(db);
    assert.equal(await memberCount(db, group), 2);
  });

  it("deleting a user removes the user's memberships and reads only those rows", async () => {
    await t.store.db
      .transaction()
      .execute(async (trx) => {
        // Grown in this transaction, unanalysed: a plan kept from when the table was small would scan it.
        const big = await newGroup(trx);
        await addUsers(trx, big, await newUsers(trx, 'grown', GROWN));
        const [doomed, kept] = await newUsers(trx, 'doomed', 2);
        const groups = [await newGroup(trx), await newGroup(trx), await newGroup(trx)];
        for (const g of groups) await addUsers(trx, g, [doomed!, kept!]);

        const start = await tableReads(trx, 'group_members');
        await sql`delete from users where id = ${doomed}::uuid`.execute(trx);
        const end = await tableReads(trx, 'group_members');
        // Counted in all, scans and index fetches: the rule triggers that run on a membership's removal
        // read a row or two of group_members by a scan that stops at once when there is no rule.
        const read = end.seq - start.seq + (end.idx - start.idx);
        assert.ok(read <= 100, `deleting a user of 3 groups read ${read} memberships (${end.seq - start.seq} by scans)`);

        for (const g of groups) assert.equal(await memberCount(trx, g), 1, 'the other member stays');
        const left = await sql<{ n: number }>`select count(*)::int as n from group_members where user_id = ${doomed}::uuid`.execute(trx);
        assert.equal(left.rows[0]!.n, 0);
        assert.equal(await memberCount(trx, big), GROWN);
        throw new Error('rollback');
      })
      .catch((e: Error) => assert.equal(e.message, 'rollback'));
  });

  it("deleting a directory removes its users' memberships and no other directory's", async () => {
    const db = t.store.db;
    const mine = await newGroup(db, { directoryId: OTHER_DIRECTORY_ID });
    const theirs = await newGroup(db);
    const [a] = await someUsers(db, 1, OTHER_DIRECTORY_ID);
    const [c] = await someUsers(db, 1);
    assert.ok(a && c);
    // The other directory's user is also in a group of this directory: that membership goes with the user.
    await sql`insert into group_members (group_id, directory_id, user_id) values (${mine}::uuid, ${OTHER_DIRECTORY_ID}::uuid, ${a}::uuid)`.execute(db);
    await addUsers(db, theirs, [c, a]);
    await sql`delete from directories where id = ${OTHER_DIRECTORY_ID}::uuid`.execute(db);
    const left = await sql<{ n: number }>`select count(*)::int as n from group_members where user_id = ${a}::uuid`.execute(db);
    assert.equal(left.rows[0]!.n, 0);
    assert.equal(await memberCount(db, theirs), 1);
  });

  it('migrates down to the foreign key and up again, keeping the memberships', async () => {
    const db = t.store.db;
    const group = await newGroup(db);
    const users = await someUsers(db, 3);
    await addUsers(db, group, users);
    const foreignKey = () => constraintCount(db, 'group_members_user_id_fkey');
    await db.transaction().execute(async (trx) => userKeyMigration.down(trx as never));
    assert.equal(await foreignKey(), 1);
    assert.equal(await memberCount(db, group), 3);
    await assert.rejects(addUsers(db, group, [newId()]), (e: Error & { constraint?: string }) => e.constraint === 'group_members_user_id_fkey');
    await db.transaction().execute(async (trx) => userKeyMigration.up(trx as never));
    assert.equal(await foreignKey(), 0);
    await sql`delete from users where id = ${users[0]}::uuid`.execute(db);
    assert.equal(await memberCount(db, group), 2);
  });

  it('a membership written while its user is deleted: never an orphan, whichever goes first (PostgreSQL)', { skip: testStoreKind() === 'pglite' && 'PGlite has one connection: its transactions run one at a time' }, async () => {
    assert.ok(t.databaseUrl);
    const group = await newGroup(t.store.db);
    const [first, second] = await newUsers(t.store.db, 'racer', 2);
    const refused = await raceMembershipWithDeletion(t.store.db, t.databaseUrl, {
      insert: (c, user) => c.query('insert into group_members (group_id, directory_id, user_id) values ($1, $2, $3)', [group, DIRECTORY_ID, user]),
      remove: (c, user) => c.query('delete from users where id = $1', [user]),
      first: first!,
      second: second!,
    });
    assert.equal(refused, '23503');
    assert.equal(await memberCount(t.store.db, group), 0, 'the deletion saw the committed membership, and the refused one left nothing');
    const orphans = await sql<{ n: number }>`select count(*)::int as n from group_members gm where gm.user_id is not null
      and not exists (select 1 from users u where u.id = gm.user_id)`.execute(t.store.db);
    assert.equal(orphans.rows[0]!.n, 0);
  });
});
