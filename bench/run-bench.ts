// `npm run bench`: the same IdP initial sync against the ceiling server and Roster, in one run, as ratios.
// Absolute figures drift ±20% between runs on shared machines; the ratios are what we compare.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runSimulation, type PhaseReport } from '../src/cli/simulate/run-simulation.ts';
import type { IdpName } from '../src/cli/simulate/idp-profiles.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
    groups: { type: 'string', default: '100' },
    postgres: { type: 'string' },
    pglite: { type: 'boolean', default: true },
    'no-pglite': { type: 'boolean', default: false },
    idp: { type: 'string', default: 'generic' },
    // Writes a V8 CPU profile of each Roster process into .tmp/profiles (open it in Chrome DevTools).
    profile: { type: 'boolean', default: false },
    'skip-ceiling': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(root, '.tmp', 'bench-results.json') },
  },
});
const USERS = Number(args.users);
const CONCURRENCY = Number(args.concurrency);
const GROUPS = Number(args.groups);
const PG_URL = args.postgres ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_KEY = `bench-admin-${Date.now()}-key`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function start(cmd: string, argv: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 90 s:\n${out}`)), 90_000);
    const on = (b: Buffer) => {
      out += b.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

const sim = (baseUrl: string, token: string, pid: number | undefined, label: string) =>
  runSimulation({
    baseUrl,
    token,
    idp: args.idp as IdpName,
    users: USERS,
    groups: GROUPS,
    concurrency: CONCURRENCY,
    reads: 2000,
    pages: 200,
    pageSize: 100,
    serverPids: pid ? [pid] : [],
    log: (line) => process.stderr.write(`[${label}] ${line}\n`),
  });

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
  const { child } = await start(process.execPath, [path.join(dir, 'server.mjs')], { DB_URL: db, PORT: port, TOKEN: 'bench-token' }, /./);
  await new Promise((r) => setTimeout(r, 1500)); // it prints nothing; give it time to create its tables
  try {
    return await sim(`http://127.0.0.1:${port}/scim/v2`, 'bench-token', child.pid, 'ceiling');
  } finally {
    await stop(child);
  }
}

async function runRoster(env: Record<string, string>, label: string): Promise<PhaseReport[]> {
  const profile = args.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, '.tmp', 'profiles')] : [];
  const { child, output } = await start(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], { PORT: '0', HOST: '127.0.0.1', ROSTER_ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', ...env }, /listening on (http:\/\/\S+)/);
  const url = /listening on (http:\/\/\S+)/.exec(output())?.[1] as string;
  try {
    const call = async (route: string, body: unknown) => {
      const r = await fetch(`${url}/api/v1${route}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await r.json()) as Record<string, string>;
    };
    const org = await call('/organizations', { name: 'bench' });
    // A bench directory must not be throttled by the default per-directory rate limit.
    const dir = await call(`/organizations/${org.id}/directories`, { name: 'bench', provider: args.idp === 'entra' ? 'entra' : 'okta' });
    await fetch(`${url}/api/v1/directories/${dir.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 100000, rateLimitBurst: 1000000 }) });
    return await sim(dir.scimBaseUrl as string, dir.bearerToken as string, child.pid, label);
  } finally {
    await stop(child);
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
}

function flatten(reports: PhaseReport[]): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const r of reports) {
    const cpuMsPerJob = r.serverCpuPercent === undefined ? undefined : (r.serverCpuPercent * 10 * r.seconds) / r.jobs;
    for (const [op, s] of Object.entries(r.ops)) m.set(`${r.phase}/${op}`, { perSecond: s.perSecond, p99: s.p99, errors: s.errors, anomalies: s.anomalies, rss: r.serverMaxRssMb, cpuMsPerJob });
  }
  return m;
}

const fmt = (c: Cell | undefined) => (c ? `${c.perSecond.toFixed(0)} (${c.p99.toFixed(1)})` : '—');
const cpu = (c: Cell | undefined) => (c?.cpuMsPerJob === undefined ? '—' : c.cpuMsPerJob.toFixed(2));

async function main(): Promise<void> {
  const stamp = Date.now();
  const ceilingDb = `bench_ceiling_${stamp}`;
  const rosterDb = `bench_roster_${stamp}`;
  await admin(`create database ${ceilingDb}`);
  await admin(`create database ${rosterDb}`);
  const results: Record<string, PhaseReport[]> = {};
  try {
    if (!args['skip-ceiling']) results.ceiling = await runCeiling(withDatabase(PG_URL, ceilingDb));
    results.postgres = await runRoster({ DATABASE_URL: withDatabase(PG_URL, rosterDb), ROSTER_SECRET_KEY: randomBytes(32).toString('base64') }, 'roster-postgres');
    if (args.pglite && !args['no-pglite']) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'roster-bench-'));
      try {
        results.pglite = await runRoster({ ROSTER_DATA_DIR: path.join(dataDir, 'store'), DATABASE_URL: '' }, 'roster-pglite');
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await admin(`drop database if exists ${ceilingDb} with (force)`).catch(() => {});
    await admin(`drop database if exists ${rosterDb} with (force)`).catch(() => {});
  }
  const ceiling = flatten(results.ceiling ?? []);
  const roster = flatten(results.postgres ?? []);
  const pglite = flatten(results.pglite ?? []);
  const rows = [
    `N=${USERS} users, C=${CONCURRENCY}, idp=${args.idp}; ops/s (p99 ms); ratio = Roster on PostgreSQL ÷ ceiling, same run; CPU = server CPU ms per job`,
    '',
    '| phase/op | ceiling | Roster (PostgreSQL) | ratio | CPU ceiling / Roster | Roster (PGlite) | errors / wrong (Roster PG) | Roster RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [key, r] of roster) {
    const c = ceiling.get(key);
    const p = pglite.get(key);
    const ratio = c ? (r.perSecond / c.perSecond).toFixed(2) : '—';
    rows.push(`| ${key} | ${fmt(c)} | ${fmt(r)} | ${ratio} | ${cpu(c)} / ${cpu(r)} | ${fmt(p)} | ${r.errors} / ${r.anomalies} | ${r.rss?.toFixed(0) ?? '—'} |`);
  }
  const table = rows.join('\n');
  process.stdout.write(`\n${table}\n`);
  mkdirSync(path.dirname(args.out as string), { recursive: true });
  writeFileSync(args.out as string, JSON.stringify({ users: USERS, concurrency: CONCURRENCY, idp: args.idp, at: new Date().toISOString(), results }, null, 2));
  process.stdout.write(`\nfull reports: ${args.out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
