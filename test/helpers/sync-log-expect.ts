// Reads a directory's sync log through the admin API, waiting for the writer's next flush (≤ 250 ms).
import assert from 'node:assert/strict';
import type { TestApp } from './test-app.ts';

export interface LogEntry {
  id: string;
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  resourceType: string | null;
  resourceId: string | null;
  userName: string | null;
  error: { code: string; attribute: string | null; message: string; hint: string | null } | null;
  warning: { attribute: string | null; message: string; hint: string | null } | null;
  requestBody: any;
  responseExcerpt: string | null;
}

/** GET …/sync-log?query until `ready` holds for the page (entries are written in batches), at most `timeoutMs`. */
export async function readSyncLog(
  t: TestApp,
  directoryId: string,
  query = '',
  ready: (entries: LogEntry[]) => boolean = (e) => e.length > 0,
  timeoutMs = 10_000,
): Promise<{ data: LogEntry[]; nextCursor: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await t.admin('GET', `/directories/${directoryId}/sync-log${query ? `?${query}` : ''}`);
    assert.equal(r.status, 200, r.text);
    if (ready(r.body.data) || Date.now() > deadline) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The newest entry for `method path` (path relative to the SCIM base) that also passes `match`, waiting
 * for it to be written; give `match` when an older request had the same method and path.
 */
export async function entryFor(t: TestApp, directoryId: string, method: string, path: string, match: (e: LogEntry) => boolean = () => true): Promise<LogEntry> {
  const find = (entries: LogEntry[]) => entries.find((e) => e.method === method && e.path === path && match(e));
  const page = await readSyncLog(t, directoryId, 'limit=100', (e) => find(e) !== undefined);
  const entry = find(page.data);
  assert.ok(entry, `no sync-log entry for ${method} ${path}; have ${page.data.map((e) => `${e.method} ${e.path}`).join(', ')}`);
  return entry;
}
