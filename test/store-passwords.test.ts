// Issue 5 (Okta's random password on every create costs a scrypt): a directory may drop SCIM passwords.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('storePasswords per directory', () => {
  let t: TestApp;
  let d: TestDirectory;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  const hashOf = async (id: string) => (await t.db.store.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash;

  it('stores the hashed password by default', async () => {
    assert.equal((await t.admin('GET', `/directories/${d.id}`)).body.storePasswords, true);
    const r = await d.scim('POST', '/Users', userBody('ann@acme.com', { password: 'Rand0m!Okta#1' }));
    assert.equal(r.status, 201);
    assert.match(String(await hashOf(r.body.id)), /scrypt|\$/);
  });

  it('with storePasswords false, POST, PUT and PATCH passwords are dropped: nothing hashed, nothing stored, the write succeeds', async () => {
    const set = await t.admin('PATCH', `/directories/${d.id}`, { storePasswords: false });
    assert.deepEqual([set.status, set.body.storePasswords], [200, false]);
    const created = await d.scim('POST', '/Users', userBody('bob@acme.com', { PassWord: 'Rand0m!Okta#2' }));
    assert.equal(created.status, 201, created.text);
    assert.equal(await hashOf(created.body.id), null);
    assert.equal((await d.scim('PUT', `/Users/${created.body.id}`, userBody('bob@acme.com', { password: 'x' }))).status, 200);
    assert.equal((await d.scim('PATCH', `/Users/${created.body.id}`, patchBody({ op: 'replace', path: 'password', value: 'y' }))).status, 200);
    assert.equal(await hashOf(created.body.id), null);
    assert.equal((await t.admin('PATCH', `/directories/${d.id}`, { storePasswords: 'no' })).status, 400);
  });
});
