// Issue 5 backpressure: past its directory's limit an IdP gets 429 + Retry-After; every acknowledged
// create is stored, every refused one is not, and retrying as told stores each user exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, userBody, type Reply, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const USERS = 12;

describe('per-directory rate limit under a burst of creates', () => {
  let t: TestApp;
  let d: TestDirectory;
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    assert.equal((await t.admin('PATCH', `/directories/${d.id}`, { rateLimitPerSecond: 4, rateLimitBurst: 4 })).status, 200);
  });
  after(() => t.close());

  const stored = async () =>
    t.db.store.db.selectFrom('users').select(['id', 'user_name']).where('directory_id', '=', d.id).execute();

  it('never drops an acknowledged write, and a retried refusal lands once', async () => {
    const names = Array.from({ length: USERS }, (_, i) => `burst${i}@acme.com`);
    const first = await Promise.all(names.map((n) => d.scim('POST', '/Users', userBody(n))));
    const accepted = first.flatMap((r, i) => (r.status === 201 ? [[names[i] as string, r.body.id as string] as const] : []));
    const refused = first.flatMap((r, i) => (r.status === 429 ? [[names[i] as string, r] as const] : []));
    assert.equal(accepted.length + refused.length, USERS, `only 201 or 429 expected: ${first.map((r) => r.status).join(',')}`);
    assert.ok(refused.length > 0, 'the burst must exceed the bucket');
    for (const [, r] of refused) {
      assert.ok(Number(r.headers['retry-after']) >= 1, 'a 429 says when to come back');
      assert.equal(r.body.status, '429');
    }
    // What was acknowledged is stored; what was refused is not.
    const afterBurst = await stored();
    assert.deepEqual(new Set(afterBurst.map((u) => u.id)), new Set(accepted.map(([, id]) => id)));

    // The IdP waits as told and sends again until each create is acknowledged.
    let pending = refused.map(([name, r]) => ({ name, wait: Number(r.headers['retry-after']) }));
    for (let round = 0; pending.length > 0 && round < 20; round++) {
      await new Promise((r) => setTimeout(r, Math.max(...pending.map((p) => p.wait)) * 1000));
      const replies: Reply[] = await Promise.all(pending.map((p) => d.scim('POST', '/Users', userBody(p.name))));
      pending = pending.flatMap((p, i) => ((replies[i] as Reply).status === 429 ? [{ name: p.name, wait: Number((replies[i] as Reply).headers['retry-after']) }] : []));
      for (const r of replies) assert.ok(r.status === 201 || r.status === 429, `unexpected ${r.status}`);
    }
    assert.equal(pending.length, 0);
    const final = await stored();
    assert.equal(final.length, USERS);
    assert.deepEqual(final.map((u) => u.user_name).sort(), [...names].sort());
    const events = await t.db.store.db.selectFrom('events').select('object_id').where('directory_id', '=', d.id).where('type', '=', 'user.created').execute();
    assert.equal(events.length, USERS, 'one user.created per stored user');
  });
});
