// `npm run bench`: the same IdP initial sync against the ceiling server and Roster, in one run, as ratios.
// Absolute figures drift ±20% between runs on shared machines; the ratios are what we compare.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runSimulation, type PhaseReport } from '../src/cli/simulate/run-simulation.ts';
import type { IdpName } from '../src/cli/simulate/idp-profiles.ts';
import { createDirectory, root, runSql, startProcess, startRoster, stopProcess, withDatabase } from './bench-processes.ts';
import { bigGroupTable, runBigGroup, type BigGroupResult } from './big-group.ts';
import { fairnessTable, runFairness, type FairnessRow } from './fairness.ts';
import { runScaleOut, scaleOutTable, type ScaleOutResult } from './scale-out.ts';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    // PGlite is one embedded connection: the issue asks for it at N=10,000 beside PostgreSQL's big run.
    'pglite-users': { type: 'string' },
    concurrency: { type: 'string', default: '16' },
    groups: { type: 'string', default: '100' },
    postgres: { type: 'string' },
    pglite: { type: 'boolean', default: true },
    'no-pglite': { type: 'boolean', default: false },
    idp: { type: 'string', default: 'generic' },
    // Writes a V8 CPU profile of each Roster process into .tmp/profiles (open it in Chrome DevTools).
    profile: { type: 'boolean', default: false },
    'skip-ceiling': { type: 'boolean', default: false },
    // The main table (ceiling, Roster on PostgreSQL, PGlite) can be left out to run only the phases below.
    'skip-main': { type: 'boolean', default: false },
    // One tenant at full speed beside a small one, without and with a per-directory limit.
    fairness: { type: 'boolean', default: false },
    'fairness-users': { type: 'string', default: '3000' },
    // Two Roster processes on one PostgreSQL behind a round-robin proxy, then consistency checks.
    'scale-out': { type: 'boolean', default: false },
    'scale-out-users': { type: 'string' },
    // One group of N members built through SCIM: PATCH and read costs beside a small group, memory of a full read.
    'big-group': { type: 'boolean', default: false },
    'big-group-members': { type: 'string', default: '100000' },
    out: { type: 'string', default: path.join(root, '.tmp', 'bench-results.json') },
  },
});
const USERS = Number(args.users);
const PGLITE_USERS = Number(args['pglite-users'] ?? args.users);
const CONCURRENCY = Number(args.concurrency);
const GROUPS = Number(args.groups);
const PG_URL = args.postgres ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_KEY = `bench-admin-${Date.now()}-key`;

const admin = (statement: string) => runSql(PG_URL, statement);

const sim = (baseUrl: string, token: string, pid: number | undefined, label: string, users = USERS, dbUrl?: string) =>
  runSimulation({
    baseUrl,
    token,
    idp: args.idp as IdpName,
    users,
    groups: GROUPS,
    concurrency: CONCURRENCY,
    reads: 2000,
    pages: 200,
    pageSize: 100,
    serverPids: pid ? [pid] : [],
    databaseCpu: dbUrl !== undefined && isLocal(dbUrl),
    log: (line) => process.stderr.write(`[${label}] ${line}\n`),
    // The bench server runs with autovacuum off; production has it on, and after a bulk load it would
    // have analysed the tables. Without this the reads are planned for empty tables (both servers alike).
    ...(dbUrl ? { afterWrites: () => vacuumAnalyze(dbUrl) } : {}),
  });

const isLocal = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

async function vacuumAnalyze(dbUrl: string): Promise<void> {
  await runSql(dbUrl, 'vacuum analyze');
}

