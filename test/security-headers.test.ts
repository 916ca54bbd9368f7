// Issue 6 §8: every answer of the app (healthz, admin, SCIM, errors, 404s, router errors) carries the API security headers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
