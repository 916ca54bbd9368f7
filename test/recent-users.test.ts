// A PATCH or PUT right after this process wrote the user starts from the row it kept
// (src/directory/users/recent-users.ts) instead of reading it. These tests play the other replica:
// they change the stored row behind the process's back and check that no change is lost, that
// "nothing changed" is decided on the stored row, and that If-Match and deletions still hold.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { recentUsers } from '../src/directory/users/recent-users.ts';
import { assertScimError, directoryEvents } from './helpers/scim-expect.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('writes after a kept row', () => {
  let t: TestApp;
  let d: TestDirectory;
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('generic');
  });
  after(() => t.close());

  /** What another Roster process writing the same user would leave: new content, version + 1. */
  const otherReplicaSetsTitle = (id: string, title: string) =>
    sql`update users set resource = jsonb_set(resource, '{title}', to_jsonb(${title}::text)), version = version + 1 where id = ${id}::uuid`.execute(t.db.store.db);

  const created = async (name: string) => {
    const r = await d.scim('POST', '/Users', userBody(name));
    assert.equal(r.status, 201);
    const id = r.body.id as string;
    assert.ok(recentUsers.get(d.id, id), 'the create is kept');
    return id;
  };

  it('a PATCH right after the create is applied and kept, without losing anything', async () => {
    const id = await created('kept-1@acme.com');
    const r = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'Engineer' }));
    assert.equal(r.status, 200);
    assert.equal(r.body.title, 'Engineer');
    assert.equal(r.headers.etag, 'W/"2"');
    assert.equal(recentUsers.get(d.id, id)?.version, 2);
    const again = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'nickName', value: 'Kay' }));
    assert.deepEqual([again.body.title, again.body.nickName, again.headers.etag], ['Engineer', 'Kay', 'W/"3"']);
    const events = (await directoryEvents(t, d.id)).filter((e) => e.objectId === id);
    assert.deepEqual(events.map((e) => e.type), ['user.created', 'user.updated', 'user.updated']);
  });

  it('a change another replica made since is kept: the PATCH applies on the stored row', async () => {
    const id = await created('kept-2@acme.com');
    await otherReplicaSetsTitle(id, 'Set elsewhere');
    const r = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'nickName', value: 'Jo' }));
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.title, r.body.nickName, r.headers.etag], ['Set elsewhere', 'Jo', 'W/"3"']);
    const stored = await t.db.store.db.selectFrom('users').select(['resource', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([(stored.resource as Record<string, unknown>).title, stored.version], ['Set elsewhere', 3]);
  });

  it('"nothing changed" is decided on the stored row, not the kept one', async () => {
    const id = await created('kept-3@acme.com');
    await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'A' }));
    await otherReplicaSetsTitle(id, 'B');
    // The kept row says title A already: were that believed, B would stay stored and the IdP's A be lost.
    const r = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'A' }));
    assert.deepEqual([r.status, r.body.title, r.headers.etag], [200, 'A', 'W/"4"']);
    const stored = await t.db.store.db.selectFrom('users').select('resource').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal((stored.resource as Record<string, unknown>).title, 'A');
  });

  it('If-Match is checked against the stored version', async () => {
    const id = await created('kept-4@acme.com');
    await otherReplicaSetsTitle(id, 'Moved on');
    const stale = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'X' }), { 'if-match': 'W/"1"' });
    assertScimError(stale, 412, undefined);
    const current = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'X' }), { 'if-match': 'W/"2"' });
    assert.deepEqual([current.status, current.body.title], [200, 'X']);
  });

  it('a user deleted elsewhere answers 404, kept row or not', async () => {
    const id = await created('kept-5@acme.com');
    await sql`update users set state = 'deprovisioned', version = version + 1 where id = ${id}::uuid`.execute(t.db.store.db);
    assertScimError(await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'Gone' })), 404, undefined);
    const id2 = await created('kept-6@acme.com');
    await sql`delete from users where id = ${id2}::uuid`.execute(t.db.store.db);
    assertScimError(await d.scim('PUT', `/Users/${id2}`, userBody('kept-6@acme.com')), 404, undefined);
  });

  it('the answer after a kept-row write shows the groups the user is in now', async () => {
    const id = await created('kept-7@acme.com');
    const group = await d.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Kept group', members: [{ value: id }] });
    assert.equal(group.status, 201);
    const r = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'Member' }));
    assert.deepEqual(r.body.groups?.map((g: { display: string }) => g.display), ['Kept group']);
  });
});
