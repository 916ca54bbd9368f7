// Issue 6 §5: repeated bad credentials from one source are refused for a while (429 + Retry-After), logged, and in the sync log.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AUTH_BLOCK_ROUTE } from '../src/http/admin/admin-auth.ts';
import { assertScimError } from './helpers/scim-expect.ts';
import { ADMIN_KEY, startTestApp, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const ATTACKER = '203.0.113.7';
const BYSTANDER = '198.51.100.20';

describe('brute-force slowdown', () => {
  let t: TestApp;
  let d: TestDirectory;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    t = await startTestApp({ ROSTER_AUTH_MAX_FAILURES: '10', ROSTER_AUTH_WINDOW_SECONDS: '60', ROSTER_AUTH_BLOCK_SECONDS: '60' }, { logger: { stream, level: 'warn' } });
    d = await t.createDirectory();
  });
  after(() => t.close());

  const scim = (token: string, from: string) =>
    t.app.inject({ method: 'GET', url: `${d.base}/Users`, headers: { authorization: `Bearer ${token}` }, remoteAddress: from });

  it('answers 429 with Retry-After after 10 bad tokens in a minute, to good and bad tokens alike, from that source only', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await scim(`rst_guess${i}`, ATTACKER)).statusCode, 401);
    const blocked = await scim('rst_guess10', ATTACKER);
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0 && Number(blocked.headers['retry-after']) <= 60);
    assertScimError({ status: 429, headers: blocked.headers, body: JSON.parse(blocked.body), text: blocked.body }, 429, undefined, /failed authentication/);
    // A right guess is not told apart from a wrong one while blocked.
    assert.equal((await scim(d.token, ATTACKER)).statusCode, 429);
    // Others, and the same IdP on another directory, are unaffected.
    assert.equal((await scim(d.token, BYSTANDER)).statusCode, 200);
    const warn = lines.find((l) => /too many failed SCIM attempts/.test(String(l.msg)));
    assert.ok(warn, 'a warn line names the source');
    assert.equal(warn.source, ATTACKER);
    assert.equal(warn.directoryId, d.id);
    assert.equal(warn.level, 40);
  });

  it("records the refusals in the directory's sync log", async () => {
    await new Promise((r) => setTimeout(r, 400)); // the sync log writes in batches every 250 ms
    const log = await t.admin('GET', `/directories/${d.id}/sync-log?status=error&limit=100`);
    assert.equal(log.status, 200, log.text);
    const codes = log.body.data.map((e: { error?: { code?: string }; errorCode?: string }) => e.error?.code ?? e.errorCode);
    assert.ok(codes.includes('rate_limited'), JSON.stringify(log.body.data[0]));
    assert.ok(codes.includes('unauthorized'));
  });

  it('slows the admin API the same way', async () => {
    const admin = (key: string) => t.app.inject({ method: 'GET', url: '/api/v1/organizations', headers: { authorization: `Bearer ${key}` }, remoteAddress: '192.0.2.99' });
    for (let i = 0; i < 10; i++) assert.equal((await admin(`rak_guess${i}`)).statusCode, 401);
    const blocked = await admin(ADMIN_KEY);
    assert.equal(blocked.statusCode, 429);
    assert.equal(JSON.parse(blocked.body).error.code, 'rate_limited');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.ok(lines.some((l) => /too many failed admin API attempts/.test(String(l.msg)) && l.source === '192.0.2.99'));
    // Nothing logged carries the guesses.
    assert.ok(!JSON.stringify(lines).includes('rak_guess') && !JSON.stringify(lines).includes('rst_guess'));
  });

  it('records the block in the admin audit log: once per block, with the source address', async () => {
    // The source of the previous test is blocked: more guesses while blocked add no entries.
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'GET', url: '/api/v1/organizations', headers: { authorization: `Bearer rak_more${i}` }, remoteAddress: '192.0.2.99' });
    }
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=100', headers: { authorization: `Bearer ${ADMIN_KEY}` }, remoteAddress: '192.0.2.1' });
    assert.equal(res.statusCode, 200);
    const entries = (JSON.parse(res.body) as { data: { ip: string; status: number; actor: { keyId: string | null }; action: { route: string } }[] }).data;
    const blocks = entries.filter((e) => e.action.route === AUTH_BLOCK_ROUTE);
    assert.equal(blocks.length, 1, JSON.stringify(entries));
    assert.deepEqual([blocks[0]!.ip, blocks[0]!.status, blocks[0]!.actor.keyId], ['192.0.2.99', 429, null]);
    assert.ok(!res.body.includes('rak_guess') && !res.body.includes('rak_more'), 'guessed keys are not recorded');
  });
});

describe('brute-force slowdown behind a load balancer (ROSTER_TRUST_PROXY)', () => {
  let t: TestApp;
  let d: TestDirectory;

  before(async () => {
    t = await startTestApp({ ROSTER_AUTH_MAX_FAILURES: '10', ROSTER_TRUST_PROXY: '127.0.0.1' });
    d = await t.createDirectory();
  });
  after(() => t.close());

  it('counts the client address the proxy forwards, so one attacker does not lock out everyone behind it', async () => {
    const via = (client: string, token: string) =>
      t.app.inject({ method: 'GET', url: `${d.base}/Users`, headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client }, remoteAddress: '127.0.0.1' });
    for (let i = 0; i < 10; i++) await via(ATTACKER, `rst_guess${i}`);
    assert.equal((await via(ATTACKER, d.token)).statusCode, 429);
    assert.equal((await via(BYSTANDER, d.token)).statusCode, 200, 'the IdP behind the same proxy still gets in');
  });
});
