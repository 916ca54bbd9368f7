// A batch of creates that PostgreSQL refuses, on a real server: each create must then be decided
// again alone, so one taken userName costs its own request a 409 and nothing else. The batcher's own
// tests (src/store/statement-batcher.test.ts) check that logic with fake statements; this one makes
// the database refuse a real statement the way a second replica does: it commits the same userName
// while the batch waits on it, and the batch's insert fails with 23505 after its identity check passed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import type { DirectoryContext } from '../src/directory/directory-context.ts';
import { createUser, prepareUserInput } from '../src/directory/users/user-service.ts';
import { RosterError } from '../src/errors.ts';
import { newId } from '../src/lib/ids.ts';
import { CTX } from '../src/store/filter-sql/filter-test-fixture.ts';
import { userWriteBatchers } from '../src/store/user-write-repository.ts';
import { sleep } from './helpers/deferred.ts';
import { someoneWaitsForALock } from './helpers/fixture-memberships.ts';
import { openTestStore, testStoreKind, type TestStore } from './helpers/test-store.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const onPglite = testStoreKind() === 'pglite' && 'PGlite has one connection: its transactions run one at a time, so none can commit while a batch waits';

describe('a batch of creates refused by PostgreSQL (PostgreSQL)', { skip: onPglite }, () => {
  let t: TestStore;
  let ctx: DirectoryContext;
  const clients: pg.Client[] = [];
  before(async () => {
    t = await openTestStore();
    const organizationId = newId();
    const directoryId = newId();
    await t.store.db.insertInto('organizations').values({ id: organizationId, name: 'Refused Org' }).execute();
    await t.store.db.insertInto('directories').values({ id: directoryId, organization_id: organizationId, name: 'Refused', provider: 'generic' }).execute();
    ctx = { ...CTX, directoryId, organizationId, scimBaseUrl: `https://roster.test/scim/v2/${directoryId}` };
  });
  after(async () => {
    for (const c of clients) await c.end().catch(() => {});
    await t?.dispose();
  });

  /** Another session (another replica) with a transaction open, holding a user row it has not committed. */
  async function replicaHolding(userName: string): Promise<{ id: string; client: pg.Client }> {
    assert.ok(t.databaseUrl);
    const client = new pg.Client(t.databaseUrl);
    clients.push(client);
    await client.connect();
    await client.query('begin');
    const id = newId();
    await client.query(
      `insert into users (id, directory_id, user_name, external_id, emails, display_name, active, state, resource, created_at, updated_at)
       values ($1, $2, $3, null, array[$3], $3, true, 'active', jsonb_build_object('userName', $3::text), now(), now())`,
      [id, ctx.directoryId, userName],
    );
    return { id, client };
  }

  const create = async (userName: string) =>
    createUser(t.store.db, ctx, await prepareUserInput({ schemas: [USER], userName, emails: [{ value: userName, primary: true }], active: true }));

  async function untilWaiting(n: number): Promise<void> {
    const creates = userWriteBatchers(t.store.db).create;
    for (let i = 0; i < 500 && creates.waiting < n; i++) await sleep(5);
    assert.equal(creates.waiting, n, `${n} creates wait behind the statement in flight`);
  }

  it('runs each create again alone: the taken userName gets 409, the others are created with their events', async () => {
    // Replica 1 holds "hold", so the first create (alone) waits on it while three more queue behind;
    // replica 2 holds "taken", which the batch of those three will wait on.
    const hold = await replicaHolding('hold@refused.test');
    const taken = await replicaHolding('taken@refused.test');
    const creates = userWriteBatchers(t.store.db).create;
    const sizesBefore = new Map(creates.sizes);
    const refusedBefore = creates.refused;

    const first = create('hold@refused.test');
    await someoneWaitsForALock(t.store.db, 'the first create');
    const rest = Promise.allSettled([create('taken@refused.test'), create('y@refused.test'), create('z@refused.test')]);
    await untilWaiting(3);

    // Replica 1 gives up "hold": the first create goes through, then the batch starts and waits on "taken".
    await hold.client.query('rollback');
    const firstUser = await first;
    await someoneWaitsForALock(t.store.db, 'the batch of three');
    // Replica 2 commits "taken": the batch's insert now fails (23505) and PostgreSQL refuses all of it.
    await taken.client.query('commit');
    const outcomes = await rest;

    const grew = (size: number) => (creates.sizes.get(size) ?? 0) - (sizesBefore.get(size) ?? 0);
    assert.equal(grew(3), 1, 'the three creates went in one statement');
    assert.equal(grew(1), 4, 'the first create alone, then each of the refused three again alone');
    assert.equal(creates.refused - refusedBefore, 1, 'PostgreSQL refused that statement, so its three creates ran again alone');

    const [takenOutcome, y, z] = outcomes;
    assert.equal(takenOutcome!.status, 'rejected');
    const reason = (takenOutcome as PromiseRejectedResult).reason;
    assert.ok(reason instanceof RosterError, `a RosterError, not ${String(reason)}`);
    assert.equal(reason.code, 'uniqueness');
    assert.equal(reason.status, 409);
    assert.match(reason.message, new RegExp(taken.id), "the 409 names the user that holds the userName");
    assert.equal(y!.status, 'fulfilled');
    assert.equal(z!.status, 'fulfilled');

    const { rows } = await sql<{ user_name: string; id: string; events: string[] | null }>`
      select u.user_name, u.id::text as id,
        (select array_agg(e.type order by e.sequence) from events e where e.object_id = u.id) as events
      from users u where u.directory_id = ${ctx.directoryId}::uuid order by u.user_name`.execute(t.store.db);
    assert.deepEqual(
      rows.map((r) => [r.user_name, r.events]),
      [
        ['hold@refused.test', ['user.created']],
        ['taken@refused.test', null],
        ['y@refused.test', ['user.created']],
        ['z@refused.test', ['user.created']],
      ],
      'one row per userName: the replica\'s "taken" (its raw insert wrote no event), and the three created here with one event each',
    );
    assert.equal(rows.find((r) => r.user_name === 'hold@refused.test')!.id, firstUser.id);
    assert.equal(rows.find((r) => r.user_name === 'taken@refused.test')!.id, taken.id);
    const { rows: stray } = await sql<{ n: number }>`select count(*)::int as n from events e
      where e.directory_id = ${ctx.directoryId}::uuid and not exists (select 1 from users u where u.id = e.object_id)`.execute(t.store.db);
    assert.equal(stray[0]!.n, 0, 'no event of a user the refused statement would have written');
  });
});
