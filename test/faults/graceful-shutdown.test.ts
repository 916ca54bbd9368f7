// Issue 6 §7: SIGTERM drains. A request still uploading and a webhook delivery still waiting for its
// receiver both finish before `npm start` exits 0; a request that never ends is cut at the shutdown timeout.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/db.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { openTestStore, testStoreKind, type TestStore } from '../helpers/test-store.ts';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.ts';

const ADMIN_KEY = 'shutdown-test-admin-key-0123456789';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function startServer(env: Record<string, string>): Promise<ServerProcess> {
  return startServerProcess(ADMIN_KEY, { ROSTER_WEBHOOK_POLL_MS: '50', ...env });
}

/** Sends the headers and the first half of a body, and returns a function that sends the rest and reads the answer. */
function startUpload(url: string, route: string, token: string, body: string): { finish: () => Promise<{ status: number; body: string }> } {
  const half = Math.floor(body.length / 2);
  const req = http.request(`${url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(body) },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
  });
  // A client abandoned mid-upload sees its socket closed: not an error of the test.
  answer.catch(() => {});
  req.write(body.slice(0, half));
  return {
    finish: () => {
      req.end(body.slice(half));
      return answer;
    },
  };
}

async function post(url: string, route: string, body: unknown): Promise<Record<string, string>> {
  const r = await fetch(`${url}/api/v1${route}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await r.json()) as Record<string, string>;
}

describe(`graceful shutdown (${testStoreKind()})`, { timeout: 180_000 }, () => {
  let pgStore: TestStore | undefined;
  let dataDir: string | undefined;
  let env: Record<string, string>;
  let receiver: Receiver;

  before(async () => {
    receiver = await startReceiver();
    if (testStoreKind() === 'postgres') {
      pgStore = await openTestStore('postgres');
      await pgStore.store.close();
      env = { DATABASE_URL: pgStore.databaseUrl as string, ROSTER_SECRET_KEY: randomBytes(32).toString('base64') };
    } else {
      dataDir = mkdtempSync(path.join(tmpdir(), 'roster-shutdown-'));
      env = { ROSTER_DATA_DIR: path.join(dataDir, 'store'), DATABASE_URL: '' };
    }
  });
  after(async () => {
    await receiver.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (pgStore) await pgStore.dispose();
  });

  it('finishes an upload in flight and a webhook delivery in flight, then exits 0', async () => {
    const server = await startServer(env);
    const org = await post(server.url, '/organizations', { name: 'Shutdown' });
    const dir = await post(server.url, `/organizations/${org.id}/directories`, { name: 'd', provider: 'okta' });
    await post(server.url, '/webhooks', { url: receiver.url, organizationId: org.id });
    // The receiver holds each delivery for 1.5 s: SIGTERM lands while one is in flight.
    receiver.respond = () => ({ status: 200, delayMs: 1500 });
    const base = `/scim/v2/${dir.id}`;
    const first = await fetch(`${server.url}${base}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dir.bearerToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [USER], userName: 'first@acme.test' }),
    });
    assert.equal(first.status, 201);
    while (receiver.inFlight.size === 0) await new Promise((r) => setTimeout(r, 10));

    const upload = startUpload(server.url, `${base}/Users`, dir.bearerToken as string, JSON.stringify({ schemas: [USER], userName: 'in-flight@acme.test', title: 'x'.repeat(2000) }));
    await new Promise((r) => setTimeout(r, 100)); // the server has the headers
    const signalledAt = Date.now();
    const inFlightEvents = [...receiver.inFlight.keys()];
    assert.equal(inFlightEvents.length, 1);
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(server.child.exitCode, null, 'still draining');
    // New connections are refused while draining.
    await assert.rejects(fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) }));
    const answer = await upload.finish();
    assert.equal(answer.status, 201, answer.body);
    assert.equal(await server.exited, 0);
    const drainMs = Date.now() - signalledAt;

    // After exit: the upload's user is stored, and the delivery that was in flight is recorded as succeeded.
    const check = pgStore ? await openStore({ databaseUrl: pgStore.databaseUrl }) : await openStore({ dataDir: env.ROSTER_DATA_DIR });
    try {
      const users = await check.db.selectFrom('users').select('user_name').where('directory_id', '=', dir.id as string).execute();
      assert.deepEqual(users.map((u) => u.user_name).sort(), ['first@acme.test', 'in-flight@acme.test']);
      const held = await check.db
        .selectFrom('webhook_deliveries')
        .innerJoin('events', 'events.sequence', 'webhook_deliveries.event_sequence')
        .select(['webhook_deliveries.status', 'webhook_deliveries.attempts', 'webhook_deliveries.locked_until'])
        .where('events.id', '=', inFlightEvents[0] as string)
        .executeTakeFirstOrThrow();
      assert.deepEqual(held, { status: 'succeeded', attempts: 1, locked_until: null }, 'the delivery in flight at SIGTERM completed and was recorded once');
    } finally {
      await check.close();
    }
    process.stdout.write(`# graceful-shutdown (${testStoreKind()}): SIGTERM with 1 upload and 1 webhook delivery in flight; both completed, exit 0 after ${drainMs} ms\n`);
  });

  it('exits at the shutdown timeout when a request never ends', async () => {
    const server = await startServer({ ...env, ROSTER_SHUTDOWN_TIMEOUT_MS: '1000' });
    const org = await post(server.url, '/organizations', { name: 'Stuck' });
    const dir = await post(server.url, `/organizations/${org.id}/directories`, { name: 'd', provider: 'okta' });
    // This client never sends the rest of its body.
    startUpload(server.url, `/scim/v2/${dir.id}/Users`, dir.bearerToken as string, JSON.stringify({ schemas: [USER], userName: 'never@acme.test' }));
    await new Promise((r) => setTimeout(r, 100));
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 1);
    const waited = Date.now() - signalledAt;
    assert.ok(waited >= 900 && waited < 5000, `exited after ${waited} ms`);
  });
});
