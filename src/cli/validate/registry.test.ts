// The check registry and the report's pure parts: ids, --idp selection, redaction, Retry-After, text layout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKS, checksFor } from './registry.ts';
import { redact, reportExchange } from './redact.ts';
import { formatResult } from './report-format.ts';
import { retryAfterMs } from './scim-client.ts';

describe('validate registry', () => {
  it('gives every check a unique id prefixed by its group', () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const c of CHECKS) assert.ok(c.id.startsWith(`${c.group}.`), c.id);
  });

  it('runs dialect checks only for their IdP, and everything with generic', () => {
    assert.equal(checksFor('generic').length, CHECKS.length);
    assert.ok(checksFor('okta').every((c) => !c.id.startsWith('entra.')));
    assert.ok(checksFor('entra').every((c) => !c.id.startsWith('okta.')));
    assert.ok(checksFor('okta').some((c) => c.id === 'users.create') && checksFor('entra').some((c) => c.id === 'users.create'));
    assert.ok(!checksFor('okta').some((c) => c.id === 'filters.pr'));
  });

  it('narrows by --only to whole groups or single checks', () => {
    assert.deepEqual(checksFor('generic', ['paging', 'okta.deactivate']).map((c) => c.id), ['paging.list-response', 'paging.walk', 'okta.deactivate']);
    assert.deepEqual(checksFor('entra', ['okta']), []);
  });
});

describe('validate report', () => {
  it('redacts the token from URLs, request bodies and response bodies', () => {
    const r = reportExchange(
      { method: 'POST', url: 'https://x/scim?t=sekret', requestBody: '{"note":"sekret"}', status: 400, contentType: 'application/scim+json', headers: {}, text: 'echo sekret', json: undefined },
      'sekret',
    );
    assert.deepEqual(r, { request: { method: 'POST', url: 'https://x/scim?t=<redacted>', body: { note: '<redacted>' } }, response: { status: 400, contentType: 'application/scim+json', body: 'echo <redacted>' } });
    assert.equal(redact('nothing here', 'sekret'), 'nothing here');
  });

  it('reads Retry-After as seconds or a date, within the cap', () => {
    assert.equal(retryAfterMs('2', 60_000), 2000);
    assert.equal(retryAfterMs('7200', 60_000), 60_000);
    assert.equal(retryAfterMs(undefined, 60_000), 1000);
    const inFive = retryAfterMs(new Date(Date.now() + 5000).toUTCString(), 60_000);
    assert.ok(inFive > 3000 && inFive <= 5000, String(inFive));
  });

  it('lays a failure out as rule, reason, request and response', () => {
    const text = formatResult({
      id: 'users.delete', group: 'users', title: 'DELETE then 404', status: 'fail', durationMs: 3,
      rule: 'RFC 7644 §3.6', reason: 'expected 404, got 200',
      request: { method: 'GET', url: 'https://x/Users/1' },
      response: { status: 200, contentType: 'application/scim+json', body: '{"id":"1"}' },
    });
    assert.deepEqual(text.split('\n').map((l) => l.trim()), [
      'FAIL  users.delete                         DELETE then 404',
      'rule:     RFC 7644 §3.6',
      'why:      expected 404, got 200',
      'request:  GET https://x/Users/1',
      'response: 200 application/scim+json',
      '{"id":"1"}',
    ]);
  });
});
