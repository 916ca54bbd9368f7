// Runs the selected checks one after another against a SCIM base URL, then removes what they created.
import { randomBytes } from 'node:crypto';
import { CheckFailure, CheckSkipped, type CheckResult, type CleanupReport, type Idp, type ValidationReport } from './check.ts';
import { CheckContext, Tracker } from './check-context.ts';
import { answered } from './expect.ts';
import { checksFor } from './registry.ts';
import { redact, reportExchange } from './redact.ts';
import { ScimClient } from './scim-client.ts';

export interface ValidateOptions {
  baseUrl: string;
  token: string;
  idp: Idp;
  /** Leave the test objects in place (to inspect them); otherwise they are deleted even after failures. */
  keep?: boolean;
  timeoutMs?: number;
  /** Run only these check ids or groups (`users`, `okta.deactivate`). */
  only?: readonly string[];
  /** Called after each check, for progress lines. */
  onResult?: (result: CheckResult) => void;
}

/** The run's unique prefix: every user and group it makes is named `roster-validate-<hex>-…`. */
export function newPrefix(): string {
  return `roster-validate-${randomBytes(4).toString('hex')}`;
}

export async function runValidation(opts: ValidateOptions): Promise<ValidationReport> {
  const started = Date.now();
  const client = new ScimClient({ baseUrl: opts.baseUrl, token: opts.token, timeoutMs: opts.timeoutMs ?? 30_000 });
  const tracker = new Tracker();
  const ctx = new CheckContext(client, newPrefix(), opts.idp, tracker);
  const results: CheckResult[] = [];
  let cleanup: CleanupReport = { kept: true, deleted: 0, left: [] };
  try {
    for (const c of checksFor(opts.idp, opts.only)) {
      const t0 = Date.now();
      const base = { id: c.id, group: c.group, title: c.title };
      let result: CheckResult;
      try {
        await c.run(ctx);
        result = { ...base, status: 'pass', durationMs: Date.now() - t0 };
      } catch (error) {
        const durationMs = Date.now() - t0;
        if (error instanceof CheckFailure) {
          result = { ...base, status: 'fail', durationMs, rule: error.rule, reason: redact(error.reason, opts.token), ...(error.exchange ? reportExchange(error.exchange, opts.token) : {}) };
        } else if (error instanceof CheckSkipped) {
          result = { ...base, status: 'skip', durationMs, reason: redact(error.message, opts.token) };
        } else {
          // A bug in the check or an answer it could not read is still the server's answer to report, not a crash.
          result = { ...base, status: 'fail', durationMs, rule: 'the check could not complete', reason: redact(error instanceof Error ? error.message : String(error), opts.token) };
        }
      }
      results.push(result);
      opts.onResult?.(result);
    }
  } finally {
    if (!opts.keep) cleanup = await cleanUp(ctx, opts.token);
    await client.close();
  }
  return {
    target: opts.baseUrl,
    idp: opts.idp,
    prefix: ctx.prefix,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: client.requests,
    summary: {
      passed: results.filter((r) => r.status === 'pass').length,
      failed: results.filter((r) => r.status === 'fail').length,
      skipped: results.filter((r) => r.status === 'skip').length,
    },
    checks: results,
    cleanup,
  };
}

/** Groups first, so no membership points at a user being deleted; a 404 means already gone. */
async function cleanUp(ctx: CheckContext, token: string): Promise<CleanupReport> {
  const report: CleanupReport = { kept: false, deleted: 0, left: [] };
  for (const [resource, ids] of [
    ['Group', ctx.tracker.groups],
    ['User', ctx.tracker.users],
  ] as const) {
    for (const id of ids) {
      const e = await ctx.call('DELETE', `/${resource}s/${encodeURIComponent(id)}`);
      if (e.status === 204 || e.status === 200) report.deleted++;
      else if (e.status !== 404) report.left.push({ resource, id, reason: redact(`DELETE answered ${answered(e)}`, token) });
    }
  }
  return report;
}
