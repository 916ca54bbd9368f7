// Concurrent SCIM writes: uniqueness under races, no lost updates, and events exactly matching committed changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertScimError, directoryEvents } from './helpers/scim-expect.ts';
import { GROUP_URN, patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const MISSING_ID = '01a20000-0000-7000-8000-00000000beef';

describe('SCIM under concurrency', () => {
  let t: TestApp;
  const usersOf = (d: TestDirectory) => t.db.store.db.selectFrom('users').select(['id', 'user_name']).where('directory_id', '=', d.id).execute();

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('50 identical concurrent POSTs create one user with one event; the others answer 409 uniqueness', async () => {
    const d = await t.createDirectory('okta');
    // These are the directory's first requests too: it turns active exactly once.
    const replies = await Promise.all(Array.from({ length: 50 }, () => d.scim('POST', '/Users', userBody('race@acme.com'))));
    const created = replies.filter((r) => r.status === 201);
    assert.equal(created.length, 1, replies.map((r) => r.status).join(','));
    for (const r of replies.filter((x) => x.status !== 201)) assertScimError(r, 409, 'uniqueness', /userName/);
    const rows = await usersOf(d);
    assert.deepEqual(rows.map((r) => r.id), [created[0]?.body.id]);
    const events = await directoryEvents(t, d.id);
    assert.deepEqual(events.map((e) => [e.type, e.objectId]), [['user.created', created[0]?.body.id]]);
    const activated = await t.db.store.db.selectFrom('events').select('type').where('directory_id', '=', d.id).where('type', '=', 'directory.activated').execute();
    assert.equal(activated.length, 1);
  });

  it('20 concurrent PATCHes adding different members to one group all land, one event each', async () => {
    const d = await t.createDirectory('okta');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await d.scim('POST', '/Users', userBody(`m${i}@acme.com`))).body.id);
    const group = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Busy' })).body.id as string;
    const replies = await Promise.all(ids.map((id) => d.scim('PATCH', `/Groups/${group}`, patchBody({ op: 'add', path: 'members', value: [{ value: id }] }))));
    assert.deepEqual(replies.map((r) => r.status), ids.map(() => 204));
    const after = await d.scim('GET', `/Groups/${group}`);
    assert.deepEqual(after.body.members.map((m: { value: string }) => m.value).sort(), [...ids].sort());
    assert.equal(after.headers.etag, 'W/"21"');
    const added = (await directoryEvents(t, d.id)).filter((e) => e.type === 'group.member_added');
    assert.deepEqual(added.map((e) => e.data.member.id).sort(), [...ids].sort());
    // Each event carries the version its change produced: 2..21, each once.
    assert.deepEqual(added.map((e) => e.objectVersion).sort((a, b) => (a ?? 0) - (b ?? 0)), Array.from({ length: 20 }, (_, i) => i + 2));
  });

  it('concurrent PATCHes of one user never lose an update', async () => {
    const d = await t.createDirectory('okta');
    const id = (await d.scim('POST', '/Users', userBody('busy@acme.com'))).body.id as string;
    const n = 25;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: `Title ${i}` }))),
    );
    assert.deepEqual(replies.map((r) => r.status), replies.map(() => 200));
    // Every response saw its own write, at a distinct version.
    assert.deepEqual(replies.map((r) => r.headers.etag).sort(), Array.from({ length: n }, (_, i) => `W/"${i + 2}"`).sort());
    const now = await d.scim('GET', `/Users/${id}`);
    assert.equal(now.headers.etag, `W/"${n + 1}"`);
    const updates = (await directoryEvents(t, d.id)).filter((e) => e.type === 'user.updated');
    assert.equal(updates.length, n);
    // The last update in the log is the value that stuck.
    assert.equal(updates.at(-1)?.data.user.title, now.body.title);
    assert.equal(updates.at(-1)?.objectVersion, n + 1);
  });

  it('deletes users while their groups are patched, without deadlock or lost events', async () => {
    const d = await t.createDirectory('okta');
    const groups: string[] = [];
    for (let i = 0; i < 4; i++) groups.push((await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: `Shared ${i}` })).body.id);
    for (let round = 0; round < 10; round++) {
      const id = (await d.scim('POST', '/Users', userBody(`leaver${round}@acme.com`))).body.id as string;
      for (const g of groups) await d.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'add', path: 'members', value: [{ value: id }] }));
      // Okta removes the memberships and deprovisions the user at about the same time.
      const replies = await Promise.all([
        d.scim('DELETE', `/Users/${id}`),
        ...groups.map((g) => d.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'remove', path: `members[value eq "${id}"]` }))),
      ]);
      assert.deepEqual(replies.map((r) => r.status), [204, ...groups.map(() => 204)], replies.map((r) => r.text).join('\n'));
      // Each membership ends exactly once, by whichever request got there first.
      const removed = (await directoryEvents(t, d.id)).filter((e) => e.type === 'group.member_removed' && e.data.member.id === id);
      assert.deepEqual(removed.map((e) => e.objectId).sort(), [...groups].sort());
    }
  });

  it('never leaves a deleted user or group as a member when it is added while being deleted', async () => {
    for (const rule of ['deactivate', 'delete']) {
      const d = await t.createDirectory('okta');
      await t.db.store.db.updateTable('directories').set({ deprovision_rule: rule }).where('id', '=', d.id).execute();
      const target = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Target' })).body.id as string;
      const holder = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Holder' })).body.id as string;
      for (let round = 0; round < 15; round++) {
        const user = (await d.scim('POST', '/Users', userBody(`late${round}@acme.com`))).body.id as string;
        const child = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: `Child ${round}` })).body.id as string;
        // Each is already in another group, so its delete has memberships to end.
        await d.scim('PATCH', `/Groups/${holder}`, patchBody({ op: 'add', path: 'members', value: [{ value: user }, { value: child }] }));
        const [delUser, delChild, add] = await Promise.all([
          d.scim('DELETE', `/Users/${user}`),
          d.scim('DELETE', `/Groups/${child}`),
          d.scim('PATCH', `/Groups/${target}`, patchBody({ op: 'add', path: 'members', value: [{ value: user }, { value: child }] })),
        ]);
        assert.equal(delUser.status, 204, `${rule}: ${delUser.text}`);
        assert.equal(delChild.status, 204, `${rule}: ${delChild.text}`);
        // The add either came first (and the deletes then ended those memberships: Okta's group PATCH
        // answers 204) or found them gone.
        if (add.status !== 204) assertScimError(add, 400, 'invalidValue');
        const members = ((await d.scim('GET', `/Groups/${target}`)).body.members ?? []) as { value: string }[];
        assert.deepEqual(members.filter((m) => m.value === user || m.value === child), [], `${rule}, round ${round}`);
        const rows = await t.db.store.db.selectFrom('group_members').select('group_id').where('directory_id', '=', d.id).where((eb) => eb.or([eb('user_id', '=', user), eb('member_group_id', '=', child)])).execute();
        assert.deepEqual(rows, []);
      }
    }
  });

  it('200 concurrent transactions, every other one failing, leave exactly the successes and their events', async () => {
    const d = await t.createDirectory('generic');
    const seed = (await d.scim('POST', '/Users', userBody('seed@acme.com'))).body.id as string;
    const before = (await directoryEvents(t, d.id)).length;
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        if (i % 2 === 0) return d.scim('POST', '/Users', userBody(`ok${i}@acme.com`));
        // Fails after writing: the group row and its created event must roll back.
        if (i % 4 === 1) return d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: `Doomed ${i}`, members: [{ value: seed }, { value: MISSING_ID }] });
        // Fails on the uniqueness check before writing.
        return d.scim('POST', '/Users', userBody('SEED@acme.com'));
      }),
    );
    replies.forEach((r, i) => {
      if (i % 2 === 0) assert.equal(r.status, 201, `request ${i}: ${r.text}`);
      else if (i % 4 === 1) assertScimError(r, 400, 'invalidValue', new RegExp(MISSING_ID));
      else assertScimError(r, 409, 'uniqueness', new RegExp(seed));
    });
    const rows = await usersOf(d);
    const expected = Array.from({ length: 100 }, (_, k) => `ok${2 * k}@acme.com`);
    assert.deepEqual(rows.map((r) => r.user_name).filter((n) => n !== 'seed@acme.com').sort(), expected.sort());
    const groups = await t.db.store.db.selectFrom('groups').select('id').where('directory_id', '=', d.id).execute();
    assert.deepEqual(groups, []);
    const memberships = await t.db.store.db.selectFrom('group_members').select('group_id').where('directory_id', '=', d.id).execute();
    assert.deepEqual(memberships, []);
    const events = (await directoryEvents(t, d.id)).slice(before);
    // No orphan events (every event is about a user that exists) and no missing ones (one per user).
    assert.deepEqual([...new Set(events.map((e) => e.type))], ['user.created']);
    const created = new Map(replies.filter((r) => r.status === 201).map((r) => [r.body.id as string, r.body.userName as string]));
    assert.equal(events.length, 100);
    assert.deepEqual(events.map((e) => e.objectId).sort(), [...created.keys()].sort());
    for (const e of events) assert.equal(e.data.user.userName, created.get(e.objectId as string));
  });
});
