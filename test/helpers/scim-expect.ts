// Assertions the end-to-end SCIM suites share: error bodies, media type, and the event log.
import assert from 'node:assert/strict';
import type { Reply, TestApp } from './test-app.ts';

export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** Every SCIM response, success or error, is application/scim+json (RFC 7644 §3.1). */
export function assertScimMedia(r: Reply): void {
  assert.match(String(r.headers['content-type']), /^application\/scim\+json/, `content-type of a ${r.status}: ${r.headers['content-type']}`);
}

/** An RFC 7644 §3.12 error body: the Error schema, `status` as a string, scimType, and a detail matching `detail`. */
export function assertScimError(r: Reply, status: number, scimType?: string, detail?: RegExp): void {
  assert.equal(r.status, status, r.text);
  assertScimMedia(r);
  assert.deepEqual(r.body.schemas, [ERROR_URN]);
  assert.equal(r.body.status, String(status));
  if (scimType === undefined) assert.equal(r.body.scimType, undefined, r.text);
  else assert.equal(r.body.scimType, scimType, r.text);
  assert.equal(typeof r.body.detail, 'string');
  if (detail) assert.match(r.body.detail, detail);
}

export interface EventRecord {
  type: string;
  objectId: string | null;
  objectVersion: number | null;
  data: Record<string, any>;
}

/** The events of one directory in log order, directory.activated left out. */
export async function directoryEvents(t: TestApp, directoryId: string): Promise<EventRecord[]> {
  const rows = await t.db.store.db
    .selectFrom('events')
    .select(['type', 'object_id', 'object_version', 'data', 'sequence'])
    .where('directory_id', '=', directoryId)
    .where('type', '<>', 'directory.activated')
    .orderBy('sequence')
    .execute();
  return rows.map((r) => ({ type: r.type, objectId: r.object_id, objectVersion: r.object_version, data: r.data as Record<string, any> }));
}

/** Runs `action` and returns what it returned with the events it wrote in this directory. */
export async function withEvents<T>(t: TestApp, directoryId: string, action: () => Promise<T>): Promise<{ result: T; events: EventRecord[] }> {
  const before = (await directoryEvents(t, directoryId)).length;
  const result = await action();
  return { result, events: (await directoryEvents(t, directoryId)).slice(before) };
}

export function types(events: EventRecord[]): string[] {
  return events.map((e) => e.type);
}
