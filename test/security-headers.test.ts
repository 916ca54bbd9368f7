// Issue 6 §8: every answer of the app (healthz, admin, SCIM, errors, 404s, router errors) carries the API security headers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildPortal, portalIsStale } from '../scripts/build-portal.ts';
import { API_SECURITY_HEADERS } from '../src/http/security-headers.ts';
import { startTestApp, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('security headers on every answer', () => {
  let t: TestApp;
  let d: TestDirectory;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory();
  });
  after(() => t.close());

  it('sets nosniff, no-referrer and no-store on successes, errors and unknown paths of every surface', async () => {
    const answers = [
      await t.app.inject({ method: 'GET', url: '/healthz' }),
      await t.app.inject({ method: 'GET', url: '/nowhere' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/organizations', headers: { authorization: 'Bearer test-admin-key-0123456789abcdef' } }),
      await t.app.inject({ method: 'GET', url: '/api/v1/organizations' }),
      await t.app.inject({ method: 'POST', url: '/api/v1/organizations', headers: { authorization: 'Bearer test-admin-key-0123456789abcdef', 'content-type': 'application/json' }, payload: '{' }),
      await t.app.inject({ method: 'GET', url: `${d.base}/Users`, headers: { authorization: `Bearer ${d.token}` } }),
      await t.app.inject({ method: 'GET', url: `${d.base}/Users` }),
      await t.app.inject({ method: 'GET', url: `${d.base}/Nope`, headers: { authorization: `Bearer ${d.token}` } }),
      await t.app.inject({ method: 'GET', url: `${d.base}/Users/${'x'.repeat(300)}`, headers: { authorization: `Bearer ${d.token}` } }),
      await t.app.inject({ method: 'GET', url: `/api/v1/directories/${d.id}/snapshot`, headers: { authorization: 'Bearer test-admin-key-0123456789abcdef' } }),
    ];
    for (const r of answers) {
      for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) assert.equal(r.headers[name], value, `${name} on ${r.statusCode} ${r.body.slice(0, 80)}`);
    }
  });
});

// Issue 7: the Admin Portal's pages and files carry its CSP (no inline script, never framed) on top of the API headers.
describe('security headers of the Admin Portal', () => {
  let t: TestApp;

  before(async () => {
    if (await portalIsStale()) await buildPortal();
    t = await startTestApp();
  });
  after(() => t.close());

  function assertPortalHeaders(r: { statusCode: number; headers: Record<string, unknown> }, what: string): void {
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /(^|; )script-src 'self'(;|$)/, `${what}: scripts from the portal's origin only`);
    assert.match(csp, /(^|; )default-src 'self'(;|$)/, what);
    assert.match(csp, /(^|; )object-src 'none'(;|$)/, what);
    assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/, `${what}: never framed`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
    assert.equal(r.headers['x-frame-options'], 'DENY', what);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
    assert.equal(r.headers['referrer-policy'], 'no-referrer', what);
  }

  it('sets the portal CSP, nosniff and no framing on its page, its client routes and its files', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/portal/' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assertPortalHeaders(page, 'GET /portal/');
    assert.equal(page.headers['cache-control'], 'no-store');
    // The CSP forbids inline script, so the page must have none: every <script> loads a file.
    const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attrs, inline] of scripts) {
      assert.match(attrs ?? '', /\bsrc="\/portal\/assets\/[^"]+\.js"/);
      assert.equal((inline ?? '').trim(), '');
    }
    assert.doesNotMatch(page.body, /\sstyle="|\son[a-z]+="/i, 'no inline style or handler attributes');
    const script = /src="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const file = await t.app.inject({ method: 'GET', url: script });
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /^text\/javascript/);
    assert.equal(file.headers['cache-control'], 'public, max-age=31536000, immutable', 'hashed assets are cached');
    assertPortalHeaders(file, script);
    for (const url of ['/portal/directories/some-id/users', '/portal/link-problem?reason=used', '/portal/assets/missing.js', '/portal/open?token=rpl_nope']) {
      const r = await t.app.inject({ method: 'GET', url });
      assertPortalHeaders(r, `GET ${url}`);
    }
    const missing = await t.app.inject({ method: 'GET', url: '/portal/assets/missing.js' });
    assert.equal(missing.statusCode, 404, 'a missing asset is not answered with the page');
  });

  it('serves nothing outside the build folder', async () => {
    for (const url of ['/portal/..%2f..%2fpackage.json', '/portal/%2e%2e/%2e%2e/package.json', '/portal/.built-from', '/portal/assets/..%2f..%2f..%2fpackage.json']) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.doesNotMatch(r.body, /"name": "roster"|^\d{4}-\d\d-\d\dT/, url);
    }
  });
});
