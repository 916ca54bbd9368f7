// An IdP's initial sync as load: lookup → create → update per user, group push, member batches, reads.
import { readdirSync, readFileSync } from 'node:fs';
import { LoadClient, percentile } from './load-client.ts';
import { PROFILES, type IdpName } from './idp-profiles.ts';

export interface SimulationOptions {
  baseUrl: string;
  token: string;
  idp: IdpName;
  users: number;
  groups: number;
  concurrency: number;
  reads: number;
  pages: number;
  pageSize: number;
  /** Wait out 429 + Retry-After and send again, as Okta and Entra do (counted as `throttled`). */
  honourRetryAfter?: boolean;
  /** Server process ids whose CPU and RSS are reported per phase (Linux /proc). */
  serverPids?: number[];
  /** Also report the CPU of every local `postgres` process per phase (a bench on a machine of its own). */
  databaseCpu?: boolean;
  log?: (line: string) => void;
  /** Runs after the write phases, before the reads (the bench refreshes planner statistics there). */
  afterWrites?: () => Promise<void>;
}

export interface OpReport {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  anomalies: number;
  throttled: number;
  samples: string[];
}

export interface PhaseReport {
  phase: string;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  serverCpuPercent?: number;
  serverMaxRssMb?: number;
  /** CPU of the local PostgreSQL processes over the phase, in % of one core (with `databaseCpu`). */
  databaseCpuPercent?: number;
  /**
   * Share of the machine's CPU time left idle over the phase (with `databaseCpu`, so with the
   * server on this machine): high while the load waits on something other than CPU.
   */
  machineIdlePercent?: number;
  ops: Record<string, OpReport>;
}

/** All CPUs' time from /proc/stat's first line, and how much of it was idle (idle and iowait), in ticks. */
export function machineTicks(stat: string): { total: number; idle: number } {
  const fields = (/^cpu\s+([\d\s]+)/m.exec(stat)?.[1] ?? '').trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user and nice)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait };
}

function machineNow(): { total: number; idle: number } {
  try {
    return machineTicks(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return { total: 0, idle: 0 };
  }
}

/** User and system CPU of a process; with `reaped`, also that of its children it has waited for. */
function cpuTicks(pid: number, reaped = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  } catch {
    return 0;
  }
}

/**
 * Every local PostgreSQL process (postmaster, backends, background workers): /proc is world-readable.
 * Clock ticks (100 a second). A backend that exits leaves its CPU in the postmaster's reaped children's
 * count, so the sum never goes back (it did: a phase after the bench's VACUUM ANALYZE showed a negative
 * figure when that connection's backend ended during it).
 */
export function postgresTicks(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') ticks += cpuTicks(Number(entry), true);
    } catch {
      // gone between the listing and the read
    }
  }
  return ticks;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function runPool(jobs: number, concurrency: number, job: (k: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs) }, async () => {
      while (next < jobs) await job(next++);
    }),
  );
}