/** The ceiling: Fastify + pg, one statement per request (../shared/bench/ceiling). */
async function runCeiling(db: string): Promise<PhaseReport[]> {
  const source = path.resolve(root, '../shared/bench/ceiling/server.mjs');
  if (!existsSync(source)) throw new Error(`the ceiling server is not at ${source}: the bench needs ../shared/bench beside the repository`);
  // Inside the repository, so `fastify` and `pg` resolve from our node_modules.
  const dir = path.join(root, '.tmp', 'ceiling');
  mkdirSync(dir, { recursive: true });
  cpSync(source, path.join(dir, 'server.mjs'));
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module","private":true}\n');
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const { child } = await startProcess(process.execPath, [path.join(dir, 'server.mjs')], { DB_URL: db, PORT: port, TOKEN: 'bench-token' }, /./);
  await new Promise((r) => setTimeout(r, 1500)); // it prints nothing; give it time to create its tables
  try {
    return await sim(`http://127.0.0.1:${port}/scim/v2`, 'bench-token', child.pid, 'ceiling', USERS, db);
  } finally {
    await stopProcess(child);
  }
}

async function runRoster(env: Record<string, string>, label: string, users = USERS, dbUrl?: string): Promise<PhaseReport[]> {
  const server = await startRoster({ ROSTER_ADMIN_API_KEY: ADMIN_KEY, ...env }, args.profile);
  try {
    // A bench directory must not be throttled by the default per-directory rate limit.
    const dir = await createDirectory(server.url, ADMIN_KEY, 'bench', args.idp === 'entra' ? 'entra' : 'okta');
    return await sim(dir.scimBaseUrl, dir.token, server.child.pid, label, users, dbUrl);
  } finally {
    await stopProcess(server.child);
  }
}

interface Cell {
  perSecond: number;
  p99: number;
  errors: number;
  anomalies: number;
  rss?: number | undefined;
  /** Server CPU milliseconds per job of the phase: less noisy than ops/s on a shared machine. */
  cpuMsPerJob?: number | undefined;
  /** The local PostgreSQL's CPU milliseconds per job: where a write's cost lands that the server's CPU does not show. */
  dbCpuMsPerJob?: number | undefined;
  /** The machine's idle share over the phase: high when the load waits on latency, not on CPU. */
  idlePercent?: number | undefined;
}

function flatten(reports: PhaseReport[]): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const r of reports) {
    const perJob = (percent: number | undefined) => (percent === undefined ? undefined : (percent * 10 * r.seconds) / r.jobs);
    const cpuMsPerJob = perJob(r.serverCpuPercent);
    const dbCpuMsPerJob = perJob(r.databaseCpuPercent);
    for (const [op, s] of Object.entries(r.ops)) m.set(`${r.phase}/${op}`, { perSecond: s.perSecond, p99: s.p99, errors: s.errors, anomalies: s.anomalies, rss: r.serverMaxRssMb, cpuMsPerJob, dbCpuMsPerJob, idlePercent: r.machineIdlePercent });
  }
  return m;
}

const fmt = (c: Cell | undefined) => (c ? `${c.perSecond.toFixed(0)} (${c.p99.toFixed(1)})` : '—');
const cpu = (c: Cell | undefined) => (c?.cpuMsPerJob === undefined ? '—' : c.cpuMsPerJob.toFixed(2));
const dbCpu = (c: Cell | undefined) => (c?.dbCpuMsPerJob === undefined ? '—' : c.dbCpuMsPerJob.toFixed(2));
const idle = (c: Cell | undefined) => (c?.idlePercent === undefined ? '—' : c.idlePercent.toFixed(0));

async function runMain(results: Record<string, PhaseReport[]>): Promise<void> {
  const stamp = Date.now();
  const ceilingDb = `bench_ceiling_${stamp}`;
  const rosterDb = `bench_roster_${stamp}`;
  await admin(`create database ${ceilingDb}`);
  await admin(`create database ${rosterDb}`);
  try {
    if (!args['skip-ceiling']) results.ceiling = await runCeiling(withDatabase(PG_URL, ceilingDb));
    results.postgres = await runRoster({ DATABASE_URL: withDatabase(PG_URL, rosterDb), ROSTER_SECRET_KEY: randomBytes(32).toString('base64') }, 'roster-postgres', USERS, withDatabase(PG_URL, rosterDb));
    if (args.pglite && !args['no-pglite']) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'roster-bench-'));
      try {
        results.pglite = await runRoster({ ROSTER_DATA_DIR: path.join(dataDir, 'store'), DATABASE_URL: '' }, 'roster-pglite', PGLITE_USERS);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await admin(`drop database if exists ${ceilingDb} with (force)`).catch(() => {});
    await admin(`drop database if exists ${rosterDb} with (force)`).catch(() => {});
  }
}

