// The text report: one line per check, and for each failure the rule, the reason, the request and the response.
import type { CheckResult, ValidationReport } from './check.ts';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

function indent(text: string, pad: string): string {
  return text.split('\n').join(`\n${pad}`);
}

/** One check's lines; a failure gets the evidence beneath it. */
export function formatResult(r: CheckResult): string {
  const lines = [`  ${MARK[r.status]}  ${r.id.padEnd(36)} ${r.title}`];
  if (r.status === 'skip') lines.push(`        skipped: ${r.reason}`);
  if (r.status === 'fail') {
    lines.push(`        rule:     ${r.rule}`);
    lines.push(`        why:      ${r.reason}`);
    if (r.request) {
      lines.push(`        request:  ${r.request.method} ${r.request.url}`);
      if (r.request.body !== undefined) lines.push(`                  ${indent(JSON.stringify(r.request.body).slice(0, 600), '                  ')}`);
    }
    if (r.response) {
      const head = r.response.error ? `no answer: ${r.response.error}` : `${r.response.status} ${r.response.contentType || '(no content type)'}`;
      lines.push(`        response: ${head}`);
      if (r.response.body) lines.push(`                  ${r.response.body.slice(0, 600).replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  return lines.join('\n');
}

export function formatReport(report: ValidationReport): string {
  const out = [`roster validate ${report.target} (--idp ${report.idp}, objects named ${report.prefix}-*)`, ''];
  let group = '';
  for (const r of report.checks) {
    if (r.group !== group) {
      group = r.group;
      out.push(group);
    }
    out.push(formatResult(r));
  }
  const { passed, failed, skipped } = report.summary;
  const c = report.cleanup;
  const cleanup = c.kept
    ? `test objects kept (--keep): names start with ${report.prefix}`
    : `cleanup: ${c.deleted} deleted${c.left.length ? `, ${c.left.length} left: ${c.left.map((l) => `${l.resource} ${l.id} (${l.reason})`).join('; ')}` : ''}`;
  out.push('', `${passed} passed, ${failed} failed, ${skipped} skipped · ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s · ${cleanup}`);
  return out.join('\n');
}
