// Issue 6 §4: a full scenario with the real logger at trace level, error paths included: no secret
// Roster created or received (directory tokens, admin keys, webhook secrets, passwords) is in the log.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ADMIN_KEY, patchBody, startTestApp, userBody, type TestApp } from './helpers/test-app.ts';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.ts';

describe('secrets are never logged', () => {
  let t: TestApp;
  let receiver: Receiver;
  let log = '';
  const secrets: string[] = [ADMIN_KEY];

  before(async () => {
    receiver = await startReceiver();
    // A failing receiver: the delivery error path is part of the scenario.
    receiver.respond = () => ({ status: 500, body: 'receiver down' });
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        log += chunk.toString();
        done();
      },
    });
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { logger: { stream, level: 'trace' }, deliveryWorker: { pollIntervalMs: 20, timeoutMs: 2000 } });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('runs organizations, directories, tokens, webhooks, admin keys and SCIM writes with passwords, then finds none of them in the log', async () => {
    const org = (await t.admin('POST', '/organizations', { name: 'Logged' })).body.id as string;
    const hook = (await t.admin('POST', '/webhooks', { url: receiver.url, organizationId: org })).body;
    secrets.push(hook.secret);
    secrets.push((await t.admin('POST', `/webhooks/${hook.id}/rotate-secret`, { gracePeriodSeconds: 60 })).body.secret);
    const dir = (await t.admin('POST', `/organizations/${org}/directories`, { name: 'd', provider: 'okta' })).body;
    secrets.push(dir.bearerToken);
    const rotated = (await t.admin('POST', `/directories/${dir.id}/token`, { gracePeriodSeconds: 60 })).body.bearerToken as string;
    secrets.push(rotated);
    secrets.push((await t.admin('POST', `/directories/${dir.id}/token-rotations`)).body.bearerToken);
    const key = (await t.admin('POST', '/admin-keys', { name: 'k', scope: 'full' })).body.key as string;
    secrets.push(key);
    assert.equal((await t.admin('GET', '/organizations', undefined, key)).status, 200);

    const scim = (method: string, path: string, body?: unknown, token = rotated) =>
      t.app.inject({ method: method as 'GET', url: `/scim/v2/${dir.id}${path}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const passwords = ['Create-Pw-7f3a91', 'Patch-Pw-22bd04', 'Put-Pw-9ac1e7', 'Bulk-Pw-5e60d2', 'Invalid-Json-Pw-8d1f', 'Rejected-Pw-0b7e', '918273645546372819'];
    secrets.push(...passwords);
    const user = JSON.parse((await scim('POST', '/Users', userBody('logged@acme.test', { password: passwords[0] }))).body).id as string;
    assert.equal((await scim('PATCH', `/Users/${user}`, patchBody({ op: 'replace', path: 'password', value: passwords[1] }))).statusCode, 200);
    assert.equal((await scim('PUT', `/Users/${user}`, userBody('logged@acme.test', { password: passwords[2] }))).statusCode, 200);
    const bulk = { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [{ method: 'POST', path: '/Users', bulkId: 'b', data: userBody('bulk@acme.test', { password: passwords[3] }) }] };
    assert.equal((await scim('POST', '/Bulk', bulk)).statusCode, 200);

    // Error paths: a body that is not JSON, a rejected one, wrong and misplaced credentials, a token in the query string.
    assert.equal((await scim('POST', '/Users', `{"userName":"x","password":"${passwords[4]}"`)).statusCode, 400);
    assert.equal((await scim('POST', '/Users', { password: passwords[5] })).statusCode, 400);
    // A password of the wrong type is refused without being quoted back.
    const wrongType = await scim('PATCH', `/Users/${user}`, patchBody({ op: 'replace', path: 'password', value: Number(passwords[6]) }));
    assert.equal(wrongType.statusCode, 400);
    assert.ok(!wrongType.body.includes(String(Number(passwords[6]))), wrongType.body);
    secrets[secrets.length - 1] = String(Number(passwords[6]));
    assert.equal((await scim('GET', '/Users', undefined, `${rotated}x`)).statusCode, 401);
    assert.equal((await scim('GET', `/Users?access_token=${rotated}`, undefined, 'nope')).statusCode, 401);
    assert.equal((await t.admin('GET', `/organizations?api_key=${key}`, undefined, `${key}x`)).status, 401);
    assert.equal((await t.admin('GET', '/organizations', undefined, dir.bearerToken)).status, 401, 'a directory token is not an admin key');
    assert.equal((await t.app.inject({ method: 'GET', url: '/scim/v2/not-a-uuid/Users', headers: { authorization: `Bearer ${rotated}` } })).statusCode, 401);

    // Let the worker sign and send a delivery that fails (its retry waits behind the backoff).
    const deadline = Date.now() + 15_000;
    while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(receiver.received[0]?.status, 500, 'a signed delivery was sent and failed');

    assert.ok(log.split('\n').length > 40, 'the log is written');
    assert.match(log, /"level":20/, 'debug lines are in the capture');
    assert.match(log, /SCIM request refused/, 'refusals are logged with their message');
    assert.match(log, /"reqId"/);
    for (const secret of secrets) assert.ok(!log.includes(secret), `a secret (${secret.slice(0, 6)}…) is in the log`);
    // The webhook signing secrets travel without their prefix too.
    for (const secret of secrets.filter((s) => s.startsWith('whsec_'))) assert.ok(!log.includes(secret.slice(6)));
    assert.doesNotMatch(log, /authorization/i, 'no header of credentials is logged');
    // The sync log keeps request bodies and error messages for the portal: redacted the same way.
    await new Promise((r) => setTimeout(r, 400));
    const syncLog = JSON.stringify(await t.db.store.db.selectFrom('sync_log').selectAll().execute());
    assert.ok(syncLog.includes('[REDACTED]'), 'passwords were there to redact');
    for (const secret of secrets) assert.ok(!syncLog.includes(secret), `a secret (${secret.slice(0, 6)}…) is in the sync log`);
    process.stdout.write(`# secrets-not-logged: ${secrets.length} secrets, ${log.split('\n').length} log lines at trace level, 0 found\n`);
  });
});
