// Issue 6 §6: PostgreSQL goes away in the middle of an IdP sync (a TCP proxy cut, the shared server untouched).
// Roster answers 503 with Retry-After within a bounded time, /healthz says unavailable, it recovers by itself
// when the network comes back, and no acknowledged write is lost. PostgreSQL only: PGlite lives in the process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { ensureAdminKey } from '../../src/directory/admin-keys.ts';
import { buildApp } from '../../src/http/app.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { openTestStore, testStoreKind, type TestStore } from '../helpers/test-store.ts';

const ADMIN_KEY = 'outage-test-admin-key-0123456789';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const OUTAGE_MS = 3000;
// No answer may take longer than this, outage or not: the pool's connect timeout is 1 s here.
const MAX_ANSWER_MS = 5000;

interface Outcome {
  userName: string;
  status: number;
  ms: number;
  retryAfter?: string;
  phase: 'before' | 'outage' | 'after';
}

describe('database outage (postgres)', { skip: testStoreKind() !== 'postgres' ? 'PostgreSQL only: run with ROSTER_TEST_STORE=postgres' : false, timeout: 120_000 }, () => {
  let direct: TestStore;
  let proxy: TcpProxy;
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    direct = await openTestStore('postgres');
    const url = new URL(direct.databaseUrl as string);
    proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    store = await openStore({ databaseUrl: url.toString(), poolSize: 5, connectTimeoutMs: 1000 });
    await ensureAdminKey(store.db, ADMIN_KEY);
    const config = loadConfig({ ROSTER_ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'silent', ROSTER_PUBLIC_URL: 'http://roster.test' });
    app = await buildApp(config, { store, logger: false });
  });
  after(async () => {
    await app?.close();
    await proxy?.close();
    await direct?.dispose();
  });

  it('answers 503 + Retry-After during the outage, recovers alone, and keeps every acknowledged write', async () => {
    const admin = async (path: string, body: unknown) =>
      JSON.parse((await app.inject({ method: 'POST', url: `/api/v1${path}`, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) })).body);
    const org = await admin('/organizations', { name: 'Outage' });
    const dir = await admin(`/organizations/${org.id}/directories`, { name: 'okta', provider: 'okta' });
    // 503s come back in milliseconds and the workers do not wait: keep the per-directory rate limit out of the way.
    await app.inject({ method: 'PATCH', url: `/api/v1/directories/${dir.id}`, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, payload: JSON.stringify({ rateLimitPerSecond: 100000, rateLimitBurst: 1000000 }) });
    const outcomes: Outcome[] = [];
    let phase: Outcome['phase'] = 'before';
    let next = 0;
    let stop = false;
    const create = async (userName: string): Promise<Outcome> => {
      const started = Date.now();
      const r = await app.inject({
        method: 'POST',
        url: `/scim/v2/${dir.id}/Users`,
        headers: { authorization: `Bearer ${dir.bearerToken}`, 'content-type': 'application/scim+json' },
        payload: JSON.stringify({ schemas: [USER], userName, name: { givenName: 'O', familyName: userName } }),
      });
      const retryAfter = r.headers['retry-after'];
      return { userName, status: r.statusCode, ms: Date.now() - started, phase, ...(retryAfter !== undefined ? { retryAfter: String(retryAfter) } : {}) };
    };
    const worker = async () => {
      while (!stop) {
        const o = await create(`outage${next++}@acme.test`);
        outcomes.push(o);
        // An IdP pauses after a 503 (less than Retry-After here, to keep the test short).
        if (o.status === 503) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const workers = Array.from({ length: 6 }, worker);

    await new Promise((r) => setTimeout(r, 500));
    await proxy.cut();
    phase = 'outage';
    const cutAt = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 503);
    assert.equal(JSON.parse(health.body).status, 'unavailable');
    assert.ok(health.headers['retry-after']);
    await new Promise((r) => setTimeout(r, OUTAGE_MS - (Date.now() - cutAt)));
    await proxy.restore();
    phase = 'after';
    const restoredAt = Date.now();
    // Recovery is Roster's job alone: the test only waits for a create to succeed again.
    while (!outcomes.some((o) => o.phase === 'after' && o.status === 201)) {
      assert.ok(Date.now() - restoredAt < 20_000, 'Roster did not recover within 20 s of the network coming back');
      await new Promise((r) => setTimeout(r, 20));
    }
    const recoveredMs = Date.now() - restoredAt;
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(workers);
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);

    const during = outcomes.filter((o) => o.phase === 'outage');
    assert.ok(during.length >= 5, `${during.length} requests during the outage`);
    for (const o of outcomes) {
      assert.ok([201, 503].includes(o.status), `${o.userName} (${o.phase}): ${o.status}`);
      assert.ok(o.ms < MAX_ANSWER_MS, `${o.userName} (${o.phase}) took ${o.ms} ms`);
      if (o.status === 503) assert.equal(o.retryAfter, '5');
    }
    assert.ok(during.filter((o) => o.status === 503).length >= during.length - 6, 'the outage was answered 503 (a few in flight at the cut may have committed first)');

    // Every acknowledged write is in the database, read without the proxy.
    const acked = outcomes.filter((o) => o.status === 201).map((o) => o.userName);
    const rows = await direct.store.db.selectFrom('users').select('user_name').where('directory_id', '=', dir.id).execute();
    const stored = new Set(rows.map((r) => r.user_name));
    const lost = acked.filter((u) => !stored.has(u));
    assert.deepEqual(lost, [], 'acknowledged writes lost');
    // The IdP retries what it saw fail: each retry creates the user or finds it already there, never a duplicate.
    for (const o of outcomes.filter((x) => x.status !== 201)) assert.ok([201, 409].includes((await create(o.userName)).status));
    const final = await direct.store.db.selectFrom('users').select('user_name').where('directory_id', '=', dir.id).execute();
    assert.equal(final.length, outcomes.length);
    assert.equal(new Set(final.map((r) => r.user_name)).size, final.length);
    const events = await direct.store.db.selectFrom('events').select('object_id').where('type', '=', 'user.created').where('directory_id', '=', dir.id).execute();
    assert.equal(events.length, final.length, 'one user.created per user');
    const maxMs = Math.max(...during.map((o) => o.ms));
    process.stdout.write(
      `# database-outage: ${OUTAGE_MS} ms outage, ${during.length} requests during it (${during.filter((o) => o.status === 503).length} answered 503, slowest ${maxMs} ms), ` +
        `recovered ${recoveredMs} ms after the network came back, ${acked.length} acknowledged writes, 0 lost\n`,
    );
  });
});
