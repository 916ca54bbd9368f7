// `roster simulate` against a real Roster on a socket: every phase runs, every answer checks out, and
// what it wrote is in the store (the bench's figures rest on this).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { postgresTicks, runSimulation, type PhaseReport } from '../src/cli/simulate/run-simulation.ts';
import { formatReports } from '../src/cli/simulate-command.ts';
import { sleep } from './helpers/deferred.ts';
import { startListeningApp, type ListeningApp } from './helpers/listening-app.ts';
import { postgresAdminUrl, testStoreKind } from './helpers/test-store.ts';

const USERS = 90;
const GROUPS = 3;

describe('roster simulate', () => {
  let t: ListeningApp;
  before(async () => {
    t = await startListeningApp();
  });
  after(async () => {
    await t.close();
  });

  for (const idp of ['okta', 'entra', 'generic'] as const) {
    it(`runs an ${idp} initial sync, group push and reads with no error and no wrong answer`, async () => {
      const d = await t.createDirectory(idp === 'generic' ? 'okta' : idp);
      const reports = await runSimulation({
        baseUrl: `${t.url}${d.base}`,
        token: d.token,
        idp,
        users: USERS,
        groups: GROUPS,
        concurrency: 4,
        reads: 30,
        pages: 5,
        pageSize: 20,
        honourRetryAfter: true,
        databaseCpu: idp === 'okta',
      });
      const byPhase = new Map(reports.map((r) => [r.phase, r] as [string, PhaseReport]));
      assert.deepEqual([...byPhase.keys()], ['sync', 'groups', 'members', 'read_lookup', 'read_alone', 'read_page']);
      for (const r of reports) {
        for (const [op, s] of Object.entries(r.ops)) {
          assert.equal(s.errors, 0, `${r.phase}/${op}: ${s.samples.join('; ')}`);
          assert.equal(s.anomalies, 0, `${r.phase}/${op}: ${s.samples.join('; ')}`);
          assert.ok(Number.isFinite(s.p99) && s.p99 > 0, `${r.phase}/${op} p99 ${s.p99}`);
        }
      }
      assert.equal(byPhase.get('sync')?.ops.create?.count, USERS);
      assert.equal(byPhase.get('read_alone')?.ops.read_alone?.count, 30);
      // What the IdP was told is what Roster holds: every user, every group, each member once.
      const users = await d.scim('GET', '/Users?count=1');
      assert.equal(users.body.totalResults, USERS);
      const groups = await d.scim('GET', '/Groups');
      assert.equal(groups.body.totalResults, GROUPS);
      const members = groups.body.Resources.map((g: { members?: unknown[] }) => g.members?.length ?? 0);
      assert.deepEqual(members, [USERS / GROUPS, USERS / GROUPS, USERS / GROUPS]);
      assert.match(formatReports(reports), /read_alone/);
      for (const r of reports) {
        const idle = r.machineIdlePercent;
        if (idp !== 'okta') assert.equal(idle, undefined, 'only with databaseCpu (the bench)');
        // A phase shorter than 20 clock ticks of the whole machine reports none.
        else assert.ok(idle === undefined || (idle >= 0 && idle <= 100), `${r.phase}: idle ${idle}%`);
      }
      if (idp === 'okta') assert.ok(byPhase.get('sync')?.machineIdlePercent !== undefined, 'the sync phase (the longest) reports its idle share');
    });
  }
});

describe("the simulator's PostgreSQL CPU count", () => {
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(postgresAdminUrl()).hostname);
  it('keeps the CPU of a backend that has exited (the bench subtracts two counts around a phase)', { skip: (testStoreKind() !== 'postgres' || !local) && 'needs the local PostgreSQL server' }, async () => {
    const client = new pg.Client(postgresAdminUrl());
    await client.connect();
    const start = postgresTicks();
    await client.query('select sum(g) from generate_series(1, 5000000) g');
    const during = postgresTicks() - start;
    await client.end();
    // The postmaster reaps the backend soon after the connection closes.
    let after = 0;
    for (let i = 0; i < 50; i++) {
      await sleep(20);
      after = postgresTicks() - start;
    }
    assert.ok(during > 0, 'the query took some CPU');
    assert.ok(after >= during, `the count went back from ${during} to ${after} ticks when the backend exited`);
  });
});
