// Issue 9 §Strict mode: unknown attributes are ignored with a sync-log warning (lenient, the default)
// or refused with 400 invalidSyntax (strict, the SCIM interop profile's rule), per directory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertScimError } from './helpers/scim-expect.ts';
import { entryFor } from './helpers/sync-log-expect.ts';
import { startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const CUSTOM = 'urn:example:acme:2.0:User';

describe('attributeMode: lenient and strict', () => {
  let t: TestApp;
  let d: TestDirectory;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  it('lenient (the default): the user is created, the unknown attributes are named in its sync-log entry', async () => {
    assert.equal((await t.admin('GET', `/directories/${d.id}`)).body.attributeMode, 'lenient');
    const r = await d.scim('POST', '/Users', userBody('ann@acme.com', { shoeSize: 42, [`${CUSTOM}:badge`]: 'B-7' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.shoeSize, undefined);
    const entry = await entryFor(t, d.id, 'POST', '/Users', (e) => e.userName === 'ann@acme.com');
    assert.equal(entry.error, null);
    assert.ok(entry.warning, 'the entry carries a warning');
    assert.ok(['shoeSize', `${CUSTOM}:badge`].includes(entry.warning.attribute ?? ''), String(entry.warning.attribute));
    assert.match(entry.warning.message, /^2 attributes are not defined here and were ignored: /);
    for (const name of ['shoeSize', `${CUSTOM}:badge`]) assert.ok(entry.warning.message.includes(name), name);
    assert.match(entry.warning.hint ?? '', /strict/);
    const failures = (await t.admin('GET', `/directories/${d.id}/sync-log?status=error`)).body.data;
    assert.ok(!failures.some((e: { userName: string }) => e.userName === 'ann@acme.com'), 'a warning is not a failure');
    assert.equal((await t.admin('GET', `/directories/${d.id}`)).body.lastErrorMessage, null);
  });

  it('strict: 400 invalidSyntax naming the attribute, nothing written, the refusal in the sync log', async () => {
    const set = await t.admin('PATCH', `/directories/${d.id}`, { attributeMode: 'strict' });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.attributeMode, 'strict');
    const r = await d.scim('POST', '/Users', userBody('bob@acme.com', { shoeSize: 42 }));
    assertScimError(r, 400, 'invalidSyntax');
    assert.match(r.body.detail, /shoeSize/);
    assert.equal((await d.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "bob@acme.com"')}`)).body.totalResults, 0);
    const entry = await entryFor(t, d.id, 'POST', '/Users', (e) => e.userName === 'bob@acme.com');
    assert.deepEqual([entry.error?.code, entry.error?.attribute], ['invalid_syntax', 'shoeSize']);

    const put = await d.scim('PUT', `/Users/${(await d.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ann@acme.com"')}`)).body.Resources[0].id}`, userBody('ann@acme.com', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', CUSTOM] }));
    assertScimError(put, 400, 'invalidSyntax');
    assert.match(put.body.detail, new RegExp(CUSTOM));
  });

  it('strict: a Bulk operation with an unknown attribute fails alone; known attributes pass', async () => {
    const bulk = await d.scim('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'a', data: userBody('cat@acme.com', { favouriteColour: 'red' }) },
        { method: 'POST', path: '/Users', bulkId: 'b', data: userBody('dan@acme.com', { title: 'Engineer' }) },
      ],
    });
    assert.equal(bulk.status, 200, bulk.text);
    assert.deepEqual(bulk.body.Operations.map((o: { status: string }) => o.status), ['400', '201']);
    assert.equal(bulk.body.Operations[0].response.scimType, 'invalidSyntax');
  });

  it('refuses a mode it does not know, and lenient comes back', async () => {
    const bad = await t.admin('PATCH', `/directories/${d.id}`, { attributeMode: 'paranoid' });
    assert.equal(bad.status, 400);
    assert.equal((await t.admin('PATCH', `/directories/${d.id}`, { attributeMode: 'lenient' })).body.attributeMode, 'lenient');
    assert.equal((await d.scim('POST', '/Users', userBody('eve@acme.com', { shoeSize: 40 }))).status, 201);
  });
});
