// Named prepared statements: repeated statements are named, one-offs are not, the per-connection
// cap holds, and a schema change under a prepared `select *` costs one retry, not a broken connection.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { postgresAdminUrl } from '../../test/helpers/test-store.ts';
import { openStore } from './db.ts';
import { PreparingClient } from './prepared-client.ts';

const name = `roster_prepared_${Date.now()}_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(postgresAdminUrl());
  u.pathname = `/${name}`;
  return u.toString();
})();

async function admin(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: postgresAdminUrl() });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function preparedNames(c: pg.Client): Promise<string[]> {
  const r = await c.query<{ name: string }>('select name from pg_prepared_statements order by name');
  return r.rows.map((row) => row.name);
}

async function isPrepared(c: pg.Client, text: string): Promise<boolean> {
  const r = await c.query('select 1 from pg_prepared_statements where statement = $1', [text]);
  return (r.rowCount ?? 0) >= 1;
}

// PostgreSQL only: PGlite has no pool and no named statements.
const skip = process.env.ROSTER_TEST_SKIP_POSTGRES === '1' ? 'ROSTER_TEST_SKIP_POSTGRES=1' : false;

describe('PreparingClient', { skip }, () => {
  let c: PreparingClient;
  before(async () => {
    await admin(`create database ${name}`);
    c = new PreparingClient({ connectionString: dbUrl });
    await c.connect();
    await c.query('create table t (a int)');
    await c.query('insert into t values (1), (2)');
  });
  after(async () => {
    await c?.end();
    await admin(`drop database if exists ${name} with (force)`);
  });

  it('names a parametrised statement from its third run, and reuses that name', async () => {
    const text = 'select a from t where a = $1';
    for (let i = 0; i < 2; i++) assert.deepEqual((await c.query(text, [1])).rows, [{ a: 1 }]);
    assert.deepEqual(await preparedNames(c), [], 'not named before it repeats');
    for (let i = 0; i < 5; i++) assert.deepEqual((await c.query(text, [2])).rows, [{ a: 2 }]);
    const names = await preparedNames(c);
    assert.equal(names.length, 1);
    assert.match(names[0] as string, /^roster_[0-9a-f]{20}_0$/);
  });

  it('never names a statement without parameters (it may hold several statements)', async () => {
    for (let i = 0; i < 5; i++) await c.query('select 1; select 2');
    assert.equal((await preparedNames(c)).length, 1);
  });

  it('a column added under a prepared select * costs one retry outside a transaction', async () => {
    const text = 'select * from t where a = $1';
    for (let i = 0; i < 4; i++) await c.query(text, [1]);
    assert.ok(await isPrepared(c, text), 'prepared before the schema changes');
    await c.query('alter table t add column b int default 7');
    assert.deepEqual((await c.query(text, [1])).rows, [{ a: 1, b: 7 }]);
    // Later runs are named again, under a new generation.
    for (let i = 0; i < 2; i++) assert.deepEqual((await c.query(text, [2])).rows, [{ a: 2, b: 7 }]);
    assert.ok((await preparedNames(c)).some((n) => n.endsWith('_1')), 'prepared again under a new name');
    assert.ok(await isPrepared(c, text));
  });

  it('inside a transaction the stale plan fails that transaction once; the retried transaction succeeds', async () => {
    const text = 'select * from t where a = $1 and b is not null';
    for (let i = 0; i < 4; i++) await c.query(text, [1]);
    assert.ok(await isPrepared(c, text), 'prepared before the schema changes');
    await c.query('alter table t add column c int default 9');
    await c.query('begin');
    await assert.rejects(c.query(text, [1]), /cached plan must not change result type/);
    await c.query('rollback');
    await c.query('begin');
    assert.deepEqual((await c.query(text, [1])).rows, [{ a: 1, b: 7, c: 9 }]);
    await c.query('commit');
  });

  it('a connection names at most 200 statements, stale ones included', async () => {
    for (let k = 0; k < 260; k++) for (let i = 0; i < 3; i++) await c.query(`select $1::int + ${k} as v`, [i]);
    assert.equal((await preparedNames(c)).length, 200);
    // Past the cap, statements still run (unnamed).
    assert.deepEqual((await c.query('select $1::int + 259 as v', [1])).rows, [{ v: 260 }]);
  });
});

describe('PreparingClient replans', { skip }, () => {
  let c: PreparingClient;
  let now = 1_000_000;
  const replanDb = `${name}_replan`;
  before(async () => {
    await admin(`create database ${replanDb}`);
    const u = new URL(dbUrl);
    u.pathname = `/${replanDb}`;
    c = new PreparingClient({ connectionString: u.toString(), replanFirstMs: 1000, now: () => now });
    await c.connect();
    await c.query('create table t (a int)');
    await c.query('insert into t values (1), (2)');
  });
  after(async () => {
    await c?.end();
    await admin(`drop database if exists ${replanDb} with (force)`);
  });

  const statement = async (text: string): Promise<{ n: string; custom: string; generic: string }[]> =>
    (await c.query(
      `select count(*) over () as n, custom_plans as custom, generic_plans as generic from pg_prepared_statements where statement = '${text.replace(/'/g, "''")}'`,
    )).rows;

  it('drops its prepared statements when a replan is due, sooner while young, and prepares them afresh', async () => {
    const text = 'select a from t where a = $1 and $2::int > 0';
    for (let i = 0; i < 10; i++) await c.query(text, [1, 1]);
    const before = await statement(text);
    assert.equal(before.length, 1);
    assert.ok(Number(before[0]?.generic) > 0, 'a generic plan is in use');
    now += 1000;
    await c.query(text, [1, 1]);
    const after = await statement(text);
    assert.equal(after.length, 1, 'the old statement was deallocated, one prepared anew');
    assert.deepEqual([after[0]?.custom, after[0]?.generic], ['1', '0'], 'planned afresh');
    // The next replan is three times further away.
    now += 2000;
    await c.query(text, [1, 1]);
    assert.equal((await statement(text))[0]?.custom, '2', 'not replanned before it is due');
    now += 1000;
    await c.query(text, [1, 1]);
    assert.equal((await statement(text))[0]?.custom, '1', 'replanned when due');
  });

  it('never replans inside a transaction', async () => {
    const text = 'select a from t where a = $1 and $2::int > 1';
    for (let i = 0; i < 4; i++) await c.query(text, [1, 2]);
    now += 60_000;
    await c.query('begin');
    await c.query(text, [1, 2]);
    assert.equal((await statement(text)).length, 1, 'still the statement prepared before');
    assert.notEqual((await statement(text))[0]?.custom, '1');
    await c.query('commit');
    await c.query(text, [1, 2]);
    assert.equal((await statement(text))[0]?.custom, '1', 'replanned at the first statement after the transaction');
  });
});

