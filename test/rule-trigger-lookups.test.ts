// Issue 5: with role rules in an organization, nesting a group, adding or removing a rule and deleting
// a group read the memberships of the groups involved, not the whole of group_members (migration 030).
// The plans are made on small tables first, as a long-lived pooled session makes them, then the table
// grows in the same transaction without ANALYZE; each write is then held to the rows it names, and
// the roles it grants or revokes are checked, so the faster walk still reaches every user it must.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { addUsers, newGroup, newUsers } from './helpers/fixture-memberships.ts';
import { tableReads } from './helpers/table-reads.ts';
import { DIRECTORY_ID, ORG_ID } from '../src/store/filter-sql/filter-test-fixture.ts';
import { newId } from '../src/lib/ids.ts';
import * as ruleLookups from '../src/store/migrations/2026-11-24-030-rule-trigger-lookups.ts';
import type { Executor } from '../src/store/organization-repository.ts';
import { seededStore } from './helpers/seeded-store.ts';

const GROWN = 20000;
/** Memberships (scans and index fetches) one of these writes may read: a few per group and user it names. */
const BOUND = 200;

const nest = (db: Executor, parent: string, child: string) =>
  sql`insert into group_members (group_id, directory_id, member_group_id) values (${parent}::uuid, ${DIRECTORY_ID}::uuid, ${child}::uuid)`.execute(db);
const addRule = async (db: Executor, role: string, group: string) => {
  const id = newId();
  await sql`insert into role_rules (id, organization_id, role_id, group_id, include_nested, kind) values (${id}::uuid, ${ORG_ID}::uuid, ${role}::uuid, ${group}::uuid, true, 'group')`.execute(db);
  return id;
};

async function holders(db: Executor, role: string): Promise<string[]> {
  const r = await sql<{ id: string }>`select user_id::text as id from role_grants where role_id = ${role}::uuid and source = 'rule' and revoked_at is null order by 1`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Runs `write` and returns how many memberships it read, by scans and through indexes. */
async function membershipsRead(db: Executor, write: () => Promise<unknown>): Promise<{ read: number; seq: number }> {
  const start = await tableReads(db, 'group_members');
  await write();
  const end = await tableReads(db, 'group_members');
  return { read: end.seq - start.seq + (end.idx - start.idx), seq: end.seq - start.seq };
}

function assertBounded(what: string, r: { read: number; seq: number }): void {
  assert.ok(r.read <= BOUND, `${what} read ${r.read} memberships (${r.seq} by scans) of ${GROWN}`);
}

describe('role-rule triggers walk nested groups by index', () => {
  const t = seededStore();

  async function inRolledBack(body: (trx: Executor) => Promise<void>): Promise<void> {
    await t.store.db
      .transaction()
      .execute(async (trx) => {
        await body(trx);
        throw new Error('rollback');
      })
      .catch((e: Error) => assert.equal(e.message, 'rollback'));
  }

  /** Every walk once on small tables, so the session holds their plans made there; then the growth. */
  async function warmThenGrow(trx: Executor, role: string): Promise<void> {
    const [p, c] = [await newGroup(trx), await newGroup(trx)];
    await addUsers(trx, c, await newUsers(trx, 'warm', 2));
    const rule = await addRule(trx, role, p);
    await nest(trx, p, c);
    await sql`delete from group_members where group_id = ${p}::uuid`.execute(trx);
    await sql`delete from role_rules where id = ${rule}::uuid`.execute(trx);
    await sql`delete from groups where id in (${p}::uuid, ${c}::uuid)`.execute(trx);
    const big = await newGroup(trx);
    await addUsers(trx, big, await newUsers(trx, 'grown', GROWN));
  }

  it('nesting, rules added and removed, members leaving and groups deleted read only the groups involved, and grant what they must', async () => {
    await inRolledBack(async (trx) => {
      const role = newId();
      await sql`insert into roles (id, key, name) values (${role}::uuid, ${`walk-${role}`}, 'Walk')`.execute(trx);
      await warmThenGrow(trx, role);

      const [parent, child, grandchild, later] = [await newGroup(trx), await newGroup(trx), await newGroup(trx), await newGroup(trx)];
      const inChild = await newUsers(trx, 'child', 5);
      const inGrandchild = await newUsers(trx, 'grandchild', 3);
      const inLater = await newUsers(trx, 'later', 2);
      await addUsers(trx, child, inChild);
      await addUsers(trx, grandchild, inGrandchild);
      await addUsers(trx, later, inLater);
      await nest(trx, child, grandchild);
      await nest(trx, parent, child);

      let rule = '';
      assertBounded('a rule on a group with two levels below it', await membershipsRead(trx, async () => (rule = await addRule(trx, role, parent))));
      assert.deepEqual(await holders(trx, role), [...inChild, ...inGrandchild].sort());

      assertBounded('nesting a group of two users', await membershipsRead(trx, () => nest(trx, grandchild, later)));
      assert.deepEqual(await holders(trx, role), [...inChild, ...inGrandchild, ...inLater].sort());

      const leaver = inChild[0]!;
      assertBounded('a user leaving a nested group', await membershipsRead(trx, () => sql`delete from group_members where group_id = ${child}::uuid and user_id = ${leaver}::uuid`.execute(trx)));
      assert.ok(!(await holders(trx, role)).includes(leaver));

      assertBounded('a rule removed', await membershipsRead(trx, () => sql`delete from role_rules where id = ${rule}::uuid`.execute(trx)));
      assert.deepEqual(await holders(trx, role), []);

      await addRule(trx, role, child);
      assert.deepEqual(await holders(trx, role), [...inChild.slice(1), ...inGrandchild, ...inLater].sort());
      assertBounded('a group deleted above a rule', await membershipsRead(trx, () => sql`delete from groups where id = ${parent}::uuid`.execute(trx)));
      assert.equal((await holders(trx, role)).length, inChild.length - 1 + inGrandchild.length + inLater.length);
      assertBounded('the group of a rule deleted', await membershipsRead(trx, () => sql`delete from groups where id = ${child}::uuid`.execute(trx)));
      assert.deepEqual(await holders(trx, role), [], "the rule goes with its group, and so do the roles it gave");
    });
  });

  it('migrates down to the joins and up again, granting the same roles', async () => {
    const db = t.store.db;
    await db.transaction().execute(async (trx) => ruleLookups.down(trx as never));
    try {
      await inRolledBack(async (trx) => {
        const role = newId();
        await sql`insert into roles (id, key, name) values (${role}::uuid, ${`down-${role}`}, 'Down')`.execute(trx);
        const [p, c] = [await newGroup(trx), await newGroup(trx)];
        const users = await newUsers(trx, 'down', 3);
        await addUsers(trx, c, users);
        await nest(trx, p, c);
        await addRule(trx, role, p);
        assert.deepEqual(await holders(trx, role), users);
      });
    } finally {
      await db.transaction().execute(async (trx) => ruleLookups.up(trx as never));
    }
    const defined = await sql<{ src: string }>`select prosrc as src from pg_proc where proname = 'role_rules_sync_roles'`.execute(db);
    assert.match(defined.rows[0]!.src, /lateral/);
  });
});
