// The sync log's buffered writer on a real store: batch triggers, failed flushes, the buffer cap, last-error throttling, close.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createSyncLogWriter, type WarnLogger } from '../src/directory/sync-log/sync-log-writer.ts';
import { newId } from '../src/lib/ids.ts';
import { insertSyncLogEntries, pageSyncLog, type SyncLogInsert } from '../src/store/sync-log-repository.ts';
import { startTestApp, type TestApp, type TestDirectory } from './helpers/test-app.ts';

function entry(directoryId: string, extra: Partial<SyncLogInsert> = {}): SyncLogInsert {
  return {
    id: newId(),
    directory_id: directoryId,
    at: new Date().toISOString(),
    method: 'GET',
    path: '/Users',
    status: 200,
    duration_ms: 3,
    resource_type: 'User',
    resource_id: null,
    user_name: null,
    error_code: null,
    attribute: null,
    message: null,
    hint: null,
    request_body: null,
    response_excerpt: null,
    ...extra,
  };
}

function failure(directoryId: string, message: string, at = new Date()): SyncLogInsert {
  return entry(directoryId, { method: 'POST', status: 400, error_code: 'invalid_value', message, at: at.toISOString() });
}

/** Collects warnings instead of printing them. */
function warnings(): WarnLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (_obj, msg) => void messages.push(msg) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync log writer', { timeout: 120_000 }, () => {
  let t: TestApp;
  const count = async (directoryId: string) =>
    Number((await t.db.store.db.selectFrom('sync_log').select((eb) => eb.fn.countAll<string>().as('n')).where('directory_id', '=', directoryId).executeTakeFirstOrThrow()).n);
  const lastError = async (directoryId: string) =>
    (await t.db.store.db.selectFrom('directories').select('last_error_message').where('id', '=', directoryId).executeTakeFirstOrThrow()).last_error_message;
  const fresh = (): Promise<TestDirectory> => t.createDirectory('generic');

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('writes a full batch at once, without waiting for the timer', async () => {
    const d = await fresh();
    const writer = createSyncLogWriter(t.db.store.db, warnings(), { flushIntervalMs: 60_000, batchSize: 100 });
    for (let i = 0; i < 99; i++) writer.record(entry(d.id));
    await sleep(100);
    assert.equal(await count(d.id), 0, 'below a batch, entries wait for the timer');
    writer.record(entry(d.id));
    const deadline = Date.now() + 3000;
    while ((await count(d.id)) < 100 && Date.now() < deadline) await sleep(20);
    assert.equal(await count(d.id), 100);
    await writer.close();
  });

  it('entries of one millisecond list in the order they were made, newest first; a batch written twice is stored once', async () => {
    const d = await fresh();
    const at = new Date().toISOString();
    // A refused filter answers in well under a millisecond: the next request can start in the same one.
    const made = Array.from({ length: 20 }, (_, i) => entry(d.id, { at, status: 200 + i }));
    await insertSyncLogEntries(t.db.store.db, made);
    await insertSyncLogEntries(t.db.store.db, made);
    const page = await pageSyncLog(t.db.store.db, d.id, {}, 100);
    assert.deepEqual(page.map((r) => r.status), made.map((e) => e.status).reverse());
  });

  it('writes 1,200 entries in batches on flush', async () => {
    const d = await fresh();
    const writer = createSyncLogWriter(t.db.store.db, warnings(), { flushIntervalMs: 60_000 });
    for (let i = 0; i < 1200; i++) writer.record(entry(d.id));
    await writer.flush();
    assert.equal(await count(d.id), 1200);
    await writer.close();
  });

  it('survives a failed flush: warns, retries each entry once, and never throws to the caller', async () => {
    const d = await fresh();
    const log = warnings();
    const writer = createSyncLogWriter(t.db.store.db, log, { flushIntervalMs: 60_000 });
    await sql`alter table sync_log add constraint sync_log_test_refuse check (status < 0) not valid`.execute(t.db.store.db);
    try {
      writer.record(entry(d.id, { path: '/first' }));
      await writer.flush(); // fails, kept for one retry
      assert.match(log.messages[0] ?? '', /could not write entries/);
      assert.deepEqual(writer.stats(), { buffered: 1, dropped: 0 }, 'kept for its retry, not lost yet');
      writer.record(entry(d.id, { path: '/second' }));
      await writer.flush(); // fails again: /first is dropped, /second kept for its retry
      assert.equal(log.messages.length, 2);
      assert.deepEqual(writer.stats(), { buffered: 1, dropped: 1 }, '/first lost (counted for /metrics), /second waiting');
    } finally {
      await sql`alter table sync_log drop constraint sync_log_test_refuse`.execute(t.db.store.db);
    }
    await writer.flush();
    const paths = await t.db.store.db.selectFrom('sync_log').select('path').where('directory_id', '=', d.id).execute();
    assert.deepEqual(paths.map((p) => p.path), ['/second']);
    await writer.close();
  });

  it('drops and counts entries past the buffer cap instead of growing without bound', async () => {
    const d = await fresh();
    const log = warnings();
    const writer = createSyncLogWriter(t.db.store.db, log, { flushIntervalMs: 60_000, maxBuffered: 10 });
    for (let i = 0; i < 15; i++) writer.record(entry(d.id));
    assert.deepEqual(writer.stats(), { buffered: 10, dropped: 5 });
    await writer.flush();
    assert.equal(await count(d.id), 10);
    assert.deepEqual(writer.stats(), { buffered: 0, dropped: 5 }, 'the count of lost entries stays (a counter), the warning only reports the new ones');
    assert.ok(log.messages.some((m) => /dropped because the buffer was full/.test(m)));
    await writer.close();
  });

  it('writes the directory last error at most once per interval, the newest failure winning', async () => {
    const d = await fresh();
    let now = Date.now();
    const writer = createSyncLogWriter(t.db.store.db, warnings(), { flushIntervalMs: 60_000, lastErrorIntervalMs: 5000, clock: () => now });
    writer.record(failure(d.id, 'first'));
    await writer.flush();
    assert.equal(await lastError(d.id), 'POST /Users (400): first.');
    for (let i = 0; i < 50; i++) writer.record(failure(d.id, `storm ${i}`));
    await writer.flush();
    assert.equal(await lastError(d.id), 'POST /Users (400): first.', 'within the interval the write waits');
    now += 4999;
    await writer.flush();
    assert.equal(await lastError(d.id), 'POST /Users (400): first.');
    now += 1;
    await writer.flush();
    assert.equal(await lastError(d.id), 'POST /Users (400): storm 49.', 'after the interval the newest failure is written');
    await writer.close();
  });

  it('never lets older news overwrite a newer last error (replicas flush out of order)', async () => {
    const d = await fresh();
    const a = createSyncLogWriter(t.db.store.db, warnings(), { flushIntervalMs: 60_000 });
    const b = createSyncLogWriter(t.db.store.db, warnings(), { flushIntervalMs: 60_000 });
    a.record(failure(d.id, 'newer', new Date()));
    await a.flush();
    b.record(failure(d.id, 'older', new Date(Date.now() - 60_000)));
    await b.flush();
    assert.equal(await lastError(d.id), 'POST /Users (400): newer.');
    await Promise.all([a.close(), b.close()]);
  });

  it('flushes everything on close and ignores entries recorded after it', async () => {
    const d = await fresh();
    const writer = createSyncLogWriter(t.db.store.db, warnings(), { flushIntervalMs: 60_000 });
    for (let i = 0; i < 7; i++) writer.record(entry(d.id));
    await writer.close();
    writer.record(entry(d.id));
    await writer.flush();
    assert.equal(await count(d.id), 7);
  });
});

describe('a sync log that cannot be written', { timeout: 60_000 }, () => {
  it('never fails a SCIM request', async () => {
    const t = await startTestApp();
    try {
      const d = await t.createDirectory('generic');
      await sql`alter table sync_log add constraint sync_log_test_refuse check (status < 0) not valid`.execute(t.db.store.db);
      for (let i = 0; i < 20; i++) assert.equal((await d.scim('GET', '/Users?count=1')).status, 200);
      await sleep(600); // two flush attempts, both refused
      assert.equal((await d.scim('GET', '/Users?count=1')).status, 200);
      await sql`alter table sync_log drop constraint sync_log_test_refuse`.execute(t.db.store.db);
    } finally {
      await t.close();
    }
  });
});
