// Issue 4 point 4: examples/app-sync end to end — Roster with its webhook worker, the example app
// receiving signed webhooks, an Okta-like sequence, and the app's tables matching Roster's directory.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { createRosterClient, type AppUser, type RosterClient } from 'roster/sdk';
import { createSyncApp } from '../examples/app-sync/app-server.ts';
import { openAppStore, type AppStore, type Session } from '../examples/app-sync/app-store.ts';
import { loadConfig } from '../src/config.ts';
import { ensureAdminKey } from '../src/directory/admin-keys.ts';
import { buildApp } from '../src/http/app.ts';
import { ADMIN_KEY, patchBody, userBody } from './helpers/test-app.ts';
import { openTestStore, type TestStore } from './helpers/test-store.ts';

const listening = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

/** Polls until `check` passes, or fails with its last error after `ms`. */
async function eventually(check: () => Promise<void>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

describe('examples/app-sync', () => {
  let store: TestStore;
  let roster: FastifyInstance;
  let rosterUrl: string;
  let app: Server;
  let appUrl: string;
  let sdk: RosterClient;
  let secret = '';
  let appStore: AppStore;
  let dir: string;
  before(async () => {
    store = await openTestStore();
    const config = loadConfig({ ROSTER_ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'silent' });
    await ensureAdminKey(store.store.db, config.adminApiKey);
    // The same webhook delivery worker `npm start` runs, polling fast for the test.
    roster = await buildApp(config, { store: store.store, logger: false, deliveryWorker: { pollIntervalMs: 50 } });
    await roster.listen({ port: 0, host: '127.0.0.1' });
    rosterUrl = `http://127.0.0.1:${(roster.server.address() as AddressInfo).port}`;
    sdk = createRosterClient({ baseUrl: rosterUrl, apiKey: ADMIN_KEY });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-sync-'));
    appStore = openAppStore(path.join(dir, 'data.json'));
    app = createSyncApp({ store: appStore, webhookSecret: () => secret });
    appUrl = await listening(app);
  });
  after(async () => {
    await new Promise((resolve) => app.close(resolve));
    await roster.close();
    await store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the app\'s users in step with Roster over signed webhooks and revokes sessions on deactivation', { timeout: 90_000 }, async () => {
    const org = await sdk.organizations.create({ name: 'Acme' });
    const endpoint = await sdk.webhooks.create({ url: `${appUrl}/webhooks/roster`, organizationId: org.id });
    secret = endpoint.secret;
    const directory = await sdk.directories.create(org.id, { name: 'Acme Okta', provider: 'okta' });
    const scim = async (method: string, p: string, body?: unknown) => {
      const r = await fetch(`${rosterUrl}/scim/v2/${directory.id}${p}`, {
        method,
        headers: { authorization: `Bearer ${directory.bearerToken}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: r.status === 204 ? undefined : ((await r.json()) as any) };
    };
    const get = async <T>(p: string) => (await fetch(`${appUrl}${p}`)).json() as Promise<T>;

    // Okta: look each user up by userName, then create it.
    const ids: Record<string, string> = {};
    for (const name of ['alice', 'bob', 'carol']) {
      const found = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${name}@acme.com"`)}&startIndex=1&count=100`);
      assert.equal(found.body.totalResults, 0);
      const created = await scim('POST', '/Users', userBody(`${name}@acme.com`, { externalId: `00u${name}` }));
      assert.equal(created.status, 201);
      ids[name] = created.body.id;
    }
    await eventually(async () => assert.equal((await get<AppUser[]>('/users')).length, 3));
    // People sign in to the app.
    for (const name of ['alice', 'carol', 'carol']) {
      const r = await fetch(`${appUrl}/sessions`, { method: 'POST', body: JSON.stringify({ userId: ids[name] }) });
      assert.equal(r.status, 201);
    }
    // Okta group push: create the group, then PATCH its members.
    const group = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [] });
    assert.equal(group.status, 201);
    const pushed = await scim('PATCH', `/Groups/${group.body.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: ids.alice }, { value: ids.carol }] }));
    assert.ok(pushed.status === 200 || pushed.status === 204, String(pushed.status));
    assert.equal((await scim('PUT', `/Users/${ids.bob}`, userBody('bob@acme.com', { externalId: '00ubob', title: 'Designer' }))).status, 200);
    // Okta deactivation (unassignment): active false.
    assert.equal((await scim('PATCH', `/Users/${ids.carol}`, patchBody({ op: 'replace', value: { active: false } }))).status, 200);

    const snapshot = await sdk.snapshots.get(directory.id);
    await eventually(async () => {
      const users = (await get<AppUser[]>('/users')).sort((a, b) => a.id.localeCompare(b.id));
      assert.deepEqual(users, [...snapshot.users].sort((a, b) => a.id.localeCompare(b.id)));
      const memberships = Object.values(appStore.tables().memberships).map((m) => `${m.groupId}:${m.memberId}`).sort();
      assert.deepEqual(memberships, snapshot.memberships.map((m) => `${m.groupId}:${m.memberId}`).sort());
    });
    const sessions = await get<Session[]>('/sessions');
    const carol = sessions.filter((s) => s.userId === ids.carol);
    assert.equal(carol.length, 2);
    assert.ok(carol.every((s) => s.revokedAt !== null && s.revokedBecause === 'user.deactivated'), 'the deactivated user is signed out');
    assert.ok(sessions.filter((s) => s.userId === ids.alice).every((s) => s.revokedAt === null), 'others stay signed in');
    const refused = await fetch(`${appUrl}/sessions`, { method: 'POST', body: JSON.stringify({ userId: ids.carol }) });
    assert.equal(refused.status, 403);
    // Every delivery was verified and answered 2xx.
    const deliveries = await fetch(`${rosterUrl}/api/v1/webhooks/${endpoint.id}/deliveries?limit=100`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const log = (await deliveries.json()) as { data: { status: string }[] };
    assert.ok(log.data.length >= 7);
    assert.ok(log.data.every((d) => d.status === 'succeeded'), JSON.stringify(log.data.map((d) => d.status)));
  });

  it('rejects a delivery with a bad signature', async () => {
    const r = await fetch(`${appUrl}/webhooks/roster`, {
      method: 'POST',
      headers: { 'webhook-id': 'msg_x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      body: '{"type":"user.deleted"}',
    });
    assert.equal(r.status, 401);
  });
});