function mainTable(results: Record<string, PhaseReport[]>): string {
  const ceiling = flatten(results.ceiling ?? []);
  const roster = flatten(results.postgres ?? []);
  const pglite = flatten(results.pglite ?? []);
  const rows = [
    `N=${USERS} users${results.pglite ? ` (PGlite: ${PGLITE_USERS})` : ''}, C=${CONCURRENCY}, idp=${args.idp}; ops/s (p99 ms); ratio = Roster on PostgreSQL ÷ ceiling, same run; CPU = server CPU ms per job; DB CPU = the local PostgreSQL's CPU ms per job; idle = % of the machine's CPU time idle during the phase (high: the load waits on latency, not CPU)`,
    '',
    '| phase/op | ceiling | Roster (PostgreSQL) | ratio | CPU ceiling / Roster | DB CPU ceiling / Roster | idle % ceiling / Roster | Roster (PGlite) | errors / wrong (Roster PG) | Roster RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [key, r] of roster) {
    const c = ceiling.get(key);
    const p = pglite.get(key);
    const ratio = c ? (r.perSecond / c.perSecond).toFixed(2) : '—';
    rows.push(`| ${key} | ${fmt(c)} | ${fmt(r)} | ${ratio} | ${cpu(c)} / ${cpu(r)} | ${dbCpu(c)} / ${dbCpu(r)} | ${idle(c)} / ${idle(r)} | ${fmt(p)} | ${r.errors} / ${r.anomalies} | ${r.rss?.toFixed(0) ?? '—'} |`);
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const results: Record<string, PhaseReport[]> = {};
  let fairness: FairnessRow[] | undefined;
  let scaleOut: ScaleOutResult | undefined;
  let bigGroup: BigGroupResult | undefined;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Each table is printed and saved as soon as its part is done: a later part failing keeps the earlier figures.
  const save = (table: string) => {
    process.stdout.write(`\n${table}\n`);
    mkdirSync(path.dirname(args.out as string), { recursive: true });
    writeFileSync(args.out as string, JSON.stringify({ users: USERS, concurrency: CONCURRENCY, idp: args.idp, at: new Date().toISOString(), results, fairness, scaleOut, bigGroup }, null, 2));
  };
  if (!args['skip-main']) {
    await runMain(results);
    save(mainTable(results));
  }
  if (args.fairness) {
    fairness = await runFairness({ pgUrl: PG_URL, adminKey: ADMIN_KEY, users: Number(args['fairness-users']), concurrency: CONCURRENCY, log });
    save(`Fairness (PostgreSQL, one process; big tenant ${args['fairness-users']} users at C=${CONCURRENCY}, small tenant 2 workers)\n\n${fairnessTable(fairness)}`);
  }
  if (args['scale-out']) {
    const users = Number(args['scale-out-users'] ?? Math.min(USERS, 10000));
    scaleOut = await runScaleOut({ pgUrl: PG_URL, adminKey: ADMIN_KEY, users, groups: Math.min(GROUPS, 100), concurrency: CONCURRENCY, log });
    save(`Scale-out (two Roster processes, one PostgreSQL, round-robin proxy; N=${users}, C=${CONCURRENCY})\n\n${scaleOutTable(scaleOut)}`);
    // A failed check is a failed bench run: the figures of a wrong answer are worthless.
    if (scaleOut.checks.some((c) => c.expected !== c.actual)) process.exitCode = 1;
  }
  if (args['big-group']) {
    bigGroup = await runBigGroup({ pgUrl: PG_URL, adminKey: ADMIN_KEY, members: Number(args['big-group-members']), concurrency: CONCURRENCY, log });
    save(`Big group (PostgreSQL, one process, an Okta directory)\n\n${bigGroupTable(bigGroup)}`);
  }
  process.stdout.write(`\nfull reports: ${args.out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
