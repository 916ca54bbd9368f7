// Issue 4 point 1: the admin read API of a directory as the app sees it (users, groups, members), in keyset pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

/** Follows nextCursor to the end; fails on a repeat or a runaway loop. */
async function allPages(t: TestApp, path: string, limit: number): Promise<any[]> {
  const items: any[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await t.admin('GET', `${path}${sep}limit=${limit}${cursor ? `&after=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.data.length <= limit);
    for (const item of r.body.data) {
      assert.ok(!seen.has(item.id), `repeated ${item.id}`);
      seen.add(item.id);
      items.push(item);
    }
    cursor = r.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('more than 1000 pages');
}

describe('directory read API', () => {
  let t: TestApp;
  let d: TestDirectory;
  const ids: Record<string, string> = {};
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    for (const name of ['ada', 'bob', 'cy', 'dee', 'eve']) {
      ids[name] = (await d.scim('POST', '/Users', userBody(`${name}@acme.com`, { externalId: `ext-${name}`, title: name === 'ada' ? 'Engineer' : 'Sales' }))).body.id;
    }
    await d.scim('PATCH', `/Users/${ids.bob}`, patchBody({ op: 'replace', value: { active: false } }));
    await d.scim('DELETE', `/Users/${ids.cy}`);
    ids.eng = (await d.scim('POST', '/Groups', { displayName: 'Engineering', members: [{ value: ids.ada }] })).body.id;
    ids.all = (await d.scim('POST', '/Groups', { displayName: 'Everyone', members: [{ value: ids.eng }, { value: ids.dee }] })).body.id;
  });
  after(() => t.close());

  it('lists users in every state, deprovisioned included, as AppUsers', async () => {
    const users = await allPages(t, `/directories/${d.id}/users`, 2);
    assert.equal(users.length, 5);
    const byName = new Map(users.map((u) => [u.userName, u]));
    assert.equal(byName.get('bob@acme.com').state, 'suspended');
    assert.equal(byName.get('cy@acme.com').state, 'deprovisioned', 'the admin API sees what SCIM hides');
    const ada = byName.get('ada@acme.com');
    assert.equal(ada.object, 'user');
    assert.equal(ada.email, 'ada@acme.com');
    assert.equal(ada.directoryId, d.id);
    assert.equal(ada.organizationId, d.organizationId);
    assert.equal(ada.version, 1);
    assert.equal(ada.attributes.title, 'Engineer');
    assert.deepEqual(users.map((u) => u.id), [...users.map((u) => u.id)].sort(), 'keyset order is id order');
  });

  it('filters users with the SCIM filter language and by state', async () => {
    const byTitle = await t.admin('GET', `/directories/${d.id}/users?filter=${encodeURIComponent('title eq "Sales" and active eq true')}`);
    assert.deepEqual(byTitle.body.data.map((u: any) => u.userName).sort(), ['dee@acme.com', 'eve@acme.com']);
    const deprovisioned = await t.admin('GET', `/directories/${d.id}/users?filter=${encodeURIComponent('externalId eq "ext-cy"')}`);
    assert.equal(deprovisioned.body.data.length, 1);
    const states = await t.admin('GET', `/directories/${d.id}/users?state=suspended,deprovisioned`);
    assert.deepEqual(states.body.data.map((u: any) => u.state).sort(), ['deprovisioned', 'suspended']);
    const inGroup = await t.admin('GET', `/directories/${d.id}/users?filter=${encodeURIComponent(`groups.value eq "${ids.eng}"`)}`);
    assert.deepEqual(inGroup.body.data.map((u: any) => u.id), [ids.ada]);
    assert.equal(states.body.nextCursor, null);
  });

  it('reads one user with its direct and indirect groups', async () => {
    const r = await t.admin('GET', `/directories/${d.id}/users/${ids.ada}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.userName, 'ada@acme.com');
    const groups = Object.fromEntries(r.body.groups.map((g: any) => [g.displayName, g.membership]));
    assert.deepEqual(groups, { Engineering: 'direct', Everyone: 'indirect' });
    const gone = await t.admin('GET', `/directories/${d.id}/users/${ids.cy}`);
    assert.equal(gone.status, 200, 'a deprovisioned user is still readable here');
    assert.deepEqual(gone.body.groups, []);
  });

  it('lists, filters and reads groups as AppGroups', async () => {
    const groups = await allPages(t, `/directories/${d.id}/groups`, 1);
    assert.deepEqual(groups.map((g) => g.displayName).sort(), ['Engineering', 'Everyone']);
    assert.equal(groups[0].object, 'group');
    const filtered = await t.admin('GET', `/directories/${d.id}/groups?filter=${encodeURIComponent('displayName sw "Eng"')}`);
    assert.deepEqual(filtered.body.data.map((g: any) => g.id), [ids.eng]);
    const one = await t.admin('GET', `/directories/${d.id}/groups/${ids.all}`);
    assert.equal(one.body.displayName, 'Everyone');
    assert.equal(one.body.members, undefined, 'members are paged separately');
  });

  it('pages a group\'s direct members, users and nested groups alike', async () => {
    const members = await allPages(t, `/directories/${d.id}/groups/${ids.all}/members`, 1);
    assert.deepEqual(members.map((m) => m.type).sort(), ['Group', 'User']);
    const user = members.find((m) => m.type === 'User');
    assert.equal(user.user.id, ids.dee);
    assert.equal(user.groupId, ids.all);
    const group = members.find((m) => m.type === 'Group');
    assert.equal(group.group.displayName, 'Engineering');
  });

  it('pages a large group by keyset without repeats or gaps', async () => {
    const created: string[] = [];
    for (let i = 0; i < 25; i++) created.push((await d.scim('POST', '/Users', userBody(`member${i}@acme.com`))).body.id);
    const big = (await d.scim('POST', '/Groups', { displayName: 'Big', members: created.map((value) => ({ value })) })).body.id;
    await d.scim('PATCH', `/Groups/${big}`, patchBody({ op: 'add', path: 'members', value: [{ value: ids.eng }] }));
    const members = await allPages(t, `/directories/${d.id}/groups/${big}/members`, 7);
    assert.equal(members.length, 26);
    assert.deepEqual(new Set(members.map((m) => m.id)), new Set([...created, ids.eng]));
  });

  it('answers 404 for unknown directories, users and groups, and 400 for bad parameters', async () => {
    const unknown = '01a20000-0000-7000-8000-000000000000';
    assert.equal((await t.admin('GET', `/directories/${unknown}/users`)).status, 404);
    assert.equal((await t.admin('GET', `/directories/${d.id}/users/${unknown}`)).body.error.code, 'not_found');
    assert.equal((await t.admin('GET', `/directories/${d.id}/users/not-a-uuid`)).status, 404);
    assert.equal((await t.admin('GET', `/directories/${d.id}/groups/${unknown}`)).status, 404);
    assert.equal((await t.admin('GET', `/directories/${d.id}/groups/${unknown}/members`)).status, 404);
    const other = await t.createDirectory('entra');
    assert.equal((await t.admin('GET', `/directories/${other.id}/users/${ids.ada}`)).status, 404, 'a user of another directory is not found here');
    for (const query of ['limit=0', 'limit=1001', 'limit=abc']) {
      const r = await t.admin('GET', `/directories/${d.id}/users?${query}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.attribute, 'limit');
    }
    assert.equal((await t.admin('GET', `/directories/${d.id}/users?after=xyz`)).body.error.code, 'invalid_cursor');
    assert.equal((await t.admin('GET', `/directories/${d.id}/users?state=gone`)).body.error.code, 'invalid_value');
    const badFilter = await t.admin('GET', `/directories/${d.id}/users?filter=${encodeURIComponent('userName eq')}`);
    assert.equal(badFilter.status, 400);
    assert.equal(badFilter.body.error.code, 'invalid_filter');
    assert.equal((await t.admin('GET', `/directories/${d.id}/users`, undefined, 'wrong-key-0123456789')).status, 401);
  });
});
