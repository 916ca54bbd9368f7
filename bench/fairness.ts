// Bench phase "fairness": one tenant syncing at full speed, a second tenant's latency beside it,
// without and with a per-directory limit on the big one (a printed figure, never a timed test).
import { randomBytes } from 'node:crypto';
import { LoadClient, percentile } from '../src/cli/simulate/load-client.ts';
import { PROFILES } from '../src/cli/simulate/idp-profiles.ts';
import { createDirectory, runSql, startRoster, stopProcess, withDatabase, type BenchDirectory } from './bench-processes.ts';

export interface FairnessRow {
  scenario: string;
  bigRequestsPerSecond: number;
  bigThrottled: number;
  /** Users the big tenant's creates were acknowledged for, and users stored: they must be equal. */
  bigAcknowledged: number;
  bigStored: number;
  smallP50: number;
  smallP99: number;
  smallErrors: number;
}

const generic = PROFILES.generic;

/** The small tenant: two workers reading and updating its own users until `stop` says so. */
async function smallTenant(dir: BenchDirectory, ids: string[], stop: () => boolean, minMs: number): Promise<{ p50: number; p99: number; errors: number }> {
  const client = new LoadClient(dir.scimBaseUrl, dir.token, 2);
  const started = Date.now();
  let k = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (!stop() || Date.now() - started < minMs) {
        const i = k++ % ids.length;
        if (k % 4 === 0) await client.call('small', 'PATCH', `/Users/${ids[i]}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: `T${k}` }] });
        else await client.call('small', 'GET', generic.lookupPath(i + 1));
      }
    }),
  );
  await client.close();
  const s = client.stat('small');
  const lat = [...s.latencies].sort((a, b) => a - b);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), errors: Object.values(s.errors).reduce((a, b) => a + b, 0) };
}

/** The big tenant's initial sync (lookup, create, update per user), honouring 429 + Retry-After as IdPs do. */
async function bigTenant(dir: BenchDirectory, users: number, concurrency: number, offset: number): Promise<{ requestsPerSecond: number; throttled: number; acknowledged: number }> {
  const client = new LoadClient(dir.scimBaseUrl, dir.token, concurrency, { honourRetryAfter: true });
  let next = 0;
  let acknowledged = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users) {
        const i = offset + next++ + 1;
        await client.call('big', 'GET', generic.lookupPath(i));
        const created = await client.call('big', 'POST', '/Users', generic.createBody(i));
        if (created.status !== 201) continue;
        acknowledged++;
        const [method, path, body] = generic.update(i, created.json.id as string);
        await client.call('big', method, path, body);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  const s = client.stat('big');
  return { requestsPerSecond: s.latencies.length / seconds, throttled: s.throttled, acknowledged };
}

async function storedUsers(dbUrl: string, directoryId: string): Promise<number> {
  const rows = await runSql<{ n: string }>(dbUrl, `select count(*) as n from users where directory_id = $1 and state <> 'deprovisioned'`, [directoryId]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Three scenarios on one Roster process: the small tenant alone; beside a big tenant with no
 * limit; beside a big tenant held to `limitShare` of the rate it reached unlimited.
 */
export async function runFairness(o: { pgUrl: string; adminKey: string; users: number; concurrency: number; limitShare?: number; log: (line: string) => void }): Promise<FairnessRow[]> {
  const dbName = `bench_fairness_${Date.now()}`;
  await runSql(o.pgUrl, `create database ${dbName}`);
  const dbUrl = withDatabase(o.pgUrl, dbName);
  const server = await startRoster({ DATABASE_URL: dbUrl, ROSTER_ADMIN_API_KEY: o.adminKey, ROSTER_SECRET_KEY: randomBytes(32).toString('base64') });
  const rows: FairnessRow[] = [];
  try {
    const small = await createDirectory(server.url, o.adminKey, 'small tenant', 'okta');
    const seed = new LoadClient(small.scimBaseUrl, small.token, 4);
    const ids: string[] = [];
    for (let i = 1; i <= 50; i++) ids.push((await seed.call('seed', 'POST', '/Users', generic.createBody(i))).json.id as string);
    await seed.close();

    const alone = await smallTenant(small, ids, () => true, 8000);
    rows.push({ scenario: 'small tenant alone', bigRequestsPerSecond: 0, bigThrottled: 0, bigAcknowledged: 0, bigStored: 0, smallP50: alone.p50, smallP99: alone.p99, smallErrors: alone.errors });
    o.log(`fairness: small tenant alone p99 ${alone.p99.toFixed(1)} ms`);

    let unlimitedRate = 0;
    for (const [scenario, share] of [['beside a big tenant, no limit', 0], ['beside a big tenant held by its directory limit', o.limitShare ?? 0.5]] as const) {
      const perSecond = share > 0 ? Math.max(10, Math.round(unlimitedRate * share)) : 0;
      const big = await createDirectory(server.url, o.adminKey, `big tenant ${rows.length}`, 'okta', perSecond);
      let done = false;
      const smallRun = smallTenant(small, ids, () => done, 0);
      const bigRun = await bigTenant(big, o.users, o.concurrency, 0).finally(() => (done = true));
      const s = await smallRun;
      if (share === 0) unlimitedRate = bigRun.requestsPerSecond;
      const label = share > 0 ? `${scenario} (${perSecond} req/s)` : scenario;
      rows.push({
        scenario: label,
        bigRequestsPerSecond: bigRun.requestsPerSecond,
        bigThrottled: bigRun.throttled,
        bigAcknowledged: bigRun.acknowledged,
        bigStored: await storedUsers(dbUrl, big.id),
        smallP50: s.p50,
        smallP99: s.p99,
        smallErrors: s.errors,
      });
      o.log(`fairness: ${label}: big ${bigRun.requestsPerSecond.toFixed(0)} req/s, small p99 ${s.p99.toFixed(1)} ms`);
    }
  } finally {
    await stopProcess(server.child);
    await runSql(o.pgUrl, `drop database if exists ${dbName} with (force)`).catch(() => {});
  }
  return rows;
}

export function fairnessTable(rows: FairnessRow[]): string {
  const lines = [
    '| scenario | big tenant req/s | big 429s waited out | big creates acknowledged / stored | small tenant p50 / p99 ms | small errors |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const big = r.bigAcknowledged > 0 ? `${r.bigAcknowledged} / ${r.bigStored}` : '—';
    lines.push(`| ${r.scenario} | ${r.bigRequestsPerSecond ? r.bigRequestsPerSecond.toFixed(0) : '—'} | ${r.bigThrottled || '—'} | ${big} | ${r.smallP50.toFixed(1)} / ${r.smallP99.toFixed(1)} | ${r.smallErrors} |`);
  }
  return lines.join('\n');
}
