// Issue 9: each defect of a deliberately broken SCIM server is reported by the check that targets it, under
// the rule it breaks, with the request and response, and nothing else fails.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { checksFor } from '../../src/cli/validate/registry.ts';
import { formatReport } from '../../src/cli/validate/report-format.ts';
import { runValidation } from '../../src/cli/validate/run-validation.ts';
import { DEFECTS, startBrokenServer, type Defect } from './broken-scim-server.ts';

const PATCH_CHECKS = ['okta.deactivate', 'okta.group-push', 'okta.group-rename', 'okta.group-replace-members', 'entra.active-string', 'entra.patch-attributes', 'entra.patch-pathless', 'entra.add-filtered-email', 'entra.group-members', 'entra.group-rename'];

const EXPECTED: Record<Defect, { checks: string[]; rule: RegExp; reason?: RegExp }> = {
  'wrong-totals': { checks: ['paging.list-response', 'paging.walk'], rule: /RFC 7644 §3\.4\.2/, reason: /totalResults/ },
  'patch-ignored': { checks: PATCH_CHECKS, rule: /PATCH|RFC 7644 §3\.5\.2/ },
  '500-instead-of-404': { checks: ['users.delete', 'groups.delete', 'errors.unknown-id', 'errors.unknown-id-writes'], rule: /404/, reason: /expected 404, got 500/ },
  'errors-without-schemas': {
    checks: ['users.duplicate-username', 'users.missing-username', 'filters.invalid', 'errors.unknown-id', 'errors.unknown-id-writes', 'errors.bad-token', 'errors.malformed-json'],
    rule: /^RFC 7644 §3\.12: an error body has the Error schema/,
    reason: /without urn:ietf:params:scim:api:messages:2\.0:Error/,
  },
  'case-sensitive-username-filter': { checks: ['filters.username-case-insensitive'], rule: /RFC 7643 §4\.1\.1: userName is caseExact false/ },
  'duplicate-create-allowed': { checks: ['users.duplicate-username', 'users.duplicate-username-case'], rule: /409|uniqueness/, reason: /expected 409, got 201/ },
};

describe('roster validate against a broken SCIM server', () => {
  it('passes everything on the server without defects, waiting out 429 Retry-After answers', async () => {
    const server = await startBrokenServer({ throttleEvery: 25 });
    try {
      const report = await runValidation({ baseUrl: server.baseUrl, token: server.token, idp: 'generic' });
      assert.equal(report.summary.failed, 0, formatReport(report));
      // The server advertises neither bulk nor etag nor sort, so those checks step aside and say why.
      assert.deepEqual(report.checks.filter((c) => c.status === 'skip').map((c) => `${c.id}: ${c.reason}`), [
        'discovery.bulk-works: bulk is not advertised',
        'discovery.etag-works: etag is not advertised',
        'discovery.sort-works: sort is not advertised',
      ]);
      assert.ok(server.throttled >= 5, `only ${server.throttled} requests were throttled`);
      assert.equal(server.users.size + server.groups.size, 0, 'cleanup left objects behind');
    } finally {
      await server.close();
    }
  });

  for (const defect of DEFECTS) {
    it(`reports "${defect}" through the checks that target it, and only those`, async () => {
      const server = await startBrokenServer({ defects: [defect] });
      try {
        const report = await runValidation({ baseUrl: server.baseUrl, token: server.token, idp: 'generic' });
        const expected = EXPECTED[defect];
        const failed = report.checks.filter((c) => c.status === 'fail');
        assert.deepEqual(failed.map((c) => c.id).sort(), [...expected.checks].sort(), formatReport(report));
        for (const f of failed) {
          assert.match(f.rule ?? '', expected.rule, `${f.id}: ${f.rule}`);
          if (expected.reason) assert.match(f.reason ?? '', expected.reason, `${f.id}: ${f.reason}`);
          assert.ok(f.request?.method && f.request.url.startsWith(server.baseUrl), `${f.id} has no request`);
          assert.ok(f.response && f.response.status > 0, `${f.id} has no response`);
        }
        assert.ok(!JSON.stringify(report).includes(server.token), 'the token appears in the report');
        // The run cleans up after itself even when checks fail.
        assert.deepEqual(report.cleanup.left, []);
        assert.equal(server.users.size + server.groups.size, 0, 'cleanup left objects behind');
      } finally {
        await server.close();
      }
    });
  }

  it('narrows the run by --idp: okta runs no Entra check, entra no Okta check, and neither the RFC-only ones', async () => {
    const server = await startBrokenServer({ defects: ['patch-ignored'] });
    try {
      const okta = await runValidation({ baseUrl: server.baseUrl, token: server.token, idp: 'okta' });
      assert.ok(okta.checks.every((c) => !c.id.startsWith('entra.')) && okta.checks.some((c) => c.id.startsWith('okta.')));
      assert.deepEqual(okta.checks.filter((c) => c.status === 'fail').map((c) => c.id), PATCH_CHECKS.filter((id) => id.startsWith('okta.')));
      const entra = await runValidation({ baseUrl: server.baseUrl, token: server.token, idp: 'entra' });
      assert.deepEqual(entra.checks.filter((c) => c.status === 'fail').map((c) => c.id), PATCH_CHECKS.filter((id) => id.startsWith('entra.')));
      for (const id of ['filters.pr', 'errors.unknown-id-writes', 'discovery.bulk-works']) {
        assert.ok(!checksFor('okta').some((c) => c.id === id) && !checksFor('entra').some((c) => c.id === id) && checksFor('generic').some((c) => c.id === id), id);
      }
    } finally {
      await server.close();
    }
  });

  it('fails a check whose request gets no answer within the timeout, and goes on', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const report = await runValidation({ baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/scim/v2`, token: 't', idp: 'generic', timeoutMs: 300, only: ['discovery.service-provider-config', 'users.create'] });
      assert.ok(Date.now() - started < 10_000);
      assert.deepEqual(report.checks.map((c) => c.status), ['fail', 'fail']);
      assert.match(report.checks[0]?.response?.error ?? '', /no answer within 300 ms/);
    } finally {
      silent.close();
    }
  });
});
