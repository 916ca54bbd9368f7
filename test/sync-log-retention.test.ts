// Sync-log retention: per-directory days set through the admin API, the purge, its batching, replicas, and the periodic job.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { purgeExpiredSyncLog, startSyncLogRetention } from '../src/directory/sync-log/sync-log-retention.ts';
import { newId } from '../src/lib/ids.ts';
import { insertSyncLogEntries, type SyncLogInsert } from '../src/store/sync-log-repository.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

const DAY = 86_400_000;

function entryAt(directoryId: string, at: Date): SyncLogInsert {
  return {
    id: newId(),
    directory_id: directoryId, at: at.toISOString(), method: 'GET', path: '/Users', status: 200, duration_ms: 1,
    resource_type: 'User', resource_id: null, user_name: null, error_code: null, attribute: null, message: null, hint: null,
    request_body: null, response_excerpt: null,
  };
}

describe('sync log retention', { timeout: 120_000 }, () => {
  let t: TestApp;
  const count = async (directoryId: string) =>
    Number((await t.db.store.db.selectFrom('sync_log').select((eb) => eb.fn.countAll<string>().as('n')).where('directory_id', '=', directoryId).executeTakeFirstOrThrow()).n);
  /** Entries `ages` days old (as of now) in a new directory with `days` retention (default when undefined). */
  const directoryWith = async (ages: number[], days?: number) => {
    const d = await t.createDirectory('generic');
    if (days !== undefined) assert.equal((await t.admin('PATCH', `/directories/${d.id}`, { syncLogRetentionDays: days })).status, 200);
    await insertSyncLogEntries(t.db.store.db, ages.map((age) => entryAt(d.id, new Date(Date.now() - age * DAY))));
    return d.id;
  };

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('defaults to 30 days, settable per directory through PATCH /directories/:id', async () => {
    const d = await t.createDirectory('generic');
    assert.equal((await t.admin('GET', `/directories/${d.id}`)).body.syncLogRetentionDays, 30);
    const r = await t.admin('PATCH', `/directories/${d.id}`, { syncLogRetentionDays: 7 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.syncLogRetentionDays, 7);
    const bad = await t.admin('PATCH', `/directories/${d.id}`, { syncLogRetentionDays: 0 });
    assert.equal(bad.status, 400);
  });

  it("deletes each directory's entries past its own retention, and nothing else", async () => {
    const week = await directoryWith([0, 6, 8, 40], 7);
    const month = await directoryWith([0, 6, 8, 29, 31]);
    await purgeExpiredSyncLog(t.db.store.db);
    assert.equal(await count(week), 2);
    assert.equal(await count(month), 4);
    // Ten days later, as the job would see it then.
    await purgeExpiredSyncLog(t.db.store.db, new Date(Date.now() + 10 * DAY));
    assert.equal(await count(week), 0);
    assert.equal(await count(month), 3, 'ages 10, 16 and 18 days stay; 39 goes');
  });

  it('purges more than one batch in a run', async () => {
    const id = await directoryWith(new Array(6000).fill(40), 7);
    assert.equal(await purgeExpiredSyncLog(t.db.store.db), 6000);
    assert.equal(await count(id), 0);
  });

  it('is safe when replicas purge at once: every expired entry goes, none twice, nothing fails', async () => {
    const id = await directoryWith([...new Array(300).fill(40), 1], 7);
    const deleted = await Promise.all([purgeExpiredSyncLog(t.db.store.db), purgeExpiredSyncLog(t.db.store.db), purgeExpiredSyncLog(t.db.store.db)]);
    // A replica that finds the lock taken stops for this round; a later round finishes what it left.
    const rest = await purgeExpiredSyncLog(t.db.store.db);
    assert.equal(deleted.reduce((a, b) => a + b, 0) + rest, 300);
    assert.equal(await count(id), 1);
  });

  it('runs periodically once started, and stop() ends it', async () => {
    const id = await directoryWith([40, 40], 7);
    const stop = startSyncLogRetention(t.db.store.db, { warn: () => {} }, 100);
    const deadline = Date.now() + 5000;
    while ((await count(id)) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await stop();
    assert.equal(await count(id), 0);
    const later = await directoryWith([40], 7);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await count(later), 1, 'a stopped job deletes nothing more');
  });
});
