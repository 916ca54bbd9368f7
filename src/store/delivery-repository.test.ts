// Creating deliveries: a fan-out row is made once per endpoint and event however often the same
// insert runs (as a prepared statement on PostgreSQL, past the plan cache's five custom plans).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestStore, type StoreKind, type TestStore } from '../../test/helpers/test-store.ts';
import { newId } from '../lib/ids.ts';
import { insertDeliveries, type NewDelivery } from './delivery-repository.ts';

const ROUNDS = 12;
const kinds: StoreKind[] = ['pglite', 'postgres'];

for (const kind of kinds) {
  const skip = kind === 'postgres' && process.env.ROSTER_TEST_SKIP_POSTGRES === '1' ? 'ROSTER_TEST_SKIP_POSTGRES=1' : false;
  describe(`insertDeliveries (${kind})`, { skip }, () => {
    let t: TestStore;
    let endpoint: string;
    let org: string;
    let sequences: string[];
    before(async () => {
      t = await openTestStore(kind);
      const db = t.store.db;
      org = newId();
      await db.insertInto('organizations').values({ id: org, name: 'Deliveries Org' }).execute();
      endpoint = newId();
      await sql`insert into webhook_endpoints (id, organization_id, url, secret_ciphertext, secret_prefix) values (${endpoint}::uuid, ${org}::uuid, 'http://127.0.0.1:9/hook', 'x', 'x')`.execute(db);
      const { rows } = await sql<{ sequence: string }>`insert into events (id, organization_id, type, data)
        select gen_random_uuid(), ${org}::uuid, 'organization.updated', '{}'::jsonb from generate_series(1, ${ROUNDS}) returning sequence::text`.execute(db);
      sequences = rows.map((r) => r.sequence);
    });
    after(async () => {
      await t?.dispose();
    });

    const row = (sequence: string, origin: NewDelivery['origin']): NewDelivery => ({
      id: newId(), endpoint_id: endpoint, event_sequence: sequence, ordering_key: org, origin, replay_of: null, next_attempt_at: new Date(),
    });
    const count = async (origin: string) =>
      Number((await sql<{ n: string }>`select count(*)::text as n from webhook_deliveries where endpoint_id = ${endpoint}::uuid and origin = ${origin}`.execute(t.store.db)).rows[0]?.n);

    it('runs the same one-row insert round after round, and a fan-out row that exists is skipped', async () => {
      // Each round is the same statement text: named after three sightings, generic-planned from the sixth run.
      for (const s of sequences) await insertDeliveries(t.store.db, [row(s, 'fanout')]);
      for (const s of sequences) await insertDeliveries(t.store.db, [row(s, 'fanout')]);
      assert.equal(await count('fanout'), ROUNDS);
      // A replay is a new delivery of the same event, as often as asked.
      for (const s of sequences) await insertDeliveries(t.store.db, [row(s, 'replay'), row(s, 'replay')]);
      assert.equal(await count('replay'), 2 * ROUNDS);
    });
  });
}
