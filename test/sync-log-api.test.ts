// GET /api/v1/directories/:id/sync-log: filters, keyset paging newest first, errors, admin auth; and app.close() flushing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readSyncLog, type LogEntry } from './helpers/sync-log-expect.ts';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('sync log API', { timeout: 120_000 }, () => {
  let t: TestApp;
  let d: TestDirectory;
  let alice: string;
  let start: string;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('entra');
    start = new Date(Date.now() - 1000).toISOString();
    alice = (await d.scim('POST', '/Users', userBody('alice@acme.com'))).body.id as string;
    await d.scim('GET', `/Users/${alice}`);
    await d.scim('POST', '/Users', userBody('ALICE@acme.com')); // 409
    await d.scim('POST', '/Users', userBody('bob@acme.com'));
    await d.scim('GET', '/Users?filter=bad filter'); // 400
    await d.scim('PATCH', `/Users/${alice}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }); // Entra: 204
    await d.scim('GET', '/Nowhere'); // 404
    await readSyncLog(t, d.id, 'limit=100', (e) => e.length >= 7);
  });
  after(() => t.close());

  const list = async (query: string) => (await readSyncLog(t, d.id, query, () => true)).data;
  const statuses = (entries: LogEntry[]) => entries.map((e) => e.status);

  it('answers {data, nextCursor} newest first, every entry with the documented fields', async () => {
    const page = await readSyncLog(t, d.id, 'limit=100');
    assert.equal(page.nextCursor, null);
    assert.deepEqual(statuses(page.data), [404, 204, 400, 201, 409, 200, 201]);
    assert.deepEqual(Object.keys(page.data[0] as object).sort(), [
      'at', 'durationMs', 'error', 'id', 'method', 'path', 'requestBody', 'resourceId', 'resourceType', 'responseExcerpt', 'status', 'userName', 'warning',
    ]);
    const ats = page.data.map((e) => Date.parse(e.at));
    assert.deepEqual([...ats].sort((a, b) => b - a), ats);
  });

  it('pages with the cursor without gaps or repeats', async () => {
    const all = (await readSyncLog(t, d.id, 'limit=100')).data.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: LogEntry[]; nextCursor: string | null } = await readSyncLog(t, d.id, `limit=3${cursor ? `&after=${cursor}` : ''}`, () => true);
      assert.ok(page.data.length <= 3);
      seen.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, all);
  });

  it('filters by status: ok, error, 4xx, 5xx and one status', async () => {
    assert.deepEqual(statuses(await list('status=ok')), [204, 201, 200, 201]);
    assert.deepEqual(statuses(await list('status=error')), [404, 400, 409]);
    assert.deepEqual(statuses(await list('status=4xx')), [404, 400, 409]);
    assert.deepEqual(statuses(await list('status=5xx')), []);
    assert.deepEqual(statuses(await list('status=409')), [409]);
  });

  it('filters by userId (what happened to this user, the duplicate included) and userName, case-insensitively', async () => {
    assert.deepEqual(statuses(await list(`userId=${alice}`)), [204, 409, 200, 201]);
    assert.deepEqual(statuses(await list('userName=alice@ACME.com')), [409, 201]);
    assert.deepEqual(statuses(await list('userName=bob@acme.com')), [201]);
  });

  it('filters by time: since inclusive, until exclusive', async () => {
    assert.equal((await list(`since=${start}`)).length, 7);
    assert.equal((await list(`until=${start}`)).length, 0);
    const third = (await list('limit=100'))[2] as LogEntry;
    assert.deepEqual(statuses(await list(`since=${third.at}&status=error`)), [404, 400]);
  });

  it('refuses a bad status, time, userId or cursor with the admin error shape', async () => {
    const bad = async (query: string, code: string, pattern: RegExp) => {
      const r = await t.admin('GET', `/directories/${d.id}/sync-log?${query}`);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.error.code, code);
      assert.match(r.body.error.message, pattern);
    };
    await bad('status=maybe', 'invalid_value', /^status must be ok, error, 4xx, 5xx or a status such as 409; got "maybe"$/);
    await bad('since=yesterday', 'invalid_value', /^since must be an ISO 8601 time/);
    await bad('userId=alice', 'invalid_value', /^userId must be a user id/);
    await bad('after=not-a-cursor', 'invalid_cursor', /not one this server issued/);
  });

  it('answers 404 for an unknown directory and 401 without the admin key', async () => {
    const missing = await t.admin('GET', '/directories/01a20000-0000-7000-8000-000000000000/sync-log');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    const anonymous = await t.admin('GET', `/directories/${d.id}/sync-log`, undefined, 'not-the-admin-key-at-all');
    assert.equal(anonymous.status, 401);
  });
});

describe('sync log on app.close()', { timeout: 60_000 }, () => {
  it('writes the entries still waiting in memory', async () => {
    const t = await startTestApp();
    try {
      const d = await t.createDirectory('generic');
      for (let i = 0; i < 5; i++) await d.scim('GET', '/Schemas');
      await t.app.close(); // before the 250 ms flush timer fires
      const rows = await t.db.store.db.selectFrom('sync_log').select('path').where('directory_id', '=', d.id).execute();
      assert.equal(rows.length, 5);
    } finally {
      await t.db.dispose();
    }
  });
});
