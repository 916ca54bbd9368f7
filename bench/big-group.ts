// One group of N members (100,000 for the issue): does a member PATCH, or a read without members,
// cost the same as on a small group; and what does serving all of its members cost in memory?
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LoadClient, percentile } from '../src/cli/simulate/load-client.ts';
import { PROFILES } from '../src/cli/simulate/idp-profiles.ts';
import { runSimulation } from '../src/cli/simulate/run-simulation.ts';
import { createDirectory, runSql, startRoster, stopProcess, withDatabase } from './bench-processes.ts';

export interface BigGroupRow {
  measure: string;
  small: string;
  big: string;
  ratio: string;
}

export interface BigGroupResult {
  members: number;
  buildUsersPerSecond: number;
  buildMemberPatchesPerSecond: number;
  rows: BigGroupRow[];
  fullRead: { ms: number[]; bytes: number; members: number; listMs: number; rssBeforeMb: number; rssMaxMb: number };
}

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Median and p99 of `runs` sequential calls, one at a time: the request's own cost, no queue. */
async function timed(runs: number, call: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

export async function runBigGroup(o: { pgUrl: string; adminKey: string; members: number; concurrency: number; log: (line: string) => void }): Promise<BigGroupResult> {
  const dbName = `bench_big_group_${Date.now()}`;
  await runSql(o.pgUrl, `create database ${dbName}`);
  const dbUrl = withDatabase(o.pgUrl, dbName);
  const server = await startRoster({ DATABASE_URL: dbUrl, ROSTER_ADMIN_API_KEY: o.adminKey, ROSTER_SECRET_KEY: randomBytes(32).toString('base64') });
  const pid = server.child.pid as number;
  try {
    const dir = await createDirectory(server.url, o.adminKey, 'big group', 'okta');
    // The IdP's own way in: N users, one group, members pushed 100 at a time into that one group (the
    // generic profile: Okta's random password would make this a bench of scrypt, see performance.md).
    const build = await runSimulation({ baseUrl: dir.scimBaseUrl, token: dir.token, idp: 'generic', users: o.members, groups: 1, concurrency: o.concurrency, reads: 0, pages: 0, pageSize: 100, log: o.log });
    const errors = build.flatMap((r) => Object.entries(r.ops).filter(([, s]) => s.errors + s.anomalies > 0).map(([op, s]) => `${op}: ${s.samples.join('; ')}`));
    if (errors.length > 0) throw new Error(`building the group failed: ${errors.join('\n')}`);
    await runSql(dbUrl, 'vacuum analyze');
    const client = new LoadClient(dir.scimBaseUrl, dir.token, 1);
    const groups = await client.call('find', 'GET', '/Groups?excludedAttributes=members');
    const big = groups.json?.Resources?.[0]?.id as string;
    const page = await client.call('find', 'GET', '/Users?count=100&attributes=id');
    const hundred = (page.json?.Resources as { id: string }[]).map((u) => u.id);
    const small = (await client.call('find', 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Small', members: hundred.map((value) => ({ value })) })).json?.id as string;

    const rows: BigGroupRow[] = [];
    const compare = async (measure: string, runs: number, call: (groupId: string) => Promise<void>) => {
      const s = await timed(runs, () => call(small));
      const b = await timed(runs, () => call(big));
      rows.push({ measure, small: `${s.p50.toFixed(2)} / ${s.p99.toFixed(2)}`, big: `${b.p50.toFixed(2)} / ${b.p99.toFixed(2)}`, ratio: (b.p50 / s.p50).toFixed(2) });
      o.log(`big group: ${measure}: small ${s.p50.toFixed(2)} ms, big ${b.p50.toFixed(2)} ms (median)`);
    };
    const ok = (r: { ok: boolean; status: number; text?: string }, what: string) => {
      if (!r.ok) throw new Error(`${what}: ${r.status}`);
    };
    await compare('GET /Groups/{id}?excludedAttributes=members', 200, async (g) => ok(await client.call('read', 'GET', `/Groups/${g}?excludedAttributes=members`), 'read'));
    // Okta's membership update: the 100 members out (one members[value eq] op each), then back in.
    await compare('PATCH remove 100 members, then PATCH add them back', 20, async (g) => {
      ok(await client.call('patch', 'PATCH', `/Groups/${g}`, { schemas: [PATCH_OP], Operations: hundred.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` })) }), 'remove');
      ok(await client.call('patch', 'PATCH', `/Groups/${g}`, PROFILES.okta.addMembers(hundred)), 'add');
    });

    // The whole group, as an Okta import reads it: time, bytes, and the server's memory meanwhile.
    const rssBeforeMb = rssMb(pid);
    let rssMaxMb = rssBeforeMb;
    const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(pid))), 10);
    const ms: number[] = [];
    let bytes = 0;
    let members = 0;
    let listMs = 0;
    try {
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const r = await fetch(`${dir.scimBaseUrl}/Groups/${big}`, { headers: { authorization: `Bearer ${dir.token}` } });
        const text = await r.text();
        ms.push(performance.now() - t0);
        bytes = Buffer.byteLength(text);
        members = (JSON.parse(text) as { members?: unknown[] }).members?.length ?? 0;
      }
      // Okta's group import: a page of groups with their members, the big one among them.
      const t0 = performance.now();
      const page = (await (await fetch(`${dir.scimBaseUrl}/Groups?startIndex=1&count=100`, { headers: { authorization: `Bearer ${dir.token}` } })).json()) as { Resources: { id: string; members?: unknown[] }[] };
      listMs = performance.now() - t0;
      const listed = page.Resources.find((g) => g.id === big)?.members?.length ?? 0;
      if (listed !== o.members) throw new Error(`the list shows the big group with ${listed} members, expected ${o.members}`);
    } finally {
      clearInterval(sampler);
    }
    rssMaxMb = Math.max(rssMaxMb, rssMb(pid));
    if (members !== o.members) throw new Error(`the big group lists ${members} members, expected ${o.members}`);
    await client.close();
    const sync = build.find((r) => r.phase === 'sync');
    const push = build.find((r) => r.phase === 'members');
    return {
      members: o.members,
      buildUsersPerSecond: sync?.jobsPerSecond ?? 0,
      buildMemberPatchesPerSecond: push?.jobsPerSecond ?? 0,
      rows,
      fullRead: { ms, bytes, members, listMs, rssBeforeMb, rssMaxMb },
    };
  } finally {
    await stopProcess(server.child);
    await runSql(o.pgUrl, `drop database if exists ${dbName} with (force)`).catch(() => {});
  }
}

export function bigGroupTable(r: BigGroupResult): string {
  const lines = [
    `Built through SCIM: ${r.members} users at ${r.buildUsersPerSecond.toFixed(0)}/s, then ${Math.ceil(r.members / 100)} PATCHes of 100 members into the one group at ${r.buildMemberPatchesPerSecond.toFixed(0)}/s.`,
    '',
    '| one request at a time | group of 100: median / p99 ms | group of ' + r.members + ': median / p99 ms | big ÷ small (median) |',
    '| --- | --- | --- | --- |',
    ...r.rows.map((row) => `| ${row.measure} | ${row.small} | ${row.big} | ${row.ratio} |`),
    '',
    `GET /Groups/{id} with all ${r.fullRead.members} members: ${r.fullRead.ms.map((m) => m.toFixed(0)).join(', ')} ms, ${(r.fullRead.bytes / 1e6).toFixed(1)} MB of JSON; then GET /Groups?startIndex=1&count=100 with members (the big group among them): ${r.fullRead.listMs.toFixed(0)} ms. Server RSS ${r.fullRead.rssBeforeMb.toFixed(0)} MB before, at most ${r.fullRead.rssMaxMb.toFixed(0)} MB during.`,
  ];
  return lines.join('\n');
}