/** Runs every phase and returns one report per phase; nothing here depends on Roster. */
export async function runSimulation(o: SimulationOptions): Promise<PhaseReport[]> {
  const profile = PROFILES[o.idp];
  const client = new LoadClient(o.baseUrl, o.token, o.concurrency, { honourRetryAfter: o.honourRetryAfter ?? false });
  const pids = o.serverPids ?? [];
  const reports: PhaseReport[] = [];
  const ids: (string | undefined)[] = new Array(o.users);
  const groupIds: (string | undefined)[] = new Array(o.groups);

  const phase = async (name: string, ops: string[], jobs: number, job: (k: number) => Promise<void>, concurrency = o.concurrency) => {
    for (const op of ops) client.stats.delete(op);
    const cpu0 = pids.reduce((n, p) => n + cpuTicks(p), 0);
    const db0 = o.databaseCpu ? postgresTicks() : 0;
    const machine0 = machineNow();
    let maxRss = 0;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, pids.reduce((n, p) => n + rssMb(p), 0))), 200);
    const started = performance.now();
    await runPool(jobs, concurrency, job);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    maxRss = Math.max(maxRss, pids.reduce((n, p) => n + rssMb(p), 0));
    const report: PhaseReport = { phase: name, jobs, seconds, jobsPerSecond: jobs / seconds, ops: {} };
    if (pids.length) {
      report.serverCpuPercent = ((pids.reduce((n, p) => n + cpuTicks(p), 0) - cpu0) / 100 / seconds) * 100;
      report.serverMaxRssMb = maxRss;
    }
    if (o.databaseCpu) {
      report.databaseCpuPercent = ((postgresTicks() - db0) / 100 / seconds) * 100;
      const machine = machineNow();
      const total = machine.total - machine0.total;
      // /proc/stat counts in ticks of 10 ms: a phase of a few ticks would print noise.
      if (total >= 20) report.machineIdlePercent = ((machine.idle - machine0.idle) / total) * 100;
    }
    for (const op of ops) {
      const s = client.stat(op);
      const lat = [...s.latencies].sort((a, b) => a - b);
      report.ops[op] = {
        count: lat.length,
        perSecond: lat.length / seconds,
        p50: percentile(lat, 50),
        p95: percentile(lat, 95),
        p99: percentile(lat, 99),
        errors: Object.values(s.errors).reduce((a, b) => a + b, 0),
        anomalies: s.anomalies,
        throttled: s.throttled,
        samples: [...s.errorSamples, ...s.anomalySamples],
      };
    }
    reports.push(report);
    o.log?.(`${name}: ${jobs} in ${seconds.toFixed(2)} s (${report.jobsPerSecond.toFixed(1)}/s)`);
  };

  await phase('sync', ['lookup', 'create', 'update'], o.users, async (k) => {
    const found = await client.call('lookup', 'GET', profile.lookupPath(k + 1));
    if (found.ok && found.json?.totalResults !== 0) client.anomaly('lookup', `user ${k + 1}: expected no match before create`);
    const created = await client.call('create', 'POST', '/Users', profile.createBody(k + 1));
    const id = created.json?.id as string | undefined;
    ids[k] = id;
    if (!id) return;
    const [method, path, body] = profile.update(k + 1, id);
    await client.call('update', method, path, body);
  });

  await phase('groups', ['group_create'], o.groups, async (g) => {
    const r = await client.call('group_create', 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Group ${g}`, members: [] });
    groupIds[g] = r.json?.id;
  });

  // User i belongs to group i % groups; members go in batches of 100, as IdPs push them.
  const batches: [string, string[]][] = [];
  for (let g = 0; g < o.groups; g++) {
    const gid = groupIds[g];
    if (!gid) continue;
    const members = ids.filter((id, i): id is string => !!id && i % o.groups === g);
    for (let b = 0; b < members.length; b += 100) batches.push([gid, members.slice(b, b + 100)]);
  }
  await phase('members', ['member_patch'], batches.length, async (k) => {
    const [gid, members] = batches[k] as [string, string[]];
    await client.call('member_patch', 'PATCH', `/Groups/${gid}`, profile.addMembers(members));
  });

  await o.afterWrites?.();

  await phase('read_lookup', ['read_lookup'], o.reads, async (k) => {
    const i = ((k * 7919) % o.users) + 1;
    const r = await client.call('read_lookup', 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${profile.userName(i)}"`)}`);
    if (r.ok && r.json?.totalResults !== 1) client.anomaly('read_lookup', `user ${i}: totalResults ${r.json?.totalResults}`);
  });

  // The same lookups one at a time: a request's own latency, without the queue that 16 in flight on
  // a small machine put in front of it (at saturation p99 is mostly waiting, for the ceiling too).
  await phase(
    'read_alone',
    ['read_alone'],
    Math.min(o.reads, 1000),
    async (k) => {
      const i = ((k * 6007) % o.users) + 1;
      const r = await client.call('read_alone', 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${profile.userName(i)}"`)}`);
      if (r.ok && r.json?.totalResults !== 1) client.anomaly('read_alone', `user ${i}: totalResults ${r.json?.totalResults}`);
    },
    1,
  );

  const maxStart = Math.max(1, o.users - o.pageSize);
  await phase('read_page', ['read_page'], o.pages, async (k) => {
    const start = ((k * 104729) % maxStart) + 1;
    const r = await client.call('read_page', 'GET', `/Users?startIndex=${start}&count=${o.pageSize}`);
    if (!r.ok) return;
    const expected = Math.min(o.pageSize, o.users - start + 1);
    if (r.json?.totalResults !== o.users) client.anomaly('read_page', `totalResults ${r.json?.totalResults}, expected ${o.users}`);
    if (r.json?.Resources?.length !== expected) client.anomaly('read_page', `page at ${start} has ${r.json?.Resources?.length}, expected ${expected}`);
  });

  await client.close();
  return reports;
}
