// Issue 7: Admin Portal links open once, expire, and become a session cookie scoped to one organization.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('Admin Portal links and sessions', () => {
  let t: TestApp;
  let dir: TestDirectory;
  let clock = new Date();
  const now = () => clock;

  before(async () => {
    t = await startTestApp({}, { now });
    dir = await t.createDirectory('okta');
  });
  after(() => t.close());

  async function link(intent = 'setup', extra: Record<string, unknown> = {}): Promise<{ url: string; token: string; body: any }> {
    const r = await t.admin('POST', `/organizations/${dir.organizationId}/portal-links`, { intent, ...extra });
    assert.equal(r.status, 201, r.text);
    const url = new URL(r.body.url);
    return { url: `${url.pathname}${url.search}`, token: url.searchParams.get('token') ?? '', body: r.body };
  }

  async function open(url: string) {
    return t.app.inject({ method: 'GET', url });
  }

  function cookieOf(res: { headers: Record<string, unknown> }): string {
    const header = String(res.headers['set-cookie'] ?? '');
    return header.split(';')[0] ?? '';
  }

  it('answers a link that expires in 5 minutes by default, for that organization', async () => {
    const { body } = await link();
    assert.equal(body.object, 'portal_link');
    assert.equal(body.organizationId, dir.organizationId);
    assert.equal(body.intent, 'setup');
    assert.match(body.url, /^http:\/\/roster\.test\/portal\/open\?token=rpl_[A-Za-z0-9_-]{43}$/);
    assert.equal(new Date(body.expiresAt).getTime() - clock.getTime(), 300_000);
  });

  it('opens once: sets an HttpOnly, SameSite=Strict, expiring session cookie and redirects into the portal', async () => {
    const { url } = await link();
    const res = await open(url);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/portal/setup');
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^roster_portal=rps_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800; Expires=/);
    assert.doesNotMatch(cookie, /Secure/, 'plain http (ROSTER_PUBLIC_URL http://) has no Secure cookie: browsers would drop it');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/portal/session', headers: { cookie: cookieOf(res) } });
    assert.equal(me.statusCode, 200);
    assert.equal(JSON.parse(me.body).organization.id, dir.organizationId);
    const again = await open(url);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/portal/link-problem?reason=used');
    assert.equal(again.headers['set-cookie'], undefined);
  });

  it('explains an expired link and a tampered one, and sets no cookie', async () => {
    const { url, token } = await link('manage', { expiresIn: 60 });
    clock = new Date(clock.getTime() + 61_000);
    const expired = await open(url);
    assert.equal(expired.headers.location, '/portal/link-problem?reason=expired');
    const tampered = await open(`/portal/open?token=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    assert.equal(tampered.headers.location, '/portal/link-problem?reason=invalid');
    for (const res of [expired, tampered, await open('/portal/open'), await open('/portal/open?token=%00')]) {
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers['set-cookie'], undefined);
    }
    clock = new Date();
  });

  it('refuses to open links for a while after repeated bad ones from one address, even a good one', async () => {
    const guarded = await startTestApp({ ROSTER_AUTH_MAX_FAILURES: '3' });
    try {
      const org = (await guarded.admin('POST', '/organizations', { name: 'Guarded' })).body.id;
      const good = new URL((await guarded.admin('POST', `/organizations/${org}/portal-links`, { intent: 'setup' })).body.url);
      for (let i = 0; i < 3; i++) {
        const bad = await guarded.app.inject({ method: 'GET', url: `/portal/open?token=rpl_${'x'.repeat(43)}` });
        assert.equal(bad.headers.location, '/portal/link-problem?reason=invalid');
      }
      const refused = await guarded.app.inject({ method: 'GET', url: `${good.pathname}${good.search}` });
      assert.equal(refused.headers.location, '/portal/link-problem?reason=too-many');
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.equal(refused.headers['set-cookie'], undefined);
    } finally {
      await guarded.close();
    }
  });

  it('marks the cookie Secure when served over TLS', async () => {
    const tls = await startTestApp({ ROSTER_PUBLIC_URL: 'https://roster.example.com' });
    try {
      const org = (await tls.admin('POST', '/organizations', { name: 'TLS' })).body.id;
      const url = new URL((await tls.admin('POST', `/organizations/${org}/portal-links`, { intent: 'manage' })).body.url);
      assert.equal(url.origin, 'https://roster.example.com');
      const res = await tls.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      assert.equal(res.headers.location, '/portal/');
      assert.match(String(res.headers['set-cookie']), /; Secure$/);
    } finally {
      await tls.close();
    }
  });

  it('refuses bad input: unknown intent, expiresIn out of range, unknown organization', async () => {
    const bad = await t.admin('POST', `/organizations/${dir.organizationId}/portal-links`, { intent: 'everything' });
    assert.equal(bad.status, 400);
    const long = await t.admin('POST', `/organizations/${dir.organizationId}/portal-links`, { intent: 'setup', expiresIn: 9_999_999 });
    assert.equal(long.status, 400);
    const none = await t.admin('POST', '/organizations/01a20000-0000-7000-8000-000000000000/portal-links', { intent: 'setup' });
    assert.equal(none.status, 404);
  });

  it('lets a session work its own organization like a bound key, with the CSRF header, and audits it as the portal', async () => {
    const session = cookieOf(await open((await link()).url));
    const as = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: method as 'GET', url: `/api/v1${path}`, headers: { cookie: session, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { payload: JSON.stringify(body) } : {}) });
    await dir.scim('POST', '/Users', userBody('ada@acme.test'));
    const users = await as('GET', `/directories/${dir.id}/users`);
    assert.equal(users.statusCode, 200);
    assert.equal(JSON.parse(users.body).data[0].userName, 'ada@acme.test');
    const noHeader = await as('PATCH', `/directories/${dir.id}`, { deprovisionRule: 'delete' });
    assert.equal(noHeader.statusCode, 403);
    assert.match(JSON.parse(noHeader.body).error.message, /X-Roster-Portal: 1/);
    const changed = await as('PATCH', `/directories/${dir.id}`, { deprovisionRule: 'delete' }, { 'x-roster-portal': '1' });
    assert.equal(changed.statusCode, 200, changed.body);
    for (const [method, path, body] of [
      ['POST', '/organizations', { name: 'Mine now' }],
      ['GET', '/organizations'],
      ['GET', '/admin-keys'],
      ['POST', '/admin-keys', { name: 'k', scope: 'full' }],
      ['GET', '/audit-log'],
      ['POST', `/organizations/${dir.organizationId}/portal-links`, { intent: 'setup' }],
      ['GET', `/organizations/${dir.organizationId}/portal-sessions`],
      // The app developer's, not the customer's: the organization itself, webhooks, the directory's deletion.
      ['PATCH', `/organizations/${dir.organizationId}`, { domains: ['evil.test'] }],
      ['GET', '/webhooks'],
      ['POST', '/webhooks', { url: 'https://evil.test/hook' }],
      ['DELETE', `/directories/${dir.id}`],
    ] as const) {
      const r = await as(method, path, body, { 'x-roster-portal': '1' });
      assert.equal(r.statusCode, 403, `${method} ${path}: ${r.body}`);
    }
    const audit = await t.admin('GET', '/audit-log?limit=100');
    const entry = audit.body.data.find((e: any) => e.action.method === 'PATCH' && e.action.objectId === dir.id && e.status === 200);
    assert.ok(entry, 'the change is audited');
    assert.equal(entry.actor.keyName, 'portal session (setup link)');
    assert.equal(entry.actor.organizationId, dir.organizationId);
  });

  it('ends a session: by the admin key (listed first) or by signing out, and then it opens nothing', async () => {
    const first = cookieOf(await open((await link()).url));
    const second = cookieOf(await open((await link('manage')).url));
    const list = await t.admin('GET', `/organizations/${dir.organizationId}/portal-sessions`);
    assert.equal(list.status, 200);
    assert.ok(list.body.data.length >= 2);
    assert.ok(!list.text.includes(first.split('=')[1] ?? 'x'), 'the list holds no session secret');
    const me = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/v1/portal/session', headers: { cookie: first } })).body);
    const revoked = await t.admin('DELETE', `/organizations/${dir.organizationId}/portal-sessions/${me.id}`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.active, false);
    const refused = await t.app.inject({ method: 'GET', url: `/api/v1/directories/${dir.id}`, headers: { cookie: first } });
    assert.equal(refused.statusCode, 401);
    assert.match(JSON.parse(refused.body).error.hint, /new portal link/);
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/portal/session', headers: { cookie: second, 'x-roster-portal': '1' } });
    assert.equal(out.statusCode, 200);
    assert.match(String(out.headers['set-cookie']), /^roster_portal=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/directories/${dir.id}`, headers: { cookie: second } })).statusCode, 401);
  });

  it('expires a session after its lifetime', async () => {
    const session = cookieOf(await open((await link()).url));
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/directories/${dir.id}`, headers: { cookie: session } })).statusCode, 200);
    clock = new Date(clock.getTime() + 8 * 3600_000 + 1000);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/directories/${dir.id}`, headers: { cookie: session } })).statusCode, 401);
    clock = new Date();
  });

  it('deletes links and sessions 30 days after they stopped working, when a new link is made', async () => {
    const session = cookieOf(await open((await link()).url));
    const count = async () => {
      const db = t.db.store.db.withTables<{ portal_links: { id: string }; portal_sessions: { id: string } }>();
      return [(await db.selectFrom('portal_links').select('id').execute()).length, (await db.selectFrom('portal_sessions').select('id').execute()).length];
    };
    const [links, sessions] = await count();
    assert.ok((links ?? 0) > 1 && (sessions ?? 0) > 1);
    clock = new Date(clock.getTime() + 31 * 86400_000);
    await link();
    assert.deepEqual(await count(), [1, 0], 'only the new link is left');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/directories/${dir.id}`, headers: { cookie: session } })).statusCode, 401);
    clock = new Date();
  });

  it('stores link tokens and session secrets only as SHA-256 hashes', async () => {
    const { token } = await link();
    const res = await open(`/portal/open?token=${token}`);
    const session = cookieOf(res).split('=')[1] ?? '';
    const db = t.db.store.db.withTables<{ portal_links: { token_hash: string }; portal_sessions: { session_hash: string } }>();
    const stored = JSON.stringify([await db.selectFrom('portal_links').select('token_hash').execute(), await db.selectFrom('portal_sessions').select('session_hash').execute()]);
    assert.ok(!stored.includes(token) && !stored.includes(session));
    assert.match(stored, /[0-9a-f]{64}/);
  });
});
