// The sync log end to end: what each SCIM request records, redaction, the wording of common failures, the directory's last error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { excerpt } from '../src/directory/sync-log/redact.ts';
import { entryFor, readSyncLog } from './helpers/sync-log-expect.ts';
import { GROUP_URN, patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const UNKNOWN_ID = '7f3e2a10-0000-4000-8000-000000000000';
const q = encodeURIComponent;

describe('sync log', { timeout: 120_000 }, () => {
  let t: TestApp;
  let d: TestDirectory;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  describe('what each request records', () => {
    it('records a create with the new id from Location, the userName from the body, status and duration', async () => {
      const r = await d.scim('POST', '/Users', userBody('rec.create@acme.com'));
      assert.equal(r.status, 201, r.text);
      const e = await entryFor(t, d.id, 'POST', '/Users', (x) => x.userName === 'rec.create@acme.com');
      assert.equal(e.status, 201);
      assert.equal(e.resourceType, 'User');
      assert.equal(e.resourceId, r.body.id);
      assert.equal(e.userName, 'rec.create@acme.com');
      assert.equal(e.error, null);
      assert.equal(e.responseExcerpt, null);
      assert.equal(e.requestBody.userName, 'rec.create@acme.com');
      assert.ok(Number.isInteger(e.durationMs) && e.durationMs >= 0);
      assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 60_000);
    });

    it('records reads, patches and deletes against the id in the URL, and a lookup filter as written', async () => {
      const id = (await d.scim('POST', '/Users', userBody('rec.rw@acme.com'))).body.id as string;
      assert.equal((await d.scim('GET', `/Users/${id}`)).status, 200);
      assert.equal((await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'active', value: false }))).status, 200);
      assert.equal((await d.scim('GET', `/Users?filter=${q('userName eq "Rec.RW@acme.com"')}&count=1`)).status, 200);
      assert.equal((await d.scim('DELETE', `/Users/${id}`)).status, 204);
      for (const [method, status] of [['GET', 200], ['PATCH', 200], ['DELETE', 204]] as const) {
        const e = await entryFor(t, d.id, method, `/Users/${id}`);
        assert.equal(e.status, status);
        assert.equal(e.resourceId, id);
        assert.equal(e.resourceType, 'User');
      }
      const lookup = await entryFor(t, d.id, 'GET', '/Users?filter=userName eq "Rec.RW@acme.com"&count=1');
      assert.equal(lookup.userName, 'Rec.RW@acme.com');
      assert.equal(lookup.resourceId, null);
    });

    it('records groups as Group, and discovery requests with no subject', async () => {
      const g = await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Recorded' });
      assert.equal(g.status, 201);
      assert.equal((await d.scim('GET', '/ServiceProviderConfig')).status, 200);
      const e = await entryFor(t, d.id, 'POST', '/Groups', (x) => x.resourceId === g.body.id);
      assert.deepEqual([e.resourceType, e.resourceId, e.userName], ['Group', g.body.id, null]);
      const discovery = await entryFor(t, d.id, 'GET', '/ServiceProviderConfig');
      assert.deepEqual([discovery.resourceType, discovery.resourceId], [null, null]);
    });
  });

  describe('Bulk', () => {
    it('records a 200 around failed operations as a failure naming how many failed and the first', async () => {
      const holder = (await d.scim('POST', '/Users', userBody('rec.bulk@acme.com'))).body.id as string;
      const r = await d.scim('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'b1', data: userBody('rec.bulk2@acme.com', { password: 'bulk-secret' }) },
          { method: 'POST', path: '/Users', bulkId: 'b2', data: userBody('REC.bulk@acme.com') },
        ],
      });
      assert.equal(r.status, 200, r.text);
      const detail = r.body.Operations[1].response.detail as string;
      assert.match(detail, new RegExp(`already belongs to user ${holder}`));
      const e = await entryFor(t, d.id, 'POST', '/Bulk');
      assert.equal(e.status, 200);
      assert.deepEqual(e.error, { code: 'uniqueness', attribute: null, message: `1 of 2 Bulk operations failed; the first (POST bulkId "b2") answered 409: ${detail}`, hint: null });
      assert.equal(e.responseExcerpt, excerpt(r.text), 'the response as sent, cut at 1 KB');
      assert.equal(e.requestBody.Operations[0].data.password, '[REDACTED]');
      const failures = await readSyncLog(t, d.id, 'status=error&limit=100');
      assert.ok(failures.data.some((x) => x.id === e.id), 'status=error lists it');
    });

    it('records a Bulk whose operations all succeeded as a success', async () => {
      const r = await d.scim('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [{ method: 'POST', path: '/Users', bulkId: 'ok1', data: userBody('rec.bulk.ok@acme.com') }],
      });
      assert.equal(r.status, 200, r.text);
      const e = await entryFor(t, d.id, 'POST', '/Bulk', (x) => x.requestBody?.Operations?.[0]?.bulkId === 'ok1');
      assert.deepEqual([e.status, e.error, e.responseExcerpt], [200, null, null]);
    });
  });

  describe('redaction', () => {
    it('never keeps a password, a secret-named key, a PATCH value whose path names a secret, or the bearer token', async () => {
      const body = userBody('rec.secret@acme.com', { password: 'Tr0ub4dor&3', 'urn:example:ext': { apiToken: 'tok-123', clientSecret: 'cs-456', note: 'kept' } });
      const r = await d.scim('POST', '/Users', body);
      assert.equal(r.status, 201, r.text);
      const id = r.body.id as string;
      await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'password', value: 'N3w-Pa55' }, { op: 'replace', value: { password: 'N3w-2' } }));
      await d.scim('GET', `/Users?filter=${q('userName eq "x"')}&access_token=qs-789`);
      const created = await entryFor(t, d.id, 'POST', '/Users', (e) => e.resourceId === id);
      assert.deepEqual(created.requestBody['urn:example:ext'], { apiToken: '[REDACTED]', clientSecret: '[REDACTED]', note: 'kept' });
      assert.equal(created.requestBody.password, '[REDACTED]');
      const patched = await entryFor(t, d.id, 'PATCH', `/Users/${id}`);
      assert.deepEqual(patched.requestBody.Operations, [
        { op: 'replace', path: 'password', value: '[REDACTED]' },
        { op: 'replace', value: { password: '[REDACTED]' } },
      ]);
      const query = await entryFor(t, d.id, 'GET', '/Users?filter=userName eq "x"&access_token=[REDACTED]');
      assert.equal(query.status, 200);
      // Nothing secret anywhere in the stored rows, whatever column it might have landed in.
      const rows = await t.db.store.db.selectFrom('sync_log').selectAll().where('directory_id', '=', d.id).execute();
      const text = JSON.stringify(rows);
      for (const secret of ['Tr0ub4dor', 'N3w-Pa55', 'N3w-2', 'qs-789', d.token]) assert.ok(!text.includes(secret), `stored ${secret}`);
    });

    it('caps a large body at 16 KB with a truncation marker', async () => {
      const big = 'x'.repeat(20_000);
      await d.scim('POST', '/Users', userBody('rec.big@acme.com', { title: big }));
      const page = await readSyncLog(t, d.id, 'userName=rec.big@acme.com');
      const body = page.data[0]?.requestBody;
      assert.equal(body.truncated, true);
      assert.ok(body.bytes > 20_000);
      assert.equal(Buffer.byteLength(body.excerpt), 16 * 1024);
      assert.ok(body.excerpt.startsWith('{'));
    });
  });

  describe('requests refused by authentication', () => {
    it('records a 401 for a directory that exists, without body or token', async () => {
      const other = await t.createDirectory('generic');
      const r = await t.app.inject({
        method: 'POST',
        url: `${other.base}/Users`,
        headers: { authorization: 'Bearer rst_wrong-token-0123456789', 'content-type': 'application/scim+json' },
        payload: JSON.stringify(userBody('intruder@acme.com', { password: 'p4ss' })),
      });
      assert.equal(r.statusCode, 401);
      const e = await entryFor(t, other.id, 'POST', '/Users');
      assert.equal(e.status, 401);
      assert.equal(e.requestBody, null);
      assert.deepEqual(e.error, {
        code: 'unauthorized',
        attribute: null,
        message: 'The bearer token is missing, expired or not valid for this SCIM base URL',
        hint: 'Copy the SCIM base URL and token from the directory settings again',
      });
      const text = JSON.stringify(await t.db.store.db.selectFrom('sync_log').selectAll().where('directory_id', '=', other.id).execute());
      assert.ok(!text.includes('rst_wrong-token') && !text.includes('p4ss'));
    });

    it('records nothing for a directory id that names no directory', async () => {
      const before = await t.db.store.db.selectFrom('sync_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const r = await t.app.inject({ method: 'GET', url: `/scim/v2/${UNKNOWN_ID}/Users`, headers: { authorization: 'Bearer nope' } });
      assert.equal(r.statusCode, 401);
      await d.scim('GET', '/Schemas'); // a later entry, to know the batch holding the 401 was flushed
      await entryFor(t, d.id, 'GET', '/Schemas');
      const rows = await t.db.store.db.selectFrom('sync_log').selectAll().where('directory_id', '=', UNKNOWN_ID).execute();
      assert.equal(rows.length, 0);
      const afterCount = await t.db.store.db.selectFrom('sync_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(afterCount.n) > Number(before.n));
    });
  });
});
