// The common sync failures, word for word: what the IdP is answered, what the sync log says, and the directory's last error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertScimError } from './helpers/scim-expect.ts';
import { entryFor, readSyncLog } from './helpers/sync-log-expect.ts';
import { GROUP_URN, patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const UNKNOWN_ID = '7f3e2a10-0000-4000-8000-000000000000';
const FILTER_HINT =
  'The identity provider sent a filter that is not valid SCIM; check the matching rule or attribute mapping in its provisioning settings, and if they are standard, report the filter to its support';

/** The directory as the admin API shows it, once its last error has been written (next flush). */
async function directoryWithLastError(t: TestApp, id: string): Promise<Record<string, any>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await t.admin('GET', `/directories/${id}`);
    if (r.body.lastErrorAt !== null || Date.now() > deadline) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sync log: messages of the common failures', { timeout: 120_000 }, () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  // A directory per failure, so each one's last error is that failure.
  const fresh = (): Promise<TestDirectory> => t.createDirectory('okta');

  it('duplicate userName: 409 naming the user that holds it, when it was created, and what to do', async () => {
    const d = await fresh();
    const first = await d.scim('POST', '/Users', userBody('dup@acme.com'));
    const holder = first.body.id as string;
    const created = String(first.body.meta.created).slice(0, 10);
    const r = await d.scim('POST', '/Users', userBody('Dup@acme.com'));
    const message = `userName "Dup@acme.com" already belongs to user ${holder}, created by Okta on ${created}`;
    const hint = 'Remove the duplicate in Okta, or match the existing user by this value instead of creating a new one.';
    assertScimError(r, 409, 'uniqueness');
    assert.equal(r.body.detail, `${message}. ${hint}`);
    const e = await entryFor(t, d.id, 'POST', '/Users', (x) => x.status === 409);
    assert.deepEqual(e.error, { code: 'uniqueness', attribute: 'userName', message, hint });
    assert.equal(e.resourceId, holder, 'the entry points at the user that already holds the userName');
    assert.equal(e.userName, 'Dup@acme.com');
    assert.equal(e.responseExcerpt, r.text);
    const dir = await directoryWithLastError(t, d.id);
    assert.equal(dir.lastErrorMessage, `POST /Users (409): ${message}. ${hint}`);
    assert.equal(dir.lastErrorAt, e.at);
  });

  it('unknown member: 400 invalidValue naming the group and the member id', async () => {
    const d = await fresh();
    const group = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Engineering' })).body.id as string;
    const r = await d.scim('PATCH', `/Groups/${group}`, patchBody({ op: 'add', path: 'members', value: [{ value: UNKNOWN_ID }] }));
    const message = `Group "Engineering": member "${UNKNOWN_ID}" not found in this directory`;
    const hint = 'Provision the user or group before adding it as a member; the identity provider retries the membership after.';
    assertScimError(r, 400, 'invalidValue');
    assert.equal(r.body.detail, `${message}. ${hint}`);
    const e = await entryFor(t, d.id, 'PATCH', `/Groups/${group}`);
    assert.deepEqual(e.error, { code: 'invalid_value', attribute: 'members', message, hint });
    assert.deepEqual([e.resourceType, e.resourceId], ['Group', group]);
    assert.equal((await directoryWithLastError(t, d.id)).lastErrorMessage, `PATCH /Groups/${group} (400): ${message}. ${hint}`);
  });

  it('bad filter: 400 invalidFilter with the position, the filter parameter and what to check', async () => {
    const d = await fresh();
    const filter = 'userName eq "a@acme.com" and';
    const r = await d.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
    const message = 'Expected an attribute path, "(" or "not" at position 28, found the end of the filter';
    assertScimError(r, 400, 'invalidFilter');
    assert.equal(r.body.detail, `${message}. ${FILTER_HINT}`);
    const e = await entryFor(t, d.id, 'GET', `/Users?filter=${filter}`);
    assert.deepEqual(e.error, { code: 'invalid_filter', attribute: 'filter', message, hint: FILTER_HINT });
    assert.equal((await directoryWithLastError(t, d.id)).lastErrorMessage, `GET /Users?filter=${filter} (400): ${message}. ${FILTER_HINT}`);
  });

  it('schema violation: active "maybe" is 400 invalidValue naming active', async () => {
    const d = await fresh();
    const r = await d.scim('POST', '/Users', userBody('maybe@acme.com', { active: 'maybe' }));
    const message = 'Attribute "active" must be a boolean, got "maybe"';
    const hint = 'Send true or false (the strings "true" and "false" in any case are accepted too).';
    assertScimError(r, 400, 'invalidValue');
    assert.equal(r.body.detail, `${message}. ${hint}`);
    const e = await entryFor(t, d.id, 'POST', '/Users');
    assert.deepEqual(e.error, { code: 'invalid_value', attribute: 'active', message, hint });
    assert.deepEqual([e.resourceId, e.userName, e.requestBody.active], [null, 'maybe@acme.com', 'maybe']);
  });

  it('a 404 to a lookup by id is part of a healthy sync: logged, but not the directory last error', async () => {
    const d = await fresh();
    assert.equal((await d.scim('GET', `/Users/${UNKNOWN_ID}`)).status, 404);
    const e = await entryFor(t, d.id, 'GET', `/Users/${UNKNOWN_ID}`);
    assert.equal(e.error?.code, 'not_found');
    const dir = (await t.admin('GET', `/directories/${d.id}`)).body;
    assert.deepEqual([dir.lastErrorAt, dir.lastErrorMessage], [null, null]);
  });

  it('filters the log to failures, newest first', async () => {
    const d = await fresh();
    await d.scim('POST', '/Users', userBody('ok@acme.com'));
    await d.scim('POST', '/Users', userBody('ok@acme.com'));
    await d.scim('POST', '/Users', userBody('bad@acme.com', { active: 'maybe' }));
    const page = await readSyncLog(t, d.id, 'status=error', (x) => x.length >= 2);
    assert.deepEqual(page.data.map((x) => x.status), [400, 409]);
  });
});
