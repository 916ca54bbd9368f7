// GET /Groups/{id} of a group past one chunk of members (1,000): streamed from a cursor, and the
// same JSON an ordinary read gives — every member once, in order, with the projection applied.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MEMBER_CHUNK, openGroupRead } from '../src/directory/resource-reader.ts';
import { GROUP_URN, ORIGIN, patchBody, startTestApp, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const MEMBERS = MEMBER_CHUNK * 2 + 345;

describe('a group of more members than one chunk', () => {
  let t: TestApp;
  let d: TestDirectory;
  let group: string;
  let inner: string;
  const ids: string[] = [];

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    for (let b = 0; b < MEMBERS; b += 1000) {
      const n = Math.min(1000, MEMBERS - b);
      const bulk = await d.scim('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: Array.from({ length: n }, (_, i) => ({
          method: 'POST',
          path: '/Users',
          bulkId: `u${b + i}`,
          data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `member${b + i}@acme.com` },
        })),
      });
      assert.equal(bulk.status, 200, bulk.text);
      for (const op of bulk.body.Operations as { status: string; location: string }[]) {
        assert.equal(op.status, '201');
        ids.push(op.location.split('/').pop() as string);
      }
    }
    inner = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Inner' })).body.id;
    group = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Everyone', externalId: 'okta-everyone' })).body.id;
    for (let b = 0; b < ids.length; b += 500) {
      const r = await d.scim('PATCH', `/Groups/${group}`, patchBody({ op: 'add', path: 'members', value: ids.slice(b, b + 500).map((value) => ({ value })) }));
      assert.equal(r.status, 204, r.text);
    }
    assert.equal((await d.scim('PATCH', `/Groups/${group}`, patchBody({ op: 'add', path: 'members', value: [{ value: inner, type: 'Group' }] }))).status, 204);
  });
  after(async () => {
    await t.close();
  });

  it('lists every member once, in the order they were added, each as a small group shows it', async () => {
    const r = await d.scim('GET', `/Groups/${group}`);
    assert.equal(r.status, 200, r.text.slice(0, 500));
    assert.match(String(r.headers['content-type']), /^application\/scim\+json/);
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    assert.equal(r.headers.etag, `W/"${Math.ceil(MEMBERS / 500) + 2}"`);
    const members = r.body.members as Record<string, string>[];
    assert.equal(members.length, MEMBERS + 1);
    // Each PATCH's members in turn (within one, by id: they share a timestamp), none twice.
    for (let b = 0; b < MEMBERS; b += 500) {
      assert.deepEqual(members.slice(b, Math.min(b + 500, MEMBERS)).map((m) => m.value), ids.slice(b, b + 500).sort());
    }
    const first = members[0] as Record<string, string>;
    const n = ids.indexOf(first.value as string);
    assert.deepEqual(first, { value: ids[n], $ref: `${ORIGIN}${d.base}/Users/${ids[n]}`, display: `member${n}@acme.com`, type: 'User' });
    assert.deepEqual(members[MEMBERS], { value: inner, $ref: `${ORIGIN}${d.base}/Groups/${inner}`, display: 'Inner', type: 'Group' });
    // The rest of the group is what a read without members gives, in the same attribute order.
    const { members: _, ...rest } = r.body;
    const without = await d.scim('GET', `/Groups/${group}?excludedAttributes=members`);
    assert.deepEqual(rest, without.body);
    assert.deepEqual(Object.keys(r.body), ['schemas', 'id', 'externalId', 'displayName', 'members', 'meta']);
    // Members in the shape (and key order) of a group small enough to be read at once.
    const small = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Small', members: [{ value: ids[0] }] })).body.id as string;
    const smallMember = (await d.scim('GET', `/Groups/${small}`)).body.members[0];
    assert.deepEqual(Object.keys(members[0] as object), Object.keys(smallMember));
  });

  it('applies attributes and excludedAttributes as an ordinary read does', async () => {
    const only = await d.scim('GET', `/Groups/${group}?attributes=members`);
    assert.deepEqual(Object.keys(only.body).sort(), ['id', 'members', 'schemas']);
    assert.equal(only.body.members.length, MEMBERS + 1);
    const values = await d.scim('GET', `/Groups/${group}?attributes=members.value`);
    assert.equal(values.status, 200);
    assert.equal(values.body.members.length, MEMBERS + 1);
    assert.ok(values.body.members.every((m: Record<string, unknown>) => typeof m.value === 'string' && m.display === undefined));
    const noDisplay = await d.scim('GET', `/Groups/${group}?excludedAttributes=members.display,meta`);
    assert.equal(noDisplay.body.meta, undefined);
    assert.ok(noDisplay.body.members.every((m: Record<string, unknown>) => m.display === undefined && typeof m.$ref === 'string'));
  });

  it('streams a list whose groups hold a chunk of members or more, each group with its own', async () => {
    const inList = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Listed', members: [{ value: ids[1] }, { value: ids[2] }] })).body.id as string;
    const single = (await d.scim('GET', `/Groups/${group}`)).body;
    const list = await d.scim('GET', `/Groups?sortBy=displayName`);
    assert.equal(list.status, 200, list.text.slice(0, 300));
    assert.match(String(list.headers['content-type']), /^application\/scim\+json/);
    const byId = new Map((list.body.Resources as { id: string; members?: { value: string }[] }[]).map((g) => [g.id, g]));
    assert.deepEqual(byId.get(group), single);
    assert.deepEqual(byId.get(inner)?.members, undefined);
    assert.deepEqual(byId.get(inList)?.members?.map((m) => m.value), [ids[1], ids[2]].sort());
    assert.equal(list.body.totalResults, list.body.Resources.length);
    // Streamed (no length known in advance), where a list of small groups is sent whole.
    assert.equal(list.headers['content-length'], undefined);
    assert.equal(list.headers['transfer-encoding'], 'chunked');
    const small = await d.scim('GET', `/Groups?filter=${encodeURIComponent(`id eq "${inList}"`)}`);
    assert.equal(small.body.Resources[0].members.length, 2);
    assert.ok(Number(small.headers['content-length']) > 0);
    // The same through POST /Groups/.search, with a projection that keeps members whole.
    const searched = await d.scim('POST', '/Groups/.search', { filter: `id eq "${group}"`, attributes: ['members', 'displayName'] });
    assert.equal(searched.status, 200);
    assert.equal(searched.body.Resources[0].members.length, MEMBERS + 1);
    assert.equal(searched.body.Resources[0].displayName, 'Everyone');
    // And a page of members' groups that leaves the members out reads none.
    const without = await d.scim('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`id eq "${group}"`)}`);
    assert.equal(without.body.Resources[0].members, undefined);
  });

  it('streams the big group through POST /.search at the root too, beside the users it finds', async () => {
    const single = (await d.scim('GET', `/Groups/${group}`)).body;
    const found = await d.scim('POST', '/.search', { filter: 'displayName eq "Everyone" or userName eq "member7@acme.com"' });
    assert.equal(found.status, 200, found.text.slice(0, 300));
    assert.equal(found.body.totalResults, 2);
    const everyone = (found.body.Resources as { id: string }[]).find((r) => r.id === group);
    assert.deepEqual(everyone, single);
    assert.equal((found.body.Resources as { userName?: string }[]).filter((r) => r.userName === 'member7@acme.com').length, 1);
    assert.equal(found.headers['content-length'], undefined);
    assert.equal(found.headers['transfer-encoding'], 'chunked');
    const without = await d.scim('POST', '/.search', { filter: 'displayName eq "Everyone"', excludedAttributes: ['members'] });
    assert.equal(without.body.Resources[0].members, undefined);
    assert.ok(Number(without.headers['content-length']) > 0, 'without members it is sent whole');
  });

  it('answers HEAD with the headers alone, and ends the read', async () => {
    const head = await d.scim('HEAD', `/Groups/${group}`);
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.match(String(head.headers.etag), /^W\/"\d+"$/);
    // The read's snapshot is gone: a write to the group does not wait on it.
    assert.equal((await d.scim('PATCH', `/Groups/${group}`, patchBody({ op: 'replace', path: 'displayName', value: 'Everyone' }))).status, 204);
  });

  it('answers 304 to a current If-None-Match and 404 to an unknown or foreign group', async () => {
    const etag = String((await d.scim('GET', `/Groups/${group}?excludedAttributes=members`)).headers.etag);
    const cached = await d.scim('GET', `/Groups/${group}`, undefined, { 'if-none-match': etag });
    assert.equal(cached.status, 304);
    assert.equal(cached.text, '');
    assert.equal((await d.scim('GET', `/Groups/${ids[0]}`)).status, 404);
    const other = await t.createDirectory('okta');
    assert.equal((await other.scim('GET', `/Groups/${group}`)).status, 404);
  });

  it('walks the members from one snapshot: a change after the read began is not in it', async () => {
    const ctx = { directoryId: d.id, organizationId: d.organizationId, scimBaseUrl: `${ORIGIN}${d.base}` } as Parameters<typeof openGroupRead>[1];
    const read = await openGroupRead(t.db.store.db, ctx, group, 700);
    let seen = read.first.length;
    try {
      assert.equal(read.first.length, 700);
      // On PostgreSQL the removal commits beside the open read; PGlite's one connection runs it after.
      const removal = d.scim('PATCH', `/Groups/${group}`, patchBody({ op: 'remove', path: `members[value eq "${ids[MEMBERS - 1]}"]` }));
      if (t.db.kind === 'postgres') assert.equal((await removal).status, 204);
      for await (const chunk of read.rest) seen += chunk.length;
      await read.close();
      assert.equal((await removal).status, 204);
    } finally {
      await read.close();
    }
    assert.equal(seen, MEMBERS + 1);
    assert.equal((await d.scim('GET', `/Groups/${group}`)).body.members.length, MEMBERS);
  });
});
