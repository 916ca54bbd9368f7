// Issue 5: an IdP's PATCH of a user's title must be a HOT update (no index entry written), so no
// index on users may cover a column every update changes (migration 022).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { DIRECTORY_ID } from './filter-sql/filter-test-fixture.ts';
import { seededStore } from '../../test/helpers/seeded-store.ts';

describe('user updates stay HOT', () => {
  const t = seededStore();

  it('no index on users reads updated_at, version or resource', async () => {
    const { rows } = await sql<{ name: string; def: string }>`
      select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'users'::regclass`.execute(t.store.db);
    assert.ok(rows.length > 5, 'the users indexes are listed');
    for (const r of rows) assert.doesNotMatch(r.def, /\b(updated_at|version|resource)\b/, `${r.name} would make every update non-HOT: ${r.def}`);
  });

  it('a title change writes the new row version on its page, without index entries', async () => {
    const hot = await t.store.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        insert into users (id, directory_id, user_name, external_id, emails, display_name, active, state, resource)
        values (gen_random_uuid(), ${DIRECTORY_ID}::uuid, 'hot@example.com', 'hot-1', array['hot@example.com'], 'Hot User', true, 'active',
          '{"userName":"hot@example.com"}'::jsonb) returning id`.execute(trx);
      const id = rows[0]?.id as string;
      // The columns user-write-repository.ts sets on a PATCH: unchanged ones are rewritten with equal values.
      await sql`update users set user_name = 'hot@example.com', external_id = 'hot-1', emails = array['hot@example.com'], display_name = 'Hot User',
          active = true, state = 'active', resource = resource || '{"title":"Engineer"}'::jsonb, version = version + 1, updated_at = clock_timestamp()
        where id = ${id}::uuid and version = 1`.execute(trx);
      const stats = await sql<{ upd: string; hot: string }>`
        select n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_xact_user_tables where relname = 'users'`.execute(trx);
      return stats.rows[0];
    });
    assert.deepEqual({ upd: Number(hot?.upd), hot: Number(hot?.hot) }, { upd: 1, hot: 1 });
  });
});
