// The webhook endpoints API: secret shown once and sealed at rest, CRUD, validation, rotation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { readWebhookSecret } from '../src/events/webhook-secrets.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

describe('webhook endpoints API', () => {
  let t: TestApp;
  const key = randomBytes(32);

  before(async () => {
    t = await startTestApp({ ROSTER_SECRET_KEY: key.toString('base64') });
  });
  after(() => t.close());

  it('creates an endpoint and shows its whsec_ secret once; the store holds it only encrypted', async () => {
    const r = await t.admin('POST', '/webhooks', { url: 'https://app.example.com/hooks', eventTypes: ['user.*', 'group.created'], description: 'prod' });
    assert.equal(r.status, 201, r.text);
    assert.match(r.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(r.body.url, 'https://app.example.com/hooks');
    assert.deepEqual(r.body.eventTypes, ['user.*', 'group.created']);
    assert.equal(r.body.enabled, true);
    assert.equal(r.body.organizationId, null);
    assert.equal(r.body.secretPrefix, `${r.body.secret.slice(0, 10)}…`);

    const read = await t.admin('GET', `/webhooks/${r.body.id}`);
    assert.equal(read.body.secret, undefined);
    const { secret: _s, ...shown } = r.body;
    assert.deepEqual(read.body, shown);

    const row = await t.db.store.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(r.body.secret.slice(6)), 'no plaintext at rest');
    assert.deepEqual(await readWebhookSecret(t.db.store.db, key, r.body.id, new Date()), [r.body.secret]);
    await assert.rejects(readWebhookSecret(t.db.store.db, randomBytes(32), r.body.id, new Date()), 'another key opens nothing');
  });

  it('lists, updates and deletes', async () => {
    const org = (await t.admin('POST', '/organizations', { name: 'Hooked' })).body.id;
    const a = (await t.admin('POST', '/webhooks', { url: 'https://a.example.com/', organizationId: org })).body;
    const list = await t.admin('GET', `/webhooks?organizationId=${org}`);
    assert.deepEqual(list.body.data.map((e: { id: string }) => e.id), [a.id]);
    assert.equal(list.body.nextCursor, null);

    const patched = await t.admin('PATCH', `/webhooks/${a.id}`, { enabled: false, eventTypes: ['directory.*'], description: null });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.enabled, false);
    assert.deepEqual(patched.body.eventTypes, ['directory.*']);

    assert.equal((await t.admin('DELETE', `/webhooks/${a.id}`)).status, 204);
    assert.equal((await t.admin('GET', `/webhooks/${a.id}`)).status, 404);
    assert.equal((await t.admin('DELETE', `/webhooks/${a.id}`)).status, 404);
  });

  it('refuses a bad url, a bad type pattern, an unknown organization and a missing url', async () => {
    const cases: [unknown, number, string][] = [
      [{ url: 'ftp://x.example.com' }, 400, 'invalid_value'],
      [{ url: 'not a url' }, 400, 'invalid_value'],
      [{ url: 'https://x.example.com', eventTypes: ['User.Created'] }, 400, 'invalid_value'],
      [{ url: 'https://x.example.com', organizationId: '01a20000-0000-7000-8000-000000000000' }, 404, 'not_found'],
      [{}, 400, 'invalid_syntax'],
    ];
    for (const [body, status, code] of cases) {
      const r = await t.admin('POST', '/webhooks', body);
      assert.equal(r.status, status, `${JSON.stringify(body)} → ${r.text}`);
      assert.equal(r.body.error.code, code);
    }
    assert.equal((await t.admin('POST', '/webhooks', { url: 'https://x.example.com' }, 'not-the-admin-key-000')).status, 401);
  });

  it('rotates the secret; the old one keeps signing during the grace period only', async () => {
    const created = (await t.admin('POST', '/webhooks', { url: 'https://r.example.com/' })).body;
    const rotated = await t.admin('POST', `/webhooks/${created.id}/rotate-secret`, { gracePeriodSeconds: 3600 });
    assert.equal(rotated.status, 201);
    assert.notEqual(rotated.body.secret, created.secret);
    const now = new Date();
    assert.deepEqual(await readWebhookSecret(t.db.store.db, key, created.id, now), [rotated.body.secret, created.secret]);
    assert.deepEqual(await readWebhookSecret(t.db.store.db, key, created.id, new Date(now.getTime() + 3601_000)), [rotated.body.secret]);
    const hard = await t.admin('POST', `/webhooks/${created.id}/rotate-secret`);
    assert.deepEqual(await readWebhookSecret(t.db.store.db, key, created.id, now), [hard.body.secret]);
  });
});
