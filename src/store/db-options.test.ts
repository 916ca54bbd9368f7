// The PostgreSQL pool's session options: jit off (ours), and the operator's PGOPTIONS after it, which
// npm test uses to run the PostgreSQL stage on generic plans (scripts/test.sh).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestStore } from '../../test/helpers/test-store.ts';

const skip = process.env.ROSTER_TEST_SKIP_POSTGRES === '1' ? 'ROSTER_TEST_SKIP_POSTGRES=1' : false;

describe('PostgreSQL session options', { skip }, () => {
  it('keeps jit off and applies PGOPTIONS too', async () => {
    const before = process.env.PGOPTIONS;
    process.env.PGOPTIONS = '-c plan_cache_mode=force_generic_plan -c application_name=roster_options_test';
    const t = await openTestStore('postgres');
    try {
      const { rows } = await sql<{ jit: string; mode: string; app: string }>`select current_setting('jit') as jit,
        current_setting('plan_cache_mode') as mode, current_setting('application_name') as app`.execute(t.store.db);
      assert.deepEqual(rows[0], { jit: 'off', mode: 'force_generic_plan', app: 'roster_options_test' });
    } finally {
      if (before === undefined) delete process.env.PGOPTIONS;
      else process.env.PGOPTIONS = before;
      await t.dispose();
    }
  });
});
