// Bench phase "scale-out": two Roster processes on one PostgreSQL behind a round-robin proxy run
// the initial sync; then the stored state, the event log and the webhook deliveries are checked.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runSimulation, type PhaseReport } from '../src/cli/simulate/run-simulation.ts';
import { adminCall, createDirectory, runSql, startRoster, stopProcess, withDatabase, type RosterServer } from './bench-processes.ts';
import { startRoundRobinProxy } from './round-robin-proxy.ts';

export interface ScaleOutCheck {
  name: string;
  expected: number;
  actual: number;
}

export interface ScaleOutResult {
  reports: PhaseReport[];
  checks: ScaleOutCheck[];
  /** Deliveries received per process that sent them is not visible to the receiver; this counts by message id. */
  webhookMessages: number;
  webhookDuplicates: number;
  secondsToDeliverAll: number;
}

/** Counts webhook messages by their `webhook-id` (Standard Webhooks): a second arrival is a duplicate. */
async function startReceiver(): Promise<{ url: string; seen: Map<string, number>; close: () => Promise<void> }> {
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const id = String(req.headers['webhook-id'] ?? '');
    req.resume();
    req.on('end', () => {
      if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

async function count(dbUrl: string, text: string, params: unknown[]): Promise<number> {
  const rows = await runSql<{ n: string }>(dbUrl, text, params);
  return Number(rows[0]?.n ?? 0);
}

export async function runScaleOut(o: { pgUrl: string; adminKey: string; users: number; groups: number; concurrency: number; log: (line: string) => void }): Promise<ScaleOutResult> {
  const dbName = `bench_scaleout_${Date.now()}`;
  await runSql(o.pgUrl, `create database ${dbName}`);
  const dbUrl = withDatabase(o.pgUrl, dbName);
  const env = { DATABASE_URL: dbUrl, ROSTER_ADMIN_API_KEY: o.adminKey, ROSTER_SECRET_KEY: randomBytes(32).toString('base64'), ROSTER_WEBHOOK_POLL_MS: '200', ROSTER_WEBHOOK_BATCH_SIZE: '100' };
  const servers: RosterServer[] = [];
  const receiver = await startReceiver();
  try {
    // One after the other: the first migrates the database, the second finds it migrated.
    servers.push(await startRoster(env));
    servers.push(await startRoster(env));
    const proxy = await startRoundRobinProxy(servers.map((s) => s.url));
    try {
      const dir = await createDirectory(proxy.url, o.adminKey, 'scale-out', 'okta');
      await adminCall(proxy.url, o.adminKey, 'POST', '/webhooks', { url: receiver.url, organizationId: dir.organizationId });
      const reports = await runSimulation({
        baseUrl: dir.scimBaseUrl,
        token: dir.token,
        idp: 'generic',
        users: o.users,
        groups: o.groups,
        concurrency: o.concurrency,
        reads: 1000,
        pages: 50,
        pageSize: 100,
        serverPids: servers.map((s) => s.child.pid as number),
        log: (line) => o.log(`[scale-out] ${line}`),
        afterWrites: async () => void (await runSql(dbUrl, 'vacuum analyze')),
      });
      const d = [dir.id];
      const events = (type: string) => count(dbUrl, `select count(*) as n from events where directory_id = $1 and type = $2`, [dir.id, type]);
      const checks: ScaleOutCheck[] = [
        { name: 'users stored', expected: o.users, actual: await count(dbUrl, `select count(*) as n from users where directory_id = $1`, d) },
        { name: 'distinct userNames', expected: o.users, actual: await count(dbUrl, `select count(distinct lower(user_name)) as n from users where directory_id = $1`, d) },
        { name: 'group memberships', expected: o.users, actual: await count(dbUrl, `select count(*) as n from group_members where directory_id = $1 and user_id is not null`, d) },
        { name: 'user.created events', expected: o.users, actual: await events('user.created') },
        { name: 'user.updated events', expected: o.users, actual: await events('user.updated') },
        { name: 'group.created events', expected: o.groups, actual: await events('group.created') },
      ];
      const total = await count(dbUrl, `select count(*) as n from events where organization_id = $1`, [dir.organizationId]);
      // Every event of the organization goes to the endpoint once; both processes run a delivery worker.
      const waitStart = performance.now();
      while (receiver.seen.size < total && performance.now() - waitStart < 180_000) await new Promise((r) => setTimeout(r, 500));
      const secondsToDeliverAll = (performance.now() - waitStart) / 1000;
      await new Promise((r) => setTimeout(r, 2000)); // a late duplicate would arrive now
      checks.push({ name: 'events delivered (distinct webhook-id)', expected: total, actual: receiver.seen.size });
      const duplicates = [...receiver.seen.values()].reduce((n, c) => n + (c - 1), 0);
      checks.push({ name: 'duplicate deliveries', expected: 0, actual: duplicates });
      return { reports, checks, webhookMessages: receiver.seen.size, webhookDuplicates: duplicates, secondsToDeliverAll };
    } finally {
      await proxy.close();
    }
  } finally {
    for (const s of servers) await stopProcess(s.child);
    await receiver.close();
    await runSql(o.pgUrl, `drop database if exists ${dbName} with (force)`).catch(() => {});
  }
}

export function scaleOutTable(r: ScaleOutResult): string {
  const lines = ['| phase/op | two processes ops/s (p99 ms) | errors / wrong | CPU % (both) | RSS MB (both) |', '| --- | --- | --- | --- | --- |'];
  for (const p of r.reports) {
    for (const [op, s] of Object.entries(p.ops)) {
      lines.push(`| ${p.phase}/${op} | ${s.perSecond.toFixed(0)} (${s.p99.toFixed(1)}) | ${s.errors} / ${s.anomalies} | ${p.serverCpuPercent?.toFixed(0) ?? '—'} | ${p.serverMaxRssMb?.toFixed(0) ?? '—'} |`);
    }
  }
  lines.push('', '| check | expected | actual | |', '| --- | --- | --- | --- |');
  for (const c of r.checks) lines.push(`| ${c.name} | ${c.expected} | ${c.actual} | ${c.expected === c.actual ? 'ok' : 'WRONG'} |`);
  lines.push('', `${r.webhookMessages} distinct webhook messages arrived within ${r.secondsToDeliverAll.toFixed(1)} s of the end of the run, ${r.webhookDuplicates} twice`);
  return lines.join('\n');
}
