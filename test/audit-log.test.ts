// Issue 6 §5: every admin action (non-GET) is in an append-only audit log: who, what, which object, outcome, when, from where.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

interface Entry {
  sequence: string;
  at: string;
  actor: { keyId: string | null; keyName: string | null; organizationId: string | null };
  action: { method: string; route: string; path: string; objectId: string | null };
  status: number;
  ip: string;
}

async function readAll(t: TestApp): Promise<Entry[]> {
  const out: Entry[] = [];
  let after = '';
  for (;;) {
    const page = await t.admin('GET', `/audit-log?limit=2${after ? `&after=${after}` : ''}`);
    assert.equal(page.status, 200, page.text);
    out.push(...page.body.data);
    if (!page.body.nextCursor) return out;
    after = page.body.nextCursor;
  }
}

describe('audit log', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('records who did what to which object, the outcome, when and from where; reads are not recorded', async () => {
    const key = (await t.admin('POST', '/admin-keys', { name: 'ops laptop', scope: 'full' })).body as { id: string; key: string };
    const org = await t.admin('POST', '/organizations', { name: 'Audited' }, key.key);
    await t.admin('GET', `/organizations/${org.body.id}`, undefined, key.key);
    await t.admin('PATCH', `/organizations/${org.body.id}`, { name: 'Audited 2' }, key.key);
    await t.admin('DELETE', '/directories/01a20000-0000-7000-8000-000000000000', undefined, key.key); // fails: 404
    const read = (await t.admin('POST', '/admin-keys', { name: 'reader', scope: 'read' })).body.key as string;
    await t.admin('POST', '/organizations', { name: 'refused' }, read); // 403, still an attempt by a known key

    const entries = await readAll(t);
    const mine = entries.filter((e) => e.actor.keyId === key.id);
    assert.deepEqual(
      mine.map((e) => [e.action.method, e.action.route, e.status]),
      [
        ['POST', '/api/v1/organizations', 201],
        ['PATCH', '/api/v1/organizations/:id', 200],
        ['DELETE', '/api/v1/directories/:id', 404],
      ],
    );
    assert.equal(mine[0]?.action.objectId, org.body.id, 'a creation names what it created');
    assert.equal(mine[1]?.action.objectId, org.body.id);
    assert.equal(mine[0]?.actor.keyName, 'ops laptop');
    assert.equal(mine[0]?.ip, '127.0.0.1');
    assert.ok(Date.now() - Date.parse(mine[0]?.at ?? '') < 60_000);
    const refused = entries.find((e) => e.actor.keyName === 'reader');
    assert.equal(refused?.status, 403);
    // Keys never appear in the log, only their ids and names.
    const text = JSON.stringify(entries);
    assert.ok(!text.includes(key.key) && !text.includes(read));
  });

  it('is readable only with a full-scope key bound to no organization', async () => {
    const read = (await t.admin('POST', '/admin-keys', { name: 'r', scope: 'read' })).body.key as string;
    const org = (await t.admin('POST', '/organizations', { name: 'O' })).body.id as string;
    const bound = (await t.admin('POST', '/admin-keys', { name: 'b', scope: 'full', organizationId: org })).body.key as string;
    assert.equal((await t.admin('GET', '/audit-log', undefined, read)).status, 403);
    assert.equal((await t.admin('GET', '/audit-log', undefined, bound)).status, 403);
    assert.equal((await t.admin('GET', '/audit-log?after=not-a-number')).status, 400);
  });

  it('cannot be changed or erased: no route does it, and the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    assert.equal((await t.admin('DELETE', '/audit-log')).status, 404);
    const db = t.db.store.db;
    const before = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(db.updateTable('audit_log').set({ status: 200 }).execute(), /append-only/);
    await assert.rejects(db.deleteFrom('audit_log').execute(), /append-only/);
    await assert.rejects(sql`truncate audit_log`.execute(db), /append-only/);
    const after = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });
});
