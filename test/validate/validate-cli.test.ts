// Issue 9: the `roster validate` command: --json prints the documented report shape, the exit code says
// whether anything failed, the text report shows each failure's evidence, and the token never appears.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startBrokenServer } from './broken-scim-server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function roster(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/roster.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const isInt = (v: unknown) => Number.isInteger(v);

describe('roster validate (command line)', () => {
  it('--json prints the documented shape and exits 1 when a check fails', async () => {
    const server = await startBrokenServer({ defects: ['case-sensitive-username-filter'] });
    try {
      const run = await roster(['validate', server.baseUrl, '--token', server.token, '--idp', 'okta', '--json']);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(!run.stdout.includes(server.token) && !run.stderr.includes(server.token), 'the token was printed');
      const report = JSON.parse(run.stdout);
      assert.deepEqual(Object.keys(report).sort(), ['checks', 'cleanup', 'durationMs', 'idp', 'prefix', 'requests', 'startedAt', 'summary', 'target']);
      assert.equal(report.target, server.baseUrl);
      assert.equal(report.idp, 'okta');
      assert.match(report.prefix, /^roster-validate-[0-9a-f]{8}$/);
      assert.ok(!Number.isNaN(Date.parse(report.startedAt)) && isInt(report.durationMs) && isInt(report.requests));
      assert.deepEqual(report.cleanup, { kept: false, deleted: report.cleanup.deleted, left: [] });
      assert.ok(report.cleanup.deleted > 0);
      const { passed, failed, skipped } = report.summary;
      assert.deepEqual([failed, passed + failed + skipped], [1, report.checks.length]);
      for (const c of report.checks) {
        assert.ok(typeof c.id === 'string' && typeof c.group === 'string' && typeof c.title === 'string' && isInt(c.durationMs), JSON.stringify(c));
        assert.ok(['pass', 'fail', 'skip'].includes(c.status));
      }
      const failure = report.checks.find((c: { status: string }) => c.status === 'fail');
      assert.equal(failure.id, 'filters.username-case-insensitive');
      assert.equal(failure.group, 'filters');
      assert.match(failure.rule, /RFC 7643 §4\.1\.1/);
      assert.equal(failure.request.method, 'GET');
      assert.match(decodeURIComponent(failure.request.url), /filter=userName eq "ROSTER-VALIDATE-/);
      assert.deepEqual(Object.keys(failure.response).sort(), ['body', 'contentType', 'status']);
      assert.equal(failure.response.status, 200);
      assert.match(failure.response.body, /"totalResults":0/);
    } finally {
      await server.close();
    }
  });

  it('prints a readable report with the failed request and response, and exits 0 when all pass', async () => {
    const broken = await startBrokenServer({ defects: ['duplicate-create-allowed'] });
    try {
      const run = await roster(['validate', broken.baseUrl, '--token', broken.token, '--only', 'users']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /FAIL {2}users\.duplicate-username +/);
      assert.match(run.stdout, /rule: +RFC 7644 §3\.3: a duplicate userName answers 409/);
      assert.match(run.stdout, /request: +POST http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\n +\{"schemas":/);
      assert.match(run.stdout, /response: 201 application\/scim\+json/);
      assert.match(run.stdout, /\n8 passed, 2 failed, 0 skipped · \d+ requests in [\d.]+ s · cleanup: \d+ deleted\n$/);
    } finally {
      await broken.close();
    }
    const fine = await startBrokenServer();
    try {
      const run = await roster(['validate', fine.baseUrl, '--token', fine.token, '--idp', 'entra', '--only', 'entra']);
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /\n9 passed, 0 failed, 0 skipped/);
    } finally {
      await fine.close();
    }
  });

  it('refuses an unknown --idp and a missing token', async () => {
    const idp = await roster(['validate', 'http://127.0.0.1:1/scim/v2', '--token', 't', '--idp', 'onelogin']);
    assert.equal(idp.code, 1);
    assert.match(idp.stderr, /--idp must be one of okta, entra, generic/);
    const token = await roster(['validate', 'http://127.0.0.1:1/scim/v2']);
    assert.equal(token.code, 1);
    assert.match(token.stderr, /--token/);
  });
});
