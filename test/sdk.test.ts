// Issue 4 point 3: the SDK against a listening Roster — typed calls, typed errors, snapshots, events, webhooks.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  createRosterClient,
  NotFoundError,
  RateLimitError,
  ValidationError,
  WebhookVerificationError,
  type RosterClient,
  type RosterEvent,
} from 'roster/sdk';
import { ADMIN_KEY, startTestApp, userBody, type TestApp } from './helpers/test-app.ts';

describe('SDK client', () => {
  let t: TestApp;
  let roster: RosterClient;
  let baseUrl: string;
  before(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    roster = createRosterClient({ baseUrl, apiKey: ADMIN_KEY });
  });
  after(() => t.close());

  it('creates organizations and directories and reads users and groups through the read API', async () => {
    const org = await roster.organizations.create({ name: 'Umbrella' });
    assert.equal(org.object, 'organization');
    const dir = await roster.directories.create(org.id, { name: 'Umbrella Okta', provider: 'okta' });
    assert.match(dir.bearerToken, /^rst_/);
    assert.equal((await roster.directories.get(dir.id)).scimBaseUrl, dir.scimBaseUrl);
    assert.deepEqual((await roster.directories.list(org.id)).data.map((d) => d.id), [dir.id]);
    const scim = (method: string, path: string, body?: unknown) =>
      fetch(`${baseUrl}/scim/v2/${dir.id}${path}`, { method, headers: { authorization: `Bearer ${dir.bearerToken}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await scim('POST', '/Users', userBody(`u${i}@umbrella.test`))).id);
    const group = (await scim('POST', '/Groups', { displayName: 'Staff', members: ids.map((value) => ({ value })) })).id;
    const page = await roster.users.list(dir.id, { limit: 2 });
    assert.equal(page.data.length, 2);
    assert.equal(typeof page.nextCursor, 'string');
    const all: string[] = [];
    for await (const u of roster.users.iterate(dir.id, { limit: 2 })) all.push(u.id);
    assert.deepEqual(all.sort(), [...ids].sort());
    const filtered = await roster.users.list(dir.id, { filter: 'userName eq "u3@umbrella.test"' });
    assert.deepEqual(filtered.data.map((u) => u.id), [ids[3]]);
    const one = await roster.users.get(dir.id, ids[0] as string);
    assert.deepEqual(one.groups, [{ id: group, displayName: 'Staff', membership: 'direct' }]);
    const members: string[] = [];
    for await (const m of roster.groups.iterateMembers(dir.id, group, { limit: 2 })) members.push(m.id);
    assert.equal(members.length, 5);
    const snapshot = await roster.snapshots.get(dir.id);
    assert.equal(snapshot.users.length, 5);
    const stream = await roster.snapshots.stream(dir.id);
    assert.equal(stream.header.cursor, snapshot.cursor);
    let records = 0;
    for await (const _ of stream.records) records++;
    assert.equal(records, 5 + 1 + 5);
    const events = await roster.events.list({ directoryId: dir.id, limit: 1000 });
    assert.equal(typeof events.nextCursor, 'string');
  });

  it('turns statuses into typed errors carrying code and status', async () => {
    const missing = await roster.organizations.get('01a20000-0000-7000-8000-000000000000').catch((e: unknown) => e);
    assert.ok(missing instanceof NotFoundError);
    assert.equal(missing.status, 404);
    assert.equal(missing.code, 'not_found');
    const invalid = await roster.users.list('01a20000-0000-7000-8000-000000000000', { limit: 5000 }).catch((e: unknown) => e);
    assert.ok(invalid instanceof ValidationError || invalid instanceof NotFoundError);
    const org = await roster.organizations.create({ name: 'Errors' });
    const dir = await roster.directories.create(org.id, { name: 'E', provider: 'generic' });
    const bad = await roster.users.list(dir.id, { filter: 'userName eq' }).catch((e: unknown) => e);
    assert.ok(bad instanceof ValidationError);
    assert.equal(bad.code, 'invalid_filter');
    const conflict = await roster.tokens.completeRotation(dir.id).catch((e: unknown) => e);
    assert.ok(conflict instanceof ConflictError);
    assert.equal(conflict.status, 409);
    const wrongKey = createRosterClient({ baseUrl, apiKey: 'not-the-key-0123456789' });
    const denied = await wrongKey.organizations.list().catch((e: unknown) => e);
    assert.ok(denied instanceof AuthenticationError);
    assert.equal(denied.status, 401);
    const nowhere = createRosterClient({ baseUrl: 'http://127.0.0.1:9', apiKey: ADMIN_KEY });
    const down = await nowhere.organizations.list().catch((e: unknown) => e);
    assert.ok(down instanceof ConnectionError);
    const limited = createRosterClient({
      baseUrl,
      apiKey: ADMIN_KEY,
      fetch: async () => new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }), { status: 429, headers: { 'retry-after': '7' } }),
    });
    const slow = await limited.organizations.list().catch((e: unknown) => e);
    assert.ok(slow instanceof RateLimitError);
    assert.equal(slow.retryAfter, 7);
    assert.equal(slow.code, 'rate_limited');
  });

  it('creates a webhook endpoint and verifies deliveries: good, tampered, stale, unsigned', async () => {
    const endpoint = await roster.webhooks.create({ url: 'https://app.example/hooks', eventTypes: ['user.*'] });
    assert.match(endpoint.secret, /^whsec_/);
    assert.equal(endpoint.url, 'https://app.example/hooks');
    const event = { id: 'evt_1', type: 'user.deactivated', sequence: 9, organizationId: 'o', directoryId: 'd', createdAt: new Date().toISOString(), data: { user: { id: 'u' } } };
    const body = JSON.stringify(event);
    const sign = (at: Date, payload = body) => ({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(endpoint.secret).sign('msg_1', at, payload),
    });
    const verified: RosterEvent = roster.webhooks.verify(sign(new Date()), body, endpoint.secret);
    assert.equal(verified.type, 'user.deactivated');
    assert.equal(verified.sequence, 9);
    assert.equal(roster.webhooks.verify(new Headers(sign(new Date())), Buffer.from(body), endpoint.secret).id, 'evt_1');
    assert.throws(() => roster.webhooks.verify(sign(new Date()), body.replace('deactivated', 'reactivated'), endpoint.secret), WebhookVerificationError);
    assert.throws(() => roster.webhooks.verify(sign(new Date(Date.now() - 10 * 60_000)), body, endpoint.secret), WebhookVerificationError);
    assert.throws(() => roster.webhooks.verify({}, body, endpoint.secret), WebhookVerificationError);
    const other = await roster.webhooks.create({ url: 'https://app.example/other' });
    assert.throws(() => roster.webhooks.verify(sign(new Date()), body, other.secret), WebhookVerificationError);
    await roster.webhooks.delete(other.id);
    await assert.rejects(roster.webhooks.get(other.id), NotFoundError);
  });
});

describe('SDK events.iterate', () => {
  /** A fake Events API: pages of `events` two at a time, one 503 on the way, then idle. */
  function fakeFeed(events: RosterEvent[]) {
    const calls: string[] = [];
    let failed = false;
    const fetchFn = (async (input: string | URL | Request) => {
      const url = new URL(String(input));
      const after = Number(url.searchParams.get('after') ?? '0');
      calls.push(url.search);
      if (after === 2 && !failed) {
        failed = true;
        return new Response(JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }), { status: 503, headers: { 'retry-after': '0' } });
      }
      const data = events.filter((e) => e.sequence > after).slice(0, 2);
      const next = data.length > 0 ? (data.at(-1) as RosterEvent).sequence : after;
      return Response.json({ data, nextCursor: String(next) });
    }) as typeof fetch;
    return { fetchFn, calls };
  }

  const event = (sequence: number): RosterEvent =>
    ({ id: `e${sequence}`, type: 'directory.activated', sequence, organizationId: 'o', directoryId: 'd', createdAt: '', data: { directory: { id: 'd', name: 'n', provider: 'okta' } } }) as RosterEvent;

  it('yields every event once, in order, retries a 503, checkpoints page by page and exposes the cursor', async () => {
    const { fetchFn, calls } = fakeFeed([1, 2, 3, 4, 5].map(event));
    const roster = createRosterClient({ baseUrl: 'http://fake', apiKey: 'k', fetch: fetchFn });
    const checkpoints: string[] = [];
    const it = roster.events.iterate({ directoryId: 'd', types: ['user.*', 'group.*'], stopWhenIdle: true, pollIntervalMs: 1, checkpoint: (c) => void checkpoints.push(c) });
    const seen: number[] = [];
    for await (const e of it) seen.push(e.sequence);
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.deepEqual(checkpoints, ['2', '4', '5']);
    assert.equal(it.cursor, '5');
    assert.match(calls[0] as string, /types=user\.\*%2Cgroup\.\*/);
    assert.match(calls[0] as string, /directoryId=d/);
  });

  it('resumes from a checkpoint and stops on abort', async () => {
    const { fetchFn } = fakeFeed([1, 2, 3, 4, 5].map(event));
    const roster = createRosterClient({ baseUrl: 'http://fake', apiKey: 'k', fetch: fetchFn });
    const controller = new AbortController();
    const seen: number[] = [];
    for await (const e of roster.events.iterate({ after: '3', signal: controller.signal, pollIntervalMs: 5 })) {
      seen.push(e.sequence);
      if (e.sequence === 5) controller.abort();
    }
    assert.deepEqual(seen, [4, 5]);
  });
});