describe('prepared statements setting', { skip }, () => {
  it('ROSTER_DATABASE_PREPARED_STATEMENTS: on by default, off turns them off, junk is refused', () => {
    assert.equal(loadConfig({}).databasePreparedStatements, true);
    assert.equal(loadConfig({ ROSTER_DATABASE_PREPARED_STATEMENTS: 'off' }).databasePreparedStatements, false);
    assert.throws(() => loadConfig({ ROSTER_DATABASE_PREPARED_STATEMENTS: 'sometimes' }), /ROSTER_DATABASE_PREPARED_STATEMENTS/);
  });

  for (const prepared of [true, false]) {
    it(`a store opened with preparedStatements: ${prepared} ${prepared ? 'prepares' : 'never prepares'} its repeated statements`, async () => {
      const db = `${name}_${prepared ? 'on' : 'off'}`;
      await admin(`create database ${db}`);
      const u = new URL(dbUrl);
      u.pathname = `/${db}`;
      const store = await openStore({ databaseUrl: u.toString(), poolSize: 1, preparedStatements: prepared });
      try {
        const { sql } = await import('kysely');
        for (let i = 0; i < 4; i++) await sql`select count(*) as users_of_nobody from users where directory_id = ${'00000000-0000-0000-0000-000000000000'}::uuid`.execute(store.db);
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_prepared_statements where name like 'roster_%' and statement like '%users_of_nobody%'`.execute(store.db);
        assert.equal(rows[0]?.n ?? 0, prepared ? 1 : 0);
      } finally {
        await store.close();
        await admin(`drop database if exists ${db} with (force)`);
      }
    });
  }
});
