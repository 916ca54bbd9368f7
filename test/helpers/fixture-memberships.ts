// Groups, users and memberships added to the filter fixture's directory by the tests that grow
// group_members and hold statements to the rows they name.
import { sql } from 'kysely';
import pg from 'pg';
import { newId } from '../../src/lib/ids.ts';
import { DIRECTORY_ID } from '../../src/store/filter-sql/filter-test-fixture.ts';
import { insertGroup } from '../../src/store/group-repository.ts';
import type { Executor } from '../../src/store/organization-repository.ts';
import { sleep } from './deferred.ts';

/** A new empty group, named `name` (by default after its id). */
export async function newGroup(db: Executor, options: { name?: string; directoryId?: string } = {}): Promise<string> {
  const id = newId();
  const name = options.name ?? `G ${id}`;
  await insertGroup(db, id, options.directoryId ?? DIRECTORY_ID, { display_name: name, external_id: null, resource: { displayName: name } });
  return id;
}

/** `n` new active users named `<prefix>1` … `<prefix>n`; their ids, sorted. */
export async function newUsers(db: Executor, prefix: string, n: number): Promise<string[]> {
  const r = await sql<{ id: string }>`insert into users (id, directory_id, user_name, external_id, emails, display_name, active, state, resource, created_at, updated_at)
    select gen_random_uuid(), ${DIRECTORY_ID}::uuid, ${prefix} || g, null, array[${prefix} || g || '@example.com'], ${prefix} || g, true, 'active',
      jsonb_build_object('userName', ${prefix} || g), now(), now()
    from generate_series(1, ${n}) g returning id::text as id`.execute(db);
  return r.rows.map((x) => x.id).sort();
}

/** The users as direct members of the group. */
export async function addUsers(db: Executor, group: string, users: string[]): Promise<void> {
  await sql`insert into group_members (group_id, directory_id, user_id) select ${group}::uuid, ${DIRECTORY_ID}::uuid, u from unnest(${users}::uuid[]) u`.execute(db);
}

/** The first `n` users of a directory, by id. */
export async function someUsers(db: Executor, n: number, directoryId = DIRECTORY_ID): Promise<string[]> {
  const r = await sql<{ id: string }>`select id::text as id from users where directory_id = ${directoryId}::uuid order by id limit ${n}`.execute(db);
  return r.rows.map((x) => x.id);
}

/** How many direct members (users and groups) the group has. */
export async function memberCount(db: Executor, groupId: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from group_members where group_id = ${groupId}::uuid`.execute(db);
  return r.rows[0]!.n;
}

/** How many constraints of this name exist (a migration's down puts a foreign key back, its up takes it away). */
export async function constraintCount(db: Executor, name: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pg_constraint where conname = ${name}`.execute(db);
  return r.rows[0]!.n;
}

/** The SQLSTATE of a database error. */
export function sqlState(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/**
 * Resolves once some session of this database waits for a lock: the race tests start the second
 * writer, wait here until it is blocked by the first, then let the first commit.
 */
export async function someoneWaitsForALock(db: Executor, who: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and datname = current_database()`.execute(db);
    if (r.rows[0]!.n > 0) return;
    await sleep(10);
  }
  throw new Error(`${who} never waited for a lock`);
}

type Write = (client: pg.Client, target: string) => Promise<unknown>;

/**
 * A membership written while what it names (a group, a user) is deleted, on two connections, in both
 * orders. `first`: the membership's transaction is open when the deletion starts, which must wait for
 * it and then see the committed row. `second`: the deletion's transaction is open when the membership
 * is written, which must wait for it. Resolves with how that second write ended: its SQLSTATE, or
 * 'written'. The caller checks what is left.
 */
export async function raceMembershipWithDeletion(
  db: Executor,
  databaseUrl: string,
  write: { insert: Write; remove: Write; first: string; second: string },
): Promise<string | undefined> {
  const [writer, deleter] = [new pg.Client(databaseUrl), new pg.Client(databaseUrl)];
  await writer.connect();
  await deleter.connect();
  try {
    await writer.query('begin');
    await write.insert(writer, write.first);
    const deletion = write.remove(deleter, write.first);
    await someoneWaitsForALock(db, 'the deleter');
    await writer.query('commit');
    await deletion;

    await deleter.query('begin');
    await write.remove(deleter, write.second);
    const written = write.insert(writer, write.second).then(
      () => 'written',
      (e: unknown) => sqlState(e),
    );
    await someoneWaitsForALock(db, 'the writer');
    await deleter.query('commit');
    return await written;
  } finally {
    await writer.end();
    await deleter.end();
  }
}
