// Issue 5: list pages at any depth pick their ids from an index and count without loading rows (EXPLAIN), and answer right.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestStore, type TestStore } from '../../test/helpers/test-store.ts';
import { USER_RESOURCE } from '../scim/schema/resource-types.ts';
import { DIRECTORY_ID, seedFixture } from './filter-sql/filter-test-fixture.ts';
import { pageQuery, pageResources, type ResourceQuery } from './resource-query.ts';

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
});
