// Issue 5: list pages at any depth pick their ids from an index and count without loading rows (EXPLAIN), and answer right.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestStore, type TestStore } from '../../test/helpers/test-store.ts';
import { USER_RESOURCE } from '../scim/schema/resource-types.ts';
import { DIRECTORY_ID, OTHER_DIRECTORY_ID, seedFixture } from './filter-sql/filter-test-fixture.ts';
import { lookupBatcher, lookupsQuery, pageQuery, pageResources, userNameLookup, type ResourceQuery } from './resource-query.ts';

const BULK = 20000;

describe('pageResources at depth', () => {
  let t: TestStore;
  let visible: number;
  before(async () => {
    t = await openTestStore();
    const db = t.store.db;
    await seedFixture(db);
    await sql`insert into users (id, directory_id, user_name, external_id, emails, display_name, active, state, resource, created_at, updated_at)
      select gen_random_uuid(), ${DIRECTORY_ID}::uuid, 'deep' || g, 'deep-ext' || g, array['deep' || g || '@example.com'], 'Deep ' || g, true,
        case when g % 10 = 0 then 'deprovisioned' else 'active' end, jsonb_build_object('userName', 'deep' || g), now(), now()
      from generate_series(1, ${BULK}) g`.execute(db);
    // Index-only scans need the visibility map that VACUUM sets (autovacuum does it in production).
    await sql`vacuum analyze users`.execute(db);
    const n = await sql<{ n: string }>`select count(*) as n from users where directory_id = ${DIRECTORY_ID}::uuid and state <> 'deprovisioned'`.execute(db);
    visible = Number(n.rows[0]?.n);
  });
  after(async () => {
    await t?.dispose();
  });

  const explain = async (q: ResourceQuery) => {
    const plan = await sql<{ 'QUERY PLAN': string }>`explain ${pageQuery(USER_RESOURCE, q, true)}`.execute(t.store.db);
    return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
  };

  it('a cursor page deep in the directory starts from the index at the cursor (no scan of earlier rows)', async () => {
    const ids = await sql<{ id: string }>`select id from users where directory_id = ${DIRECTORY_ID}::uuid and state <> 'deprovisioned' order by id offset ${visible - 150} limit 1`.execute(t.store.db);
    const cursor = ids.rows[0]?.id as string;
    const q: ResourceQuery = { directoryId: DIRECTORY_ID, offset: 0, limit: 100, afterId: cursor };
    const plan = await explain(q);
    assert.match(plan, /Limit[^\n]*\n\s*->  Index (?:Only )?Scan using users_visible on users r\w*[^\n]*\n\s*Index Cond: \(\(directory_id = [^\n]*\) AND \(id > /, plan);
    // A window count would read every matching row before the limit; the total is its own count.
    assert.doesNotMatch(plan, /WindowAgg/, plan);
    const page = await pageResources<{ id: string }>(t.store.db, USER_RESOURCE, q, true);
    assert.equal(page.total, visible);
    assert.equal(page.rows.length, 100);
    assert.ok(page.rows.every((r, i) => r.id > cursor && (i === 0 || r.id > (page.rows[i - 1] as { id: string }).id)));
  });

  it('a deep startIndex skips index entries (an index-only scan), not rows', async () => {
    const q: ResourceQuery = { directoryId: DIRECTORY_ID, offset: visible - 50, limit: 100 };
    const plan = await explain(q);
    assert.match(plan, /Limit[^\n]*\n\s*->  Index Only Scan using users_visible on users r\w* /, plan);
    assert.doesNotMatch(plan, /WindowAgg/, plan);
    const page = await pageResources<{ id: string }>(t.store.db, USER_RESOURCE, q, true);
    assert.equal(page.total, visible);
    assert.equal(page.rows.length, 50, 'the last 50 visible users');
  });

  it('the total of an unfiltered page reads the counts kept per directory, not the directory’s rows', async () => {
    const q: ResourceQuery = { directoryId: DIRECTORY_ID, offset: Math.floor(visible / 2), limit: 100 };
    const plan = await explain(q);
    assert.match(plan, /on resource_counts/, plan);
    // One scan of the directory's index: the page's ids. Counting the directory would be a second one over every entry.
    assert.equal(plan.match(/using users_visible on users/g)?.length, 1, plan);
    assert.doesNotMatch(plan, /Aggregate[^\n]*\n\s*->  [^\n]*on users/, plan);
    const page = await pageResources<{ id: string }>(t.store.db, USER_RESOURCE, q, true);
    assert.equal(page.total, visible);
  });

  it('a filtered page still counts what matches', async () => {
    const filter: ResourceQuery['filter'] = { kind: 'Compare', op: 'sw', path: { attr: 'userName' }, value: 'deep1' };
    const q: ResourceQuery = { directoryId: DIRECTORY_ID, offset: 0, limit: 10, filter };
    const page = await pageResources<{ id: string }>(t.store.db, USER_RESOURCE, q, false);
    const n = await sql<{ n: string }>`select count(*) as n from users where directory_id = ${DIRECTORY_ID}::uuid and state <> 'deprovisioned' and user_name like 'deep1%'`.execute(t.store.db);
    assert.equal(page.total, Number(n.rows[0]?.n));
    assert.ok(page.total > 1000 && page.total < visible);
  });

  const byName = (value: string): ResourceQuery => ({ directoryId: DIRECTORY_ID, offset: 0, limit: 100, filter: { kind: 'Compare', op: 'eq', path: { attr: 'userName' }, value } });

  it('batches only first-page userName eq lookups (the IdP’s check before a create)', () => {
    assert.equal(userNameLookup(USER_RESOURCE, byName('deep1')), 'deep1');
    const spelled: ResourceQuery = { ...byName('x'), filter: { kind: 'Compare', op: 'eq', path: { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attr: 'USERNAME' }, value: 'x' } };
    assert.equal(userNameLookup(USER_RESOURCE, spelled), 'x');
    assert.equal(userNameLookup(USER_RESOURCE, { ...byName('x'), offset: 1 }), undefined);
    assert.equal(userNameLookup(USER_RESOURCE, { ...byName('x'), afterId: '01900000-0000-7000-8000-000000000001' }), undefined);
    assert.equal(userNameLookup(USER_RESOURCE, { ...byName('x'), sortBy: { attr: 'userName' } }), undefined);
    assert.equal(userNameLookup(USER_RESOURCE, { ...byName('x'), filter: { kind: 'Compare', op: 'co', path: { attr: 'userName' }, value: 'x' } }), undefined);
    assert.equal(userNameLookup(USER_RESOURCE, { ...byName('x'), filter: { kind: 'Compare', op: 'eq', path: { attr: 'displayName' }, value: 'x' } }), undefined);
  });

  it('answers lookups made together as each alone: the user of that name in any case, its groups, the total', async () => {
    const names = ['deep7', 'DEEP8', 'deep10', 'nobody', 'BJensen', 'bjensen', 'deep7'];
    const batchesBefore = lookupBatcher(t.store.db).sizes.get(names.length - 1) ?? 0;
    const together = await Promise.all(names.map((n) => pageResources<{ id: string; user_name: string }>(t.store.db, USER_RESOURCE, byName(n), true)));
    // The first went alone; the others, asked while it was in flight, in one statement.
    assert.equal(lookupBatcher(t.store.db).sizes.get(names.length - 1), batchesBefore + 1);
    for (const [i, n] of names.entries()) {
      const alone = await pageQuery(USER_RESOURCE, byName(n), true).execute(t.store.db);
      const rows = alone.rows.map(({ total_count: _t, ...row }) => row);
      assert.deepEqual(together[i]!.rows, rows, n);
      assert.equal(together[i]!.total, rows.length, n);
    }
    // deep10 is deprovisioned (every tenth): not visible to SCIM.
    assert.deepEqual(together.map((p) => p.total), [1, 1, 0, 0, 1, 1, 1]);
    assert.ok((together[4]!.rows[0] as { related?: unknown[] }).related?.length, 'BJensen’s groups come with him');
  });

  it('a batch of lookups finds each user through the userName index, never by scanning the directory', async () => {
    const plan = await sql<{ 'QUERY PLAN': string }>`explain ${lookupsQuery(['deep1', 'deep2', 'deep3'].map((userName) => ({ directoryId: DIRECTORY_ID, userName, withGroups: true })))}`.execute(t.store.db);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(text, /Index Scan using users_user_name on users/, text);
    assert.doesNotMatch(text, /Seq Scan on users/, text);
  });

  it('answers lookups of two directories made at once each from its own directory (same userName in both)', async () => {
    const asked = [DIRECTORY_ID, OTHER_DIRECTORY_ID, DIRECTORY_ID, OTHER_DIRECTORY_ID].map((directoryId) =>
      pageResources<{ id: string; directory_id: string }>(t.store.db, USER_RESOURCE, { ...byName('bjensen'), directoryId }, false),
    );
    const pages = await Promise.all(asked);
    assert.deepEqual(pages.map((p) => p.rows.map((r) => r.directory_id)), [[DIRECTORY_ID], [OTHER_DIRECTORY_ID], [DIRECTORY_ID], [OTHER_DIRECTORY_ID]]);
    assert.notEqual(pages[0]!.rows[0]!.id, pages[1]!.rows[0]!.id);
  });
});
