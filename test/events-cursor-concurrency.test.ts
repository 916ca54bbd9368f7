// The Events API cursor under concurrent writers: a reader following it sees every committed event
// exactly once, in sequence order, never a rolled-back one, and never skips an event that commits
// late with a smaller sequence number (the bug of a naive `sequence > cursor` reader).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { recordEvents } from '../src/events/event-writer.ts';
import { openStore, type Db, type Store } from '../src/store/db.ts';
import { deferred, sleep } from './helpers/deferred.ts';
import { horizonCaughtUp } from './helpers/horizon.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

class Rollback extends Error {}

describe('Events API cursor with concurrent writers', () => {
  let t: TestApp;
  let orgId: string;
  let writerStore: Store | undefined;
  let writers: Db;
  const postgres = () => t.db.kind === 'postgres';

  before(async () => {
    t = await startTestApp();
    orgId = (await t.admin('POST', '/organizations', { name: 'Busy' })).body.id;
    // On PostgreSQL the writers get their own pool, so they never starve the reader of connections.
    if (t.db.databaseUrl) writerStore = await openStore({ databaseUrl: t.db.databaseUrl, poolSize: 40 });
    writers = writerStore?.db ?? t.db.store.db;
  });
  after(async () => {
    await writerStore?.close();
    await t.close();
  });

  const event = (n: number) => ({ type: 'user.updated', organizationId: orgId, directoryId: null, objectId: null, objectVersion: n, data: { n } });

  /** Reads one page after `cursor`; returns events and the next cursor. */
  async function page(cursor: string, limit: number): Promise<{ events: { id: string; sequence: number }[]; cursor: string }> {
    const r = await t.admin('GET', `/events?organizationId=${orgId}&limit=${limit}${cursor ? `&after=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    return { events: r.body.data, cursor: r.body.nextCursor };
  }

  async function readToEnd(cursor: string): Promise<string> {
    for (;;) {
      const p = await page(cursor, 1000);
      cursor = p.cursor;
      if (p.events.length === 0) return cursor;
    }
  }

  it('a following reader sees every committed event once and in order, none rolled back', async () => {
    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    const pg = postgres();
    let writing = true;

    // One writer transaction: take an id first (as a domain write does), wait, append events,
    // wait again, maybe stay open much longer, then commit or roll back.
    async function writeOne(n: number): Promise<void> {
      const ids: string[] = [];
      const held = n % 25 === 3;
      const rollback = n % 5 === 1;
      try {
        await writers.transaction().execute(async (trx) => {
          await sql`select pg_current_xact_id()`.execute(trx);
          if (pg) await sql`select pg_sleep(${Math.random() * 0.01})`.execute(trx);
          const count = 1 + (n % 3);
          await recordEvents(trx, Array.from({ length: count }, (_, i) => event(n * 10 + i)));
          const rows = await trx.selectFrom('events').select('id').where('organization_id', '=', orgId).where('tx_id', '=', sql<string>`pg_current_xact_id()`).execute();
          ids.push(...rows.map((r) => r.id));
          // Held open while later transactions commit: its sequence numbers are now behind theirs.
          if (held) await (pg ? sql`select pg_sleep(0.4)`.execute(trx) : sleep(20));
          else if (pg) await sql`select pg_sleep(${Math.random() * 0.01})`.execute(trx);
          if (rollback) throw new Rollback();
        });
        for (const id of ids) committed.add(id);
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        for (const id of ids) rolledBack.add(id);
      }
    }

    // A naive reader beside ours, on the same log: it shows the test really produces late commits.
    let naiveCursor = '0';
    const naiveSeen = new Set<string>();
    async function naiveRead(): Promise<void> {
      const rows = await t.db.store.db.selectFrom('events').select(['id', 'sequence']).where('organization_id', '=', orgId).where('sequence', '>', naiveCursor).orderBy('sequence').limit(50).execute();
      for (const r of rows) naiveSeen.add(r.id);
      const last = rows[rows.length - 1];
      if (last) naiveCursor = String(last.sequence);
    }

    const seen: { id: string; sequence: number }[] = [];
    const reader = (async () => {
      let cursor = '';
      let idle = 0;
      while (writing || idle < 3) {
        const p = await page(cursor, 7);
        seen.push(...p.events);
        cursor = p.cursor;
        await naiveRead();
        idle = !writing && p.events.length === 0 ? idle + 1 : 0;
        if (p.events.length === 0) await sleep(2);
      }
    })();

    const loops = 8;
    const perLoop = pg ? 30 : 15;
    await Promise.all(Array.from({ length: loops }, async (_, w) => {
      for (let i = 0; i < perLoop; i++) await writeOne(w * perLoop + i);
    }));
    // Writers are done; once the horizon has passed their last event, the reader drains and stops.
    await horizonCaughtUp(t.db.store.db);
    writing = false;
    await reader;

    const ids = seen.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'no event twice');
    assert.ok(ids.every((id) => !rolledBack.has(id)), 'no rolled-back event');
    assert.deepEqual(new Set(ids), committed, 'every committed event');
    const seqs = seen.map((e) => e.sequence);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in sequence order');
    assert.ok(committed.size > 100 && rolledBack.size > 10, `${committed.size} committed, ${rolledBack.size} rolled back`);
    if (pg) {
      const missed = [...committed].filter((id) => !naiveSeen.has(id));
      assert.ok(missed.length > 0, 'a naive `sequence > cursor` reader skipped late commits: the test exercised them');
    }
  });

  it('an event committed late with a smaller sequence is not skipped, even when its writer took its id later', async (ctx) => {
    if (!postgres()) {
      ctx.skip('PGlite runs one transaction at a time, so this interleaving cannot happen there');
      return;
    }
    const cursor = await readToEnd('');
    // A takes its transaction id first; C takes a later id but draws its sequence number first.
    const aHasId = deferred();
    const aMayWrite = deferred();
    const cWrote = deferred();
    const cMayCommit = deferred();
    const aDone = writers.transaction().execute(async (trx) => {
      await sql`select pg_current_xact_id()`.execute(trx);
      aHasId.resolve();
      await aMayWrite.promise;
      await recordEvents(trx, [event(1)]);
    });
    await aHasId.promise;
    const cDone = writers.transaction().execute(async (trx) => {
      await recordEvents(trx, [event(2)]);
      cWrote.resolve();
      await cMayCommit.promise;
    });
    await cWrote.promise;
    aMayWrite.resolve();
    await aDone;
    try {
      const rows = await t.db.store.db.selectFrom('events').select(['sequence', 'tx_id', 'data']).where('organization_id', '=', orgId).orderBy('sequence', 'desc').limit(1).execute();
      assert.deepEqual(rows[0]?.data, { n: 1 }, 'A committed, with the larger sequence');
      // The rule "tx_id < xmin" alone would hand A's event out now, and a cursor past it would skip C's.
      const { rows: naive } = await sql<{ n: number }>`
        select (data->>'n')::int as n from events where organization_id = ${orgId} and tx_id < pg_snapshot_xmin(pg_current_snapshot()) order by sequence desc limit 1`.execute(t.db.store.db);
      // The snapshot's xmin is cluster-wide: a transaction of another database (a test running beside
      // this one) can hold it back further, and then the naive rule shows an older event. The premise
      // is shown when the server is quiet; the assertions on Roster's own pages below hold either way.
      if (naive[0]?.n === 1) ctx.diagnostic('the xmin-only rule would hand out A while C, with a smaller sequence, is in flight');
      else ctx.diagnostic(`another transaction on the server holds xmin back (the naive rule shows n=${naive[0]?.n}); premise not shown this run`);

      const whileOpen = await page(cursor, 100);
      assert.deepEqual(whileOpen.events, [], 'nothing past C while C is in flight');
      cMayCommit.resolve();
      await cDone;
      await horizonCaughtUp(t.db.store.db);
      let next = whileOpen.cursor;
      const got: number[] = [];
      for (let i = 0; i < 20 && got.length < 2; i++) {
        const p = await page(next, 100);
        got.push(...p.events.map((e) => (e as unknown as { data: { n: number } }).data.n));
        next = p.cursor;
      }
      assert.deepEqual(got, [2, 1], 'C then A, in sequence order, none skipped');
    } finally {
      // A failed assertion must not leave C open: closing the store would wait for it forever.
      cMayCommit.resolve();
      await cDone;
    }
  });
});
