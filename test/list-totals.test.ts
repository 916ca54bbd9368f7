// Issue 5: an unfiltered list's totalResults comes from counts the database keeps per directory
// (migration 026), not from counting the directory. It must still be exact after every kind of
// change, under concurrency, and while the fold job compacts the counts beside the writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { foldResourceCounts } from '../src/store/resource-count-repository.ts';
import { GROUP_URN, patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('list totals kept by the database', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const counted = async (d: TestDirectory) => {
    const u = await sql<{ n: number }>`select count(*)::int as n from users where directory_id = ${d.id}::uuid and state <> 'deprovisioned'`.execute(t.db.store.db);
    const g = await sql<{ n: number }>`select count(*)::int as n from groups where directory_id = ${d.id}::uuid`.execute(t.db.store.db);
    return { users: u.rows[0]?.n, groups: g.rows[0]?.n };
  };
  const totals = async (d: TestDirectory) => {
    const [u, u0, ud, g] = await Promise.all([
      d.scim('GET', '/Users?startIndex=1&count=2'),
      d.scim('GET', '/Users?count=0'),
      d.scim('GET', '/Users?startIndex=100000&count=10'),
      d.scim('GET', '/Groups?count=1&excludedAttributes=members'),
    ]);
    assert.equal(u0.body.totalResults, u.body.totalResults, 'count=0 and a page agree');
    assert.equal(ud.body.totalResults, u.body.totalResults, 'a page past the end agrees');
    return { users: u.body.totalResults as number, groups: g.body.totalResults as number };
  };
  const deltaRows = async (d: TestDirectory) =>
    (await sql<{ n: number }>`select count(*)::int as n from resource_counts where directory_id = ${d.id}::uuid`.execute(t.db.store.db)).rows[0]?.n ?? 0;

  it('every kind of change moves the total exactly', async () => {
    const d = await t.createDirectory('generic');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await d.scim('POST', '/Users', userBody(`tot${i}@acme.com`, { externalId: `tot-${i}` }))).body.id);
    assert.deepEqual(await totals(d), { users: 12, groups: 0 });
    // A create that matches an existing user writes nothing.
    assert.equal((await d.scim('POST', '/Users', userBody('tot0@acme.com'))).status, 409);
    // Suspended users are still listed.
    await d.scim('PATCH', `/Users/${ids[0]}`, patchBody({ op: 'replace', path: 'active', value: false }));
    // Deprovision two (the default rule keeps the record), then rehire one by its externalId.
    for (const id of ids.slice(1, 3)) assert.equal((await d.scim('DELETE', `/Users/${id}`)).status, 204);
    assert.deepEqual(await totals(d), { users: 10, groups: 0 });
    const back = await d.scim('POST', '/Users', userBody('tot1@acme.com', { externalId: 'tot-1' }));
    assert.equal(back.status, 201);
    assert.deepEqual(await totals(d), { users: 11, groups: 0 });
    // The delete rule removes rows.
    await t.admin('PATCH', `/directories/${d.id}`, { deprovisionRule: 'delete' });
    for (const id of ids.slice(3, 6)) assert.equal((await d.scim('DELETE', `/Users/${id}`)).status, 204);
    // Bulk creates and groups.
    const bulk = await d.scim('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [0, 1, 2].map((i) => ({ method: 'POST', path: '/Users', bulkId: `b${i}`, data: userBody(`bulk${i}@acme.com`) })),
    });
    assert.equal(bulk.status, 200);
    const groups: string[] = [];
    for (let i = 0; i < 4; i++) groups.push((await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: `Tot ${i}`, members: [{ value: ids[7] }] })).body.id);
    assert.equal((await d.scim('DELETE', `/Groups/${groups[0]}`)).status, 204);
    const expected = { users: 11, groups: 3 };
    assert.deepEqual(await counted(d), expected);
    assert.deepEqual(await totals(d), expected);
    // Folding leaves one row per type and the same totals.
    assert.ok((await deltaRows(d)) > 2);
    await foldResourceCounts(t.db.store.db, 100);
    assert.equal(await deltaRows(d), 2);
    assert.deepEqual(await totals(d), expected);
  });

  it('a directory of its own: another directory’s writes never move its total', async () => {
    const a = await t.createDirectory('generic');
    const b = await t.createDirectory('generic');
    for (let i = 0; i < 3; i++) await a.scim('POST', '/Users', userBody(`a${i}@acme.com`));
    await b.scim('POST', '/Users', userBody('b0@acme.com'));
    assert.deepEqual(await totals(a), { users: 3, groups: 0 });
    assert.deepEqual(await totals(b), { users: 1, groups: 0 });
  });

  it('concurrent creates and deletions beside repeated folds end exact', async () => {
    const d = await t.createDirectory('generic');
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => d.scim('POST', '/Users', userBody(`c${i}@acme.com`))));
    const ids = first.map((r) => r.body.id as string);
    let folding = true;
    const folds = (async () => {
      let n = 0;
      while (folding) {
        await foldResourceCounts(t.db.store.db, 100);
        n += 1;
        // A breath between folds: PGlite's one connection would otherwise serve this loop before the transactions waiting.
        await new Promise((r) => setTimeout(r, 2));
      }
      return n;
    })();
    const writes = [
      ...Array.from({ length: 30 }, (_, i) => d.scim('POST', '/Users', userBody(`c${20 + i}@acme.com`))),
      ...ids.slice(0, 10).map((id) => d.scim('DELETE', `/Users/${id}`)),
      // Duplicates that lose the race write nothing.
      ...Array.from({ length: 5 }, () => d.scim('POST', '/Users', userBody('c49@acme.com'))),
    ];
    const replies = await Promise.all(writes);
    folding = false;
    assert.ok((await folds) > 0);
    assert.equal(replies.filter((r) => r.status === 409).length, 5);
    assert.deepEqual(await counted(d), { users: 40, groups: 0 });
    assert.deepEqual(await totals(d), { users: 40, groups: 0 });
  });

  it('a deleted directory’s counts are removed by the fold', async () => {
    const d = await t.createDirectory('generic');
    await d.scim('POST', '/Users', userBody('gone@acme.com'));
    await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Gone' });
    assert.ok((await deltaRows(d)) > 0);
    const del = await t.admin('DELETE', `/directories/${d.id}`);
    assert.ok(del.status === 204 || del.status === 200, del.text);
    await foldResourceCounts(t.db.store.db, 100);
    assert.equal(await deltaRows(d), 0);
  });
});
