// GET /metrics: Prometheus text with counts an operator can act on, and nothing of any tenant.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { userWriteBatchers } from '../src/store/user-write-repository.ts';
import { sleep } from './helpers/deferred.ts';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels` (0 when there is none). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `one sample of ${name} ${JSON.stringify(labels)}, not ${found.length}`);
  return found[0]?.value ?? 0;
}

async function scrape(t: TestApp, authorization?: string): Promise<{ status: number; type: string; text: string; samples: Sample[] }> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body, samples: res.statusCode === 200 ? parse(res.body) : [] };
}

describe('/metrics', () => {
  let t: TestApp;
  let d: TestDirectory;
  let other: TestDirectory;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    t = await startTestApp({}, { deliveryWorker: { pollIntervalMs: 20 } });
    d = await t.createDirectory('okta');
    other = await t.createDirectory('entra');
  });
  after(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('counts answers by route pattern and status, with their durations', async () => {
    const before = (await scrape(t)).samples;
    const create = '/scim/v2/:directoryId/Users';
    const created = await d.scim('POST', '/Users', userBody('ada@acme.com'));
    assert.equal(created.status, 201);
    assert.equal((await d.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ada@acme.com"')}`)).status, 200);
    assert.equal((await d.scim('GET', `/Users/${created.body.id}`)).status, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: `${d.base}/Users`, headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/no/such/place' })).statusCode, 404);

    const { status, type, samples } = await scrape(t);
    assert.equal(status, 200);
    assert.match(type, /^text\/plain; version=0\.0\.4/);
    const grew = (labels: Record<string, string>) => value(samples, 'roster_http_requests_total', labels) - value(before, 'roster_http_requests_total', labels);
    assert.equal(grew({ surface: 'scim', method: 'POST', route: create, status: '201' }), 1);
    assert.equal(grew({ surface: 'scim', method: 'GET', route: create, status: '200' }), 1);
    assert.equal(grew({ surface: 'scim', method: 'GET', route: create, status: '401' }), 1);
    assert.equal(grew({ surface: 'scim', method: 'GET', route: '/scim/v2/:directoryId/Users/:id', status: '200' }), 1);
    assert.equal(grew({ surface: 'other', method: 'GET', route: 'unmatched', status: '404' }), 1);
    assert.ok(value(samples, 'roster_http_requests_total', { surface: 'admin', method: 'POST', route: '/api/v1/organizations', status: '201' }) >= 1, 'the admin API too');

    const count = value(samples, 'roster_http_request_duration_seconds_count', { surface: 'scim', method: 'POST', route: create });
    const inf = value(samples, 'roster_http_request_duration_seconds_bucket', { surface: 'scim', method: 'POST', route: create, le: '+Inf' });
    assert.ok(count >= 1 && inf === count, 'every create observed, in the +Inf bucket');
    assert.ok(value(samples, 'roster_http_request_duration_seconds_sum', { surface: 'scim', method: 'POST', route: create }) > 0);
  });

  it('reports how requests shared statements, and that none was refused', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => d.scim('POST', '/Users', userBody(`batch${i}@acme.com`))));
    const { samples } = await scrape(t);
    const statements = value(samples, 'roster_statements_total', { kind: 'user_create' });
    const carried = value(samples, 'roster_statement_requests_total', { kind: 'user_create' });
    assert.ok(carried >= 13, `every create carried by a statement (${carried})`);
    // Whether these shared statements depends on timing; the figures must be the batcher's own.
    const sizes = [...userWriteBatchers(t.db.store.db).create.sizes];
    assert.equal(statements, sizes.reduce((n, [, count]) => n + count, 0));
    assert.equal(carried, sizes.reduce((n, [size, count]) => n + size * count, 0));
    assert.equal(value(samples, 'roster_statements_refused_total', { kind: 'user_create' }), 0);
    assert.equal(value(samples, 'roster_statement_requests_waiting', { kind: 'user_create' }), 0);
    assert.ok(value(samples, 'roster_statement_requests_total', { kind: 'lookup' }) >= 1, 'the lookup of the first test');
  });

  it('reports the sync log writer and, on PostgreSQL, the connection pool', async () => {
    const { samples } = await scrape(t);
    assert.ok(samples.some((s) => s.name === 'roster_sync_log_buffered_entries'));
    assert.equal(value(samples, 'roster_sync_log_dropped_entries_total'), 0);
    if (t.db.kind === 'postgres') {
      assert.ok(value(samples, 'roster_db_connections', { state: 'total' }) >= 1);
      assert.ok(samples.some((s) => s.name === 'roster_db_connections' && s.labels.state === 'waiting'));
    } else {
      assert.ok(!samples.some((s) => s.name === 'roster_db_connections'), 'the embedded store has no pool');
    }
  });

  it('counts webhook attempts by outcome', async () => {
    const created = await t.admin('POST', '/webhooks', { url: receiver.url, organizationId: d.organizationId, eventTypes: ['user.created'] });
    assert.equal(created.status, 201, created.text);
    receiver.respond = ({ count }) => ({ status: count === 1 ? 500 : 200 });
    assert.equal((await d.scim('POST', '/Users', userBody('hooked@acme.com'))).status, 201);
    // The receiver records the request before it answers; the worker counts the attempt after the answer.
    let samples = (await scrape(t)).samples;
    for (let i = 0; i < 500 && value(samples, 'roster_webhook_attempts_total', { outcome: 'retrying' }) < 1; i++) {
      await sleep(10);
      samples = (await scrape(t)).samples;
    }
    assert.equal(receiver.received.length, 1, 'one attempt so far (the retry is due later)');
    assert.equal(value(samples, 'roster_webhook_attempts_total', { outcome: 'retrying' }), 1, 'the first attempt got 500: the delivery will be retried');
    assert.equal(value(samples, 'roster_webhook_attempts_total', { outcome: 'succeeded' }), 0);
    assert.equal(value(samples, 'roster_webhook_attempt_duration_seconds_count', { outcome: 'retrying' }), 1);
  });

  it("names no tenant: no directory, organization, user or token appears, whatever was requested", async () => {
    await other.scim('POST', '/Users', userBody('grace@other.example'));
    await t.app.inject({ method: 'GET', url: `/scim/v2/${other.id}/Users/${other.id}`, headers: { authorization: `Bearer ${other.token}` } });
    await t.app.inject({ method: 'GET', url: `/nothing/${d.token}` });
    const { text } = await scrape(t);
    for (const secret of [d.id, other.id, d.organizationId, d.token, other.token, 'ada@acme.com', 'grace@other.example', receiver.url]) {
      assert.ok(!text.includes(secret), `${secret} is not in /metrics`);
    }
    const routes = new Set(parse(text).filter((s) => s.name === 'roster_http_requests_total').map((s) => s.labels.route));
    for (const r of routes) assert.ok(r === 'unmatched' || r!.startsWith('/'), `a route pattern: ${r}`);
  });

  it('leaves the process figures to the server (serve turns them on)', async () => {
    const { samples } = await scrape(t);
    assert.ok(!samples.some((s) => s.name === 'roster_process_resident_memory_bytes'));
    const served = await startTestApp({}, { processMetrics: true });
    try {
      const own = await scrape(served);
      assert.ok(value(own.samples, 'roster_process_resident_memory_bytes') > 0);
      assert.ok(own.samples.some((s) => s.name.startsWith('roster_nodejs_eventloop_lag')));
    } finally {
      await served.close();
    }
  });
});

describe('/metrics with ROSTER_METRICS_TOKEN', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ ROSTER_METRICS_TOKEN: TOKEN, ROSTER_AUTH_MAX_FAILURES: '3' });
  });
  after(async () => {
    await t?.close();
  });

  it('answers only that bearer token, and a source that keeps guessing is refused for a while', async () => {
    const none = await scrape(t);
    assert.equal(none.status, 401);
    assert.match(none.text, /ROSTER_METRICS_TOKEN/);
    assert.ok(!none.text.includes(TOKEN));
    assert.equal((await scrape(t, `Bearer ${TOKEN}x`)).status, 401);
    const ok = await scrape(t, `Bearer ${TOKEN}`);
    assert.equal(ok.status, 200);
    assert.ok(!ok.text.includes(TOKEN), 'the token is not echoed in the figures');
    assert.equal((await scrape(t, 'Bearer guess')).status, 401, 'the third failure');
    const blocked = await scrape(t, `Bearer ${TOKEN}`);
    assert.equal(blocked.status, 429, 'blocked even with the right token: a guess is not told apart while blocked');
  });
});
