// `roster simulate`: an identity provider's initial sync against any SCIM server, to load-test a setup.
import type { Command } from 'commander';
import { PROFILES, type IdpName } from './simulate/idp-profiles.ts';
import { runSimulation, type PhaseReport } from './simulate/run-simulation.ts';

const n = (v: string) => Number.parseInt(v, 10);

/** A compact table of what an operator needs: throughput, tail latency, errors, wrong answers. */
export function formatReports(reports: PhaseReport[]): string {
  const lines = ['phase        op            ops/s    p50 ms   p99 ms   errors  wrong'];
  for (const r of reports) {
    for (const [op, s] of Object.entries(r.ops)) {
      lines.push(
        `${r.phase.padEnd(12)} ${op.padEnd(12)} ${s.perSecond.toFixed(1).padStart(7)} ${s.p50.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(8)} ${String(s.errors).padStart(8)} ${String(s.anomalies).padStart(6)}`,
      );
      for (const sample of s.samples) lines.push(`    ! ${sample}`);
    }
  }
  return lines.join('\n');
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate <scimBaseUrl> <token>')
    .description("load-test a SCIM endpoint the way an IdP's initial sync does (any SCIM 2.0 server)")
    .option('--idp <idp>', `request shapes: ${Object.keys(PROFILES).join(', ')}`, 'okta')
    .option('--users <n>', 'users to provision', n, 1000)
    .option('--groups <n>', 'groups to push', n, 20)
    .option('--concurrency <n>', 'requests in flight', n, 16)
    .option('--reads <n>', 'userName lookups after the sync (up to 1,000 of them again one at a time, for latency without queueing)', n, 1000)
    .option('--pages <n>', 'pages read after the sync', n, 100)
    .option('--page-size <n>', 'users per page', n, 100)
    .option('--no-retry', 'count 429 answers as errors instead of waiting Retry-After and sending again (as IdPs do)')
    .option('--json', 'print the reports as JSON')
    .action(async (baseUrl: string, token: string, opts: { idp: string; users: number; groups: number; concurrency: number; reads: number; pages: number; pageSize: number; retry: boolean; json?: boolean }) => {
      if (!(opts.idp in PROFILES)) throw new Error(`--idp must be one of ${Object.keys(PROFILES).join(', ')}`);
      const reports = await runSimulation({
        baseUrl,
        token,
        idp: opts.idp as IdpName,
        users: opts.users,
        groups: opts.groups,
        concurrency: opts.concurrency,
        reads: opts.reads,
        pages: opts.pages,
        pageSize: opts.pageSize,
        honourRetryAfter: opts.retry,
        log: opts.json ? undefined : (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(`${opts.json ? JSON.stringify(reports, null, 2) : formatReports(reports)}\n`);
    });
}
