// `roster validate`: the checks an IdP's own validation makes, run against any SCIM 2.0 server.
import type { Command } from 'commander';
import { IDPS, type Idp } from './validate/check.ts';
import { formatReport } from './validate/report-format.ts';
import { runValidation } from './validate/run-validation.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate <scimBaseUrl>')
    .description('check a SCIM 2.0 server the way Okta and Entra validate one (creates test objects, then deletes them)')
    .option('--token <token>', 'bearer token of the SCIM endpoint (default: $SCIM_TOKEN)', process.env.SCIM_TOKEN)
    .option('--idp <idp>', `whose checks to run: ${IDPS.join(', ')} (generic = both dialects plus RFC-only checks)`, 'generic')
    .option('--json', 'print the report as JSON')
    .option('--keep', 'keep the test objects instead of deleting them')
    .option('--only <ids...>', 'run only these checks or groups (e.g. users okta.deactivate)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', (v) => Number.parseInt(v, 10), 30_000)
    .action(async (baseUrl: string, opts: { token?: string; idp: string; json?: boolean; keep?: boolean; only?: string[]; timeout: number }) => {
      if (!opts.token) throw new Error('Give the SCIM bearer token with --token or SCIM_TOKEN');
      if (!(IDPS as readonly string[]).includes(opts.idp)) throw new Error(`--idp must be one of ${IDPS.join(', ')}`);
      const json = opts.json || program.opts<{ json?: boolean }>().json;
      const report = await runValidation({
        baseUrl,
        token: opts.token,
        idp: opts.idp as Idp,
        keep: opts.keep ?? false,
        timeoutMs: opts.timeout,
        ...(opts.only ? { only: opts.only } : {}),
      });
      process.stdout.write(`${json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
      if (report.summary.failed > 0) process.exitCode = 1;
    });
}
