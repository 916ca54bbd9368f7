// kill -9 during an IdP sync, again and again: no acknowledged write or event is lost, nothing is
// half-applied, and the IdP's retries converge with no duplicate user.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/db.ts';
import { killHard, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { openTestStore, testStoreKind, type TestStore } from '../helpers/test-store.ts';

const ROUNDS = Number(process.env.ROSTER_CRASH_ROUNDS ?? 20);
const ADMIN_KEY = 'crash-test-admin-key-0123456789';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function startServer(env: Record<string, string>, onStart: (s: ServerProcess) => void): Promise<ServerProcess> {
  const server = await startServerProcess(ADMIN_KEY, env);
  onStart(server);
  return server;
}

async function call(url: string, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  try {
    const r = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: 0, json: undefined }; // the server died under the request: not acknowledged
  }
}

describe(`crash recovery (${testStoreKind()})`, { timeout: 900_000 }, () => {
  let pgStore: TestStore | undefined;
  let dataDir: string | undefined;
  let env: Record<string, string>;
  // The server alive at any moment; after() kills it even when an assertion failed mid-round,
  // so a failure never leaves a child that keeps the test process (and CI) waiting.
  let live: ServerProcess | undefined;

  before(async () => {
    if (testStoreKind() === 'postgres') {
      pgStore = await openTestStore('postgres');
      await pgStore.store.close(); // the server under test owns the database now
      // Replicas on PostgreSQL share one key for webhook secrets (docs/webhooks.md).
      env = { DATABASE_URL: pgStore.databaseUrl as string, ROSTER_SECRET_KEY: randomBytes(32).toString('base64') };
    } else {
      dataDir = mkdtempSync(path.join(tmpdir(), 'roster-crash-'));
      env = { ROSTER_DATA_DIR: path.join(dataDir, 'store'), DATABASE_URL: '' };
    }
  });
  after(async () => {
    if (live) await killHard(live);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (pgStore) await pgStore.dispose();
  });

  it(`keeps every acknowledged write and its event through ${ROUNDS} kill -9s`, async () => {
    let server = await startServer(env, (s) => (live = s));
    const admin = async (route: string, body: unknown) =>
      (await fetch(`${server.url}/api/v1${route}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, string>>;
    const org = await admin('/organizations', { name: 'Crash' });
    const dir = await admin(`/organizations/${org.id}/directories`, { name: 'crash', provider: 'okta' });
    const base = `/scim/v2/${dir.id}`;
    const token = dir.bearerToken as string;
    // The directory's rate limit (default burst 400) is not under test: the check below reads every
    // acknowledged user back, and with fast writes there are more of them than one burst.
    await fetch(`${server.url}/api/v1/directories/${dir.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerSecond: 100000, rateLimitBurst: 1000000 }),
    });
    /** userName → the id and title Roster acknowledged. */
    const acked = new Map<string, { id: string; title?: string }>();
    const attempted = new Set<string>();
    let next = 0;

    for (let round = 0; round < ROUNDS; round++) {
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const i = next++;
          const userName = `crash${i}@acme.test`;
          attempted.add(userName);
          const created = await call(server.url, token, 'POST', `${base}/Users`, {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName,
            externalId: `ext-${i}`,
            name: { givenName: 'C', familyName: String(i) },
          });
          if (created.status !== 201) continue;
          acked.set(userName, { id: created.json.id });
          // Two operations: after any crash the user has both or neither.
          const patched = await call(server.url, token, 'PATCH', `${base}/Users/${created.json.id}`, {
            schemas: [PATCH],
            Operations: [
              { op: 'replace', path: 'title', value: `T${i}` },
              { op: 'replace', path: 'nickName', value: `N${i}` },
            ],
          });
          if (patched.status === 200) acked.set(userName, { id: created.json.id, title: `T${i}` });
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 600));
      await killHard(server);
      stop = true;
      await Promise.all(workers);
      server = await startServer(env, (s) => (live = s));
    }

    // Every acknowledged write is there, whole.
    for (const [userName, want] of acked) {
      const r = await call(server.url, token, 'GET', `${base}/Users/${want.id}`);
      assert.equal(r.status, 200, `${userName} was acknowledged but is missing`);
      assert.equal(r.json.userName, userName);
      if (want.title) assert.equal(r.json.title, want.title);
      assert.equal(r.json.title === undefined, r.json.nickName === undefined, `${userName}: a PATCH was half-applied`);
    }
    // The IdP retries every create it did not see acknowledged; the retries converge with no duplicate.
    for (const userName of attempted) {
      if (acked.has(userName)) continue;
      const i = userName.slice(5, userName.indexOf('@'));
      const retry = await call(server.url, token, 'POST', `${base}/Users`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        externalId: `ext-${i}`,
        name: { givenName: 'C', familyName: i },
      });
      assert.ok(retry.status === 201 || retry.status === 409, `retry of ${userName}: ${retry.status}`);
    }
    await killHard(server);

    const check = env.DATABASE_URL ? await openStore({ databaseUrl: env.DATABASE_URL }) : await openStore({ dataDir: env.ROSTER_DATA_DIR });
    try {
      const rows = await check.db.selectFrom('users').select(['id', 'user_name', 'version']).where('directory_id', '=', dir.id as string).execute();
      const names = rows.map((r) => r.user_name);
      assert.equal(new Set(names).size, names.length, 'no userName appears twice');
      assert.equal(rows.length, attempted.size, 'every attempted user exists exactly once after the retries');
      // No change without its event, no event without its change.
      const events = await check.db.selectFrom('events').select(['type', 'object_id', 'object_version']).where('directory_id', '=', dir.id as string).execute();
      for (const row of rows) {
        const mine = events.filter((e) => e.object_id === row.id);
        assert.equal(mine.filter((e) => e.type === 'user.created').length, 1, `${row.user_name}: exactly one user.created`);
        assert.equal(Math.max(...mine.map((e) => e.object_version ?? 0)), row.version, `${row.user_name}: the newest event has the row's version`);
      }
      const ids = new Set(rows.map((r) => r.id));
      assert.ok(events.filter((e) => e.type.startsWith('user.')).every((e) => ids.has(e.object_id as string)), 'no event for a user that does not exist');
      process.stdout.write(`# crash-recovery: ${ROUNDS} kill -9s, ${attempted.size} creates attempted, ${acked.size} acknowledged before a crash, 0 lost\n`);
    } finally {
      await check.close();
    }
  });
});
