// Concurrent creates and updates of one directory share statements (statement-batcher.ts): each
// must still be decided as if it were alone — its identity check, its version, its own events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestStore, type TestStore } from '../../test/helpers/test-store.ts';
import type { DirectoryContext } from '../directory/directory-context.ts';
import { createUser, patchUser, prepareUserInput } from '../directory/users/user-service.ts';
import { RosterError } from '../errors.ts';
import { newId } from '../lib/ids.ts';
import { CTX } from './filter-sql/filter-test-fixture.ts';
import { userWriteBatchers } from './user-write-repository.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('batched user writes', () => {
  let t: TestStore;
  let ctx: DirectoryContext;
  /** A second tenant: its writes run beside the first's, in lanes of their own. */
  let other: DirectoryContext;
  before(async () => {
    t = await openTestStore();
    const context = async (name: string): Promise<DirectoryContext> => {
      const organizationId = newId();
      const directoryId = newId();
      await t.store.db.insertInto('organizations').values({ id: organizationId, name }).execute();
      await t.store.db.insertInto('directories').values({ id: directoryId, organization_id: organizationId, name, provider: 'generic' }).execute();
      return { ...CTX, directoryId, organizationId, scimBaseUrl: `https://roster.test/scim/v2/${directoryId}` };
    };
    ctx = await context('Batch Org');
    other = await context('Other Org');
  });
  after(async () => {
    await t?.dispose();
  });

  const body = (userName: string, externalId?: string, extra: Record<string, unknown> = {}) => ({
    schemas: [USER],
    userName,
    ...(externalId ? { externalId } : {}),
    name: { givenName: 'G', familyName: userName },
    emails: [{ value: userName, primary: true }],
    active: true,
    ...extra,
  });
  const create = async (b: Record<string, unknown>, on = ctx) => createUser(t.store.db, on, await prepareUserInput(b));
  const batchedSince = (before: Map<number, number>, now: Map<number, number>) =>
    [...now].filter(([size]) => size > 1).reduce((n, [size, count]) => n + count - (before.get(size) ?? 0), 0);

  async function eventsOf(objectId: string) {
    const { rows } = await sql<{ type: string; data: { user: { createdAt: string; updatedAt: string; version: number; title: string | null } }; object_version: number }>`
      select type, data, object_version from events where object_id = ${objectId}::uuid order by sequence`.execute(t.store.db);
    return rows;
  }

  it('creates many users at once, each with its own row and one event stamped with its times', async () => {
    const sizes = new Map(userWriteBatchers(t.store.db).create.sizes);
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => create(body(`many${i}@batch.test`, `ext-many-${i}`))));
    assert.ok(batchedSince(sizes, userWriteBatchers(t.store.db).create.sizes) >= 1, 'the creates that waited went in one statement');
    assert.equal(new Set(made.map((u) => u.id)).size, 12);
    for (const [i, u] of made.entries()) {
      assert.equal(u.user_name, `many${i}@batch.test`);
      assert.equal(u.external_id, `ext-many-${i}`);
      assert.equal(u.version, 1);
      const events = await eventsOf(u.id);
      assert.deepEqual(events.map((e) => e.type), ['user.created']);
      assert.equal(events[0]!.data.user.createdAt, u.created_at.toISOString());
      assert.equal(events[0]!.data.user.updatedAt, u.updated_at.toISOString());
    }
  });

  it('stores the same row and events whether a write went alone or in a batch (the two statements must not drift apart)', async () => {
    // Everything of user k as stored, with what differs by design (ids, k, times) written the same way.
    const stored = async (id: string, k: string) => {
      const { rows } = await sql<Record<string, unknown>>`select to_jsonb(u) - 'id' - 'created_at' - 'updated_at' as row,
          (select jsonb_agg(jsonb_build_array(e.type, e.object_version, e.directory_id, e.organization_id, e.data) order by e.sequence) from events e where e.object_id = u.id) as events
        from users u where u.id = ${id}::uuid`.execute(t.store.db);
      return JSON.stringify(rows[0])
        .replaceAll(id, 'ID')
        .replaceAll(`drift-${k}`, 'drift-K')
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME');
    };
    const shape = (k: string) => body(`drift-${k}@batch.test`, `ext-drift-${k}`, { title: 'Before', nickName: 'Dee' });
    const patch = [
      { op: 'replace' as const, path: 'title', value: 'After' },
      { op: 'replace' as const, path: 'active', value: false },
    ];
    const sizes = { create: new Map(userWriteBatchers(t.store.db).create.sizes), update: new Map(userWriteBatchers(t.store.db).update.sizes) };
    const lone = await create(shape('lone'));
    await patchUser(t.store.db, ctx, lone.id, patch);
    const keys = ['b0', 'b1', 'b2', 'b3', 'b4'];
    const batch = await Promise.all(keys.map((k) => create(shape(k))));
    await Promise.all(batch.map((u) => patchUser(t.store.db, ctx, u.id, patch)));
    const now = { create: userWriteBatchers(t.store.db).create.sizes, update: userWriteBatchers(t.store.db).update.sizes };
    assert.ok(batchedSince(sizes.create, now.create) >= 1 && batchedSince(sizes.update, now.update) >= 1, 'some creates and updates went in batches');
    const expected = await stored(lone.id, 'lone');
    assert.match(expected, /"user.deactivated"/);
    for (const [i, u] of batch.entries()) assert.equal(await stored(u.id, keys[i]!), expected);
  });

  it('decides each create of a batch alone: a taken userName or externalId is a 409, a twin waits for the next statement', async () => {
    await create(body('taken@batch.test', 'ext-taken'));
    const outcomes = await Promise.allSettled([
      create(body('first@batch.test', 'ext-first')),
      create(body('TAKEN@batch.test', 'ext-other')),
      create(body('fresh@batch.test', 'ext-taken')),
      create(body('twin@batch.test', 'ext-twin-1')),
      create(body('Twin@batch.test', 'ext-twin-2')),
      create(body('alone@batch.test', 'ext-alone')),
    ]);
    const status = outcomes.map((o) => (o.status === 'fulfilled' ? 'created' : (o.reason as RosterError).code));
    assert.deepEqual(status, ['created', 'uniqueness', 'uniqueness', 'created', 'uniqueness', 'created']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from users where directory_id = ${ctx.directoryId}::uuid and lower(user_name) = 'twin@batch.test'`.execute(t.store.db);
    assert.equal(rows[0]!.n, 1);
  });

  it('brings back a deprovisioned user whose externalId a batched create sends (rehire), beside new users', async () => {
    const former = await create(body('leaver@batch.test', 'ext-leaver'));
    await sql`update users set state = 'deprovisioned', active = false where id = ${former.id}::uuid`.execute(t.store.db);
    const [a, back, b] = await Promise.all([
      create(body('before-rehire@batch.test', 'ext-br')),
      create(body('leaver.new@batch.test', 'ext-leaver')),
      create(body('after-rehire@batch.test', 'ext-ar')),
    ]);
    assert.equal(back.id, former.id, 'the same person, not a second one');
    assert.equal(back.state, 'active');
    assert.equal(back.user_name, 'leaver.new@batch.test');
    assert.notEqual(a.id, b.id);
    assert.deepEqual((await eventsOf(former.id)).map((e) => e.type), ['user.created', 'user.reactivated']);
  });

  it('updates many users at once, each at its own version, with its own events in their order', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => create(body(`upd${i}@batch.test`, `ext-upd-${i}`))));
    const sizes = new Map(userWriteBatchers(t.store.db).update.sizes);
    const patched = await Promise.all(
      users.map((u, i) =>
        patchUser(t.store.db, ctx, u.id, [
          { op: 'replace', path: 'title', value: `Title ${i}` },
          ...(i % 2 === 0 ? [{ op: 'replace' as const, path: 'active', value: false }] : []),
        ]),
      ),
    );
    assert.ok(batchedSince(sizes, userWriteBatchers(t.store.db).update.sizes) >= 1, 'the updates that waited went in one statement');
    for (const [i, u] of patched.entries()) {
      assert.equal(u.version, 2);
      assert.equal(u.resource.title, `Title ${i}`);
      assert.equal(u.active, i % 2 !== 0);
      assert.deepEqual(u.groups, []);
      const events = await eventsOf(u.id);
      assert.deepEqual(events.map((e) => e.type), ['user.created', 'user.updated', ...(i % 2 === 0 ? ['user.deactivated'] : [])]);
      assert.deepEqual(events.slice(1).map((e) => e.object_version), events.slice(1).map(() => 2));
      assert.equal(events[1]!.data.user.updatedAt, u.updated_at.toISOString());
      assert.equal(events[1]!.data.user.title, `Title ${i}`);
    }
  });

  it('applies two concurrent PATCHes of one user one after the other, never one over the other', async () => {
    const u = await create(body('both@batch.test', 'ext-both'));
    const others = await Promise.all(Array.from({ length: 4 }, (_, i) => create(body(`side${i}@batch.test`, `ext-side-${i}`))));
    await Promise.all([
      ...others.map((o) => patchUser(t.store.db, ctx, o.id, [{ op: 'replace', path: 'title', value: 'Side' }])),
      patchUser(t.store.db, ctx, u.id, [{ op: 'replace', path: 'title', value: 'Engineer' }]),
      patchUser(t.store.db, ctx, u.id, [{ op: 'replace', path: 'nickName', value: 'Bo' }]),
    ]);
    const { rows } = await sql<{ version: number; resource: { title?: string; nickName?: string } }>`select version, resource from users where id = ${u.id}::uuid`.execute(t.store.db);
    assert.equal(rows[0]!.version, 3);
    assert.equal(rows[0]!.resource.title, 'Engineer');
    assert.equal(rows[0]!.resource.nickName, 'Bo');
    assert.deepEqual((await eventsOf(u.id)).map((e) => [e.type, e.object_version]), [
      ['user.created', 1],
      ['user.updated', 2],
      ['user.updated', 3],
    ]);
  });

  it('keeps a stored password when a batched update sends none, and stores a new one when sent', async () => {
    const users = await Promise.all([0, 1, 2].map((i) => create(body(`pw${i}@batch.test`, `ext-pw-${i}`, { password: `Secret-${i}-long-enough` }))));
    const hashBefore = async (id: string) => (await sql<{ h: string }>`select password_hash as h from users where id = ${id}::uuid`.execute(t.store.db)).rows[0]!.h;
    const before = await Promise.all(users.map((u) => hashBefore(u.id)));
    await Promise.all([
      patchUser(t.store.db, ctx, users[0]!.id, [{ op: 'replace', path: 'title', value: 'Kept' }]),
      patchUser(t.store.db, ctx, users[1]!.id, [{ op: 'replace', path: 'password', value: 'A-new-secret-123' }]),
      patchUser(t.store.db, ctx, users[2]!.id, [{ op: 'replace', path: 'title', value: 'Kept too' }]),
    ]);
    const now = await Promise.all(users.map((u) => hashBefore(u.id)));
    assert.equal(now[0], before[0]);
    assert.notEqual(now[1], before[1]);
    assert.ok(now[1]!.length > 20);
    assert.equal(now[2], before[2]);
  });

  it('keeps tenants apart: the same userName created at once in two directories makes one user in each, each with its own events', async () => {
    const made = await Promise.all(
      [0, 1, 2, 3].flatMap((i) => [create(body(`shared${i}@batch.test`, `ext-shared-${i}`)), create(body(`shared${i}@batch.test`, `ext-shared-${i}`), other)]),
    );
    for (const [k, u] of made.entries()) {
      assert.equal(u.directory_id, k % 2 === 0 ? ctx.directoryId : other.directoryId);
      const { rows } = await sql<{ directory_id: string; organization_id: string }>`select directory_id, organization_id from events where object_id = ${u.id}::uuid`.execute(t.store.db);
      const owner = k % 2 === 0 ? ctx : other;
      assert.deepEqual(rows, [{ directory_id: owner.directoryId, organization_id: owner.organizationId }]);
    }
    // And a PATCH in one directory never reaches the other's user of that id or name.
    await Promise.all(made.map((u, k) => patchUser(t.store.db, k % 2 === 0 ? ctx : other, u.id, [{ op: 'replace', path: 'title', value: `T${k}` }])));
    await assert.rejects(patchUser(t.store.db, other, made[0]!.id, [{ op: 'replace', path: 'title', value: 'crossed' }]), (e: RosterError) => e.code === 'not_found');
    const { rows } = await sql<{ title: string }>`select resource->>'title' as title from users where id = ${made[0]!.id}::uuid`.execute(t.store.db);
    assert.equal(rows[0]!.title, 'T0');
  });
});
