// /Groups end to end: members in the membership table, nesting, cycles, deletes, and one event per member changed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertScimError, assertScimMedia, types, withEvents, type EventRecord } from './helpers/scim-expect.ts';
import { GROUP_URN, ORIGIN, patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const MISSING_ID = '01a20000-0000-7000-8000-00000000dead';

/** `[string, string]` for 2, so destructured ids are strings under noUncheckedIndexedAccess. */
type Ids<N extends number, T extends string[] = []> = T['length'] extends N ? T : Ids<N, [...T, string]>;

describe('SCIM /Groups', () => {
  let t: TestApp;
  let d: TestDirectory;
  let n = 0;
  const user = async () => {
    const r = await d.scim('POST', '/Users', userBody(`member${++n}@acme.com`, { displayName: `Member ${n}` }));
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };
  const users = async <N extends number>(count: N) => (await Promise.all(Array.from({ length: count }, user))) as Ids<N>;
  const group = async (displayName: string, members: string[] = []) => {
    const r = await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName, members: members.map((value) => ({ value })) });
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };
  const memberIds = async (groupId: string) => {
    const r = await d.scim('GET', `/Groups/${groupId}`);
    assert.equal(r.status, 200, r.text);
    return ((r.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
  };
  const memberEvents = (events: EventRecord[]) =>
    events.filter((e) => e.type.startsWith('group.member_')).map((e) => `${e.type}:${e.data.member.id}`).sort();
  const patch = (id: string, ...ops: unknown[]) => d.scim('PATCH', `/Groups/${id}`, patchBody(...ops));
  const countGroups = async (displayName: string) =>
    (await t.db.store.db.selectFrom('groups').select('id').where('directory_id', '=', d.id).where('display_name', '=', displayName).execute()).length;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  describe('create', () => {
    it('creates a group without members: 201, Location, ETag, no members attribute', async () => {
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Empty', externalId: 'okta-g1' }));
      assert.equal(r.status, 201, r.text);
      assertScimMedia(r);
      assert.equal(r.headers.location, `${ORIGIN}${d.base}/Groups/${r.body.id}`);
      assert.equal(r.headers.etag, 'W/"1"');
      assert.deepEqual(r.body.schemas, [GROUP_URN]);
      assert.equal(r.body.displayName, 'Empty');
      assert.equal(r.body.externalId, 'okta-g1');
      assert.equal(r.body.members, undefined);
      assert.equal(r.body.meta.resourceType, 'Group');
      assert.deepEqual(types(events), ['group.created']);
      assert.deepEqual((await d.scim('GET', `/Groups/${r.body.id}`)).body, r.body);
    });

    it('creates a group with members, each with $ref, display and type, and one member_added each', async () => {
      const [a, b] = await users(2);
      const { result: r, events } = await withEvents(t, d.id, () =>
        d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Engineering', members: [{ value: a }, { value: b, display: 'ignored' }] }),
      );
      assert.equal(r.status, 201, r.text);
      const members = [...r.body.members].sort((x: { value: string }, y: { value: string }) => x.value.localeCompare(y.value));
      const expected = [a, b].sort().map((id) => ({ value: id, $ref: `${ORIGIN}${d.base}/Users/${id}`, display: `Member ${id === a ? n - 1 : n}`, type: 'User' }));
      assert.deepEqual(members, expected);
      assert.deepEqual(types(events).sort(), ['group.created', 'group.member_added', 'group.member_added']);
      assert.deepEqual(memberEvents(events), [`group.member_added:${a}`, `group.member_added:${b}`].sort());
      for (const e of events) assert.equal(e.objectVersion, 1, `${e.type} carries the group's version`);
    });

    it('refuses a member that does not exist in this directory: 400 invalidValue naming it, and writes nothing', async () => {
      const other = await t.createDirectory('okta');
      const foreign = (await other.scim('POST', '/Users', userBody('foreign@other.com'))).body.id as string;
      const ok = await user();
      for (const missing of [MISSING_ID, foreign, 'not-a-uuid']) {
        const { result: r, events } = await withEvents(t, d.id, () =>
          d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Doomed', members: [{ value: ok }, { value: missing }] }),
        );
        assertScimError(r, 400, 'invalidValue', new RegExp(missing));
        assert.deepEqual(events, []);
        assert.equal(await countGroups('Doomed'), 0, 'no group row is left behind');
      }
    });

    it('refuses a second group with the same externalId: 409 uniqueness naming the first', async () => {
      const first = (await d.scim('POST', '/Groups', { displayName: 'Ext one', externalId: 'grp-ext-1' })).body.id as string;
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('POST', '/Groups', { displayName: 'Ext two', externalId: 'grp-ext-1' }));
      assertScimError(r, 409, 'uniqueness', new RegExp(first));
      assert.deepEqual(events, []);
      assert.equal((await d.scim('POST', '/Groups', { displayName: 'Ext three', externalId: 'GRP-EXT-1' })).status, 201, 'externalId is caseExact');
    });

    it('refuses a group without displayName', async () => {
      assertScimError(await d.scim('POST', '/Groups', { schemas: [GROUP_URN] }), 400, 'invalidValue', /displayName/);
    });
  });

  describe('patch members', () => {
    it('adds members (Okta) and writes one member_added per member actually added', async () => {
      const [a, b, c] = await users(3);
      const g = await group('Adders', [a]);
      const { result: r, events } = await withEvents(t, d.id, () =>
        patch(g, { op: 'add', path: 'members', value: [{ value: a }, { value: b }, { value: c }] }),
      );
      // Okta's group PATCH answers 204: a 200 would list every member on each push.
      assert.equal(r.status, 204, r.text);
      assert.equal(r.text, '');
      assert.equal(r.headers.etag, 'W/"2"');
      assert.deepEqual(memberEvents(events), [`group.member_added:${b}`, `group.member_added:${c}`].sort());
      assert.deepEqual(await memberIds(g), [a, b, c].sort());
      for (const e of events) assert.equal(e.objectVersion, 2);
      // Adding members that are all there already changes nothing: no event, no new version.
      const again = await withEvents(t, d.id, () => patch(g, { op: 'add', path: 'members', value: [{ value: a }, { value: b }] }));
      assert.equal(again.result.status, 204);
      assert.deepEqual(again.events, []);
      assert.equal(again.result.headers.etag, 'W/"2"');
    });

    it('removes members by filter (Okta: members[value eq "…"])', async () => {
      const [a, b, c] = await users(3);
      const g = await group('Okta removes', [a, b, c]);
      const { events } = await withEvents(t, d.id, () => patch(g, { op: 'remove', path: `members[value eq "${b}"]` }));
      assert.deepEqual(memberEvents(events), [`group.member_removed:${b}`]);
      assert.deepEqual(await memberIds(g), [a, c].sort());
      // Removing it again is a success that changes nothing.
      const again = await withEvents(t, d.id, () => patch(g, { op: 'remove', path: `members[value eq "${b}"]` }));
      assert.equal(again.result.status, 204, again.result.text);
      assert.deepEqual(again.events, []);
    });

    it('removes only the members given in the value (Entra default style), never the whole list', async () => {
      const entra = await t.createDirectory('entra');
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await entra.scim('POST', '/Users', userBody(`entra${i}@acme.com`))).body.id);
      const g = (await entra.scim('POST', '/Groups', { displayName: 'Entra group', members: ids.map((value) => ({ value })) })).body.id;
      const { result: r, events } = await withEvents(t, entra.id, () =>
        entra.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'Remove', path: 'members', value: [{ value: ids[1] }] })),
      );
      assert.equal(r.status, 204, r.text);
      assert.deepEqual(memberEvents(events), [`group.member_removed:${ids[1]}`]);
      const left = (await entra.scim('GET', `/Groups/${g}`)).body.members.map((m: { value: string }) => m.value).sort();
      assert.deepEqual(left, [ids[0], ids[2]].sort());
      const add = await entra.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'Add', path: 'members', value: [{ value: ids[1] }] }));
      assert.equal(add.status, 204);
      assert.equal((await entra.scim('GET', `/Groups/${g}`)).body.members.length, 3);
      // A PATCH that names attributes asks for the resource (RFC 7644 §3.5.2), even from Entra.
      const asked = await entra.scim('PATCH', `/Groups/${g}?attributes=displayName`, patchBody({ op: 'Replace', path: 'displayName', value: 'Entra group 2' }));
      assert.equal(asked.status, 200, asked.text);
      assert.equal(asked.body.displayName, 'Entra group 2');
      assert.equal(asked.body.members, undefined);
    });

    it('answers 200 with the group where the dialect keeps the RFC default (generic)', async () => {
      const generic = await t.createDirectory('generic');
      const u = (await generic.scim('POST', '/Users', userBody('generic.member@acme.com'))).body.id as string;
      const g = (await generic.scim('POST', '/Groups', { displayName: 'Generic group' })).body.id as string;
      const r = await generic.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'add', path: 'members', value: [{ value: u }] }));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.members.map((m: { value: string }) => m.value), [u]);
    });

    it('replaces the full member list, with events only for the difference', async () => {
      const [a, b, c, e] = await users(4);
      const g = await group('Replaced', [a, b]);
      const { result: r, events } = await withEvents(t, d.id, () => patch(g, { op: 'replace', path: 'members', value: [{ value: b }, { value: c }, { value: e }] }));
      assert.equal(r.status, 204, r.text);
      assert.deepEqual(memberEvents(events), [`group.member_removed:${a}`, `group.member_added:${c}`, `group.member_added:${e}`].sort());
      assert.deepEqual(await memberIds(g), [b, c, e].sort());
    });

    it('removes all members with a path and no value', async () => {
      const [a, b] = await users(2);
      const g = await group('Cleared', [a, b]);
      const { result: r, events } = await withEvents(t, d.id, () => patch(g, { op: 'remove', path: 'members' }));
      assert.equal(r.status, 204, r.text);
      assert.equal((await d.scim('GET', `/Groups/${g}`)).body.members, undefined);
      assert.deepEqual(memberEvents(events), [`group.member_removed:${a}`, `group.member_removed:${b}`].sort());
      assert.deepEqual(await memberIds(g), []);
    });

    it('keeps a PATCH atomic: one missing member undoes the whole request', async () => {
      const [a, b] = await users(2);
      const g = await group('Atomic', [a]);
      const { result: r, events } = await withEvents(t, d.id, () =>
        patch(g, { op: 'replace', path: 'displayName', value: 'Renamed' }, { op: 'add', path: 'members', value: [{ value: b }, { value: MISSING_ID }] }),
      );
      assertScimError(r, 400, 'invalidValue', new RegExp(MISSING_ID));
      assert.deepEqual(events, []);
      const now = await d.scim('GET', `/Groups/${g}`);
      assert.equal(now.body.displayName, 'Atomic');
      assert.equal(now.headers.etag, 'W/"1"');
      assert.deepEqual(await memberIds(g), [a]);
    });

    it('renames a group with a path-less replace and writes group.updated', async () => {
      const g = await group('Old name');
      const { result: r, events } = await withEvents(t, d.id, () => patch(g, { op: 'replace', value: { id: g, displayName: 'New name' } }));
      assert.equal(r.status, 204, r.text);
      assert.equal((await d.scim('GET', `/Groups/${g}`)).body.displayName, 'New name');
      assert.deepEqual(types(events), ['group.updated']);
      assert.equal(events[0]?.data.previous.displayName, 'Old name');
      const found = await d.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "new name"')}`);
      assert.deepEqual(found.body.Resources.map((x: { id: string }) => x.id), [g]);
    });
  });

  describe('replace (PUT)', () => {
    it('replaces the member list with the one given, and clears it when none is given', async () => {
      const [a, b, c] = await users(3);
      const g = await group('Put group', [a, b]);
      const { result: r, events } = await withEvents(t, d.id, () =>
        d.scim('PUT', `/Groups/${g}`, { schemas: [GROUP_URN], displayName: 'Put group', members: [{ value: b }, { value: c }] }),
      );
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.members.map((m: { value: string }) => m.value).sort(), [b, c].sort());
      assert.deepEqual(memberEvents(events), [`group.member_removed:${a}`, `group.member_added:${c}`].sort());
      const cleared = await withEvents(t, d.id, () => d.scim('PUT', `/Groups/${g}`, { schemas: [GROUP_URN], displayName: 'Put group' }));
      assert.equal(cleared.result.status, 200);
      assert.equal(cleared.result.body.members, undefined);
      assert.deepEqual(memberEvents(cleared.events), [`group.member_removed:${b}`, `group.member_removed:${c}`].sort());
    });

    it('refuses a PUT with a missing member and changes nothing', async () => {
      const [a] = await users(1);
      const g = await group('Put refused', [a]);
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('PUT', `/Groups/${g}`, { displayName: 'Put refused 2', members: [{ value: MISSING_ID }] }));
      assertScimError(r, 400, 'invalidValue', new RegExp(MISSING_ID));
      assert.deepEqual(events, []);
      assert.deepEqual(await memberIds(g), [a]);
    });
  });

  describe('ETags', () => {
    it('answers 412 to a stale If-Match on PUT, PATCH and DELETE, and 304 to a current If-None-Match', async () => {
      const [a] = await users(1);
      const g = await group('Tagged', [a]);
      const { events } = await withEvents(t, d.id, async () => {
        assertScimError(await d.scim('PUT', `/Groups/${g}`, { displayName: 'X' }, { 'if-match': 'W/"2"' }), 412);
        assertScimError(await d.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'remove', path: 'members' }), { 'if-match': 'W/"0"' }), 412);
        assertScimError(await d.scim('DELETE', `/Groups/${g}`, undefined, { 'if-match': 'W/"5"' }), 412);
      });
      assert.deepEqual(events, []);
      assert.deepEqual(await memberIds(g), [a]);
      const cached = await d.scim('GET', `/Groups/${g}`, undefined, { 'if-none-match': 'W/"1"' });
      assert.equal(cached.status, 304);
      assert.equal(cached.text, '');
      const ok = await d.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'remove', path: 'members' }), { 'if-match': 'W/"1"' });
      assert.equal(ok.status, 204, ok.text);
      assert.equal(ok.headers.etag, 'W/"2"');
      assert.equal((await d.scim('GET', `/Groups/${g}`, undefined, { 'if-none-match': 'W/"1"' })).status, 200);
    });
  });

  describe('list', () => {
    it('shows each group of a page with its own members, in the order they were added', async () => {
      const [a, b, c] = await users(3);
      const first = await group('Listed one', [a, b]);
      const second = await group('Listed two', [c]);
      const empty = await group('Listed empty');
      await patch(second, { op: 'add', path: 'members', value: [{ value: a }] });
      const filter = encodeURIComponent(`displayName sw "Listed "`);
      const r = await d.scim('GET', `/Groups?filter=${filter}&sortBy=displayName`);
      assert.deepEqual(r.body.Resources.map((g: { id: string }) => g.id), [empty, first, second]);
      const members = r.body.Resources.map((g: { members?: { value: string }[] }) => g.members?.map((m) => m.value));
      assert.deepEqual(members, [undefined, [a, b].sort(), [c, a]]);
    });
  });

  describe('excludedAttributes=members', () => {
    it('leaves members out of GET, list and write responses', async () => {
      const [a] = await users(1);
      const g = await group('Excluded', [a]);
      const get = await d.scim('GET', `/Groups/${g}?excludedAttributes=members`);
      assert.equal(get.body.members, undefined);
      assert.equal(get.body.displayName, 'Excluded');
      const list = await d.scim('GET', `/Groups?filter=${encodeURIComponent(`id eq "${g}"`)}&excludedAttributes=members`);
      assert.equal(list.body.Resources.length, 1);
      assert.equal(list.body.Resources[0].members, undefined);
      // Naming attributes asks for the resource: 200 even where the group PATCH otherwise answers 204.
      const p = await d.scim('PATCH', `/Groups/${g}?excludedAttributes=members`, patchBody({ op: 'replace', path: 'displayName', value: 'Excluded 2' }));
      assert.equal(p.status, 200, p.text);
      assert.equal(p.body.members, undefined);
      assert.equal(p.body.displayName, 'Excluded 2');
      assert.deepEqual(await memberIds(g), [a]);
    });
  });

  describe('nested groups', () => {
    it('accepts a group as member and shows users their direct and indirect groups', async () => {
      const [u1, u2] = await users(2);
      const inner = await group('Inner', [u1]);
      const outer = await group('Outer', [u2]);
      const r = await patch(outer, { op: 'add', path: 'members', value: [{ value: inner, type: 'Group' }] });
      assert.equal(r.status, 204, r.text);
      const nested = (await d.scim('GET', `/Groups/${outer}`)).body.members.find((m: { value: string }) => m.value === inner);
      assert.deepEqual(nested, { value: inner, $ref: `${ORIGIN}${d.base}/Groups/${inner}`, display: 'Inner', type: 'Group' });

      const groupsOf = async (id: string) =>
        ((await d.scim('GET', `/Users/${id}`)).body.groups ?? []).map((g: { value: string; type: string; display: string; $ref: string }) => ({ ...g }));
      assert.deepEqual(await groupsOf(u1), [
        { value: inner, $ref: `${ORIGIN}${d.base}/Groups/${inner}`, display: 'Inner', type: 'direct' },
        { value: outer, $ref: `${ORIGIN}${d.base}/Groups/${outer}`, display: 'Outer', type: 'indirect' },
      ]);
      assert.deepEqual((await groupsOf(u2)).map((g: { value: string; type: string }) => [g.value, g.type]), [[outer, 'direct']]);
      // Direct membership wins over an indirect path to the same group.
      await patch(outer, { op: 'add', path: 'members', value: [{ value: u1 }] });
      assert.deepEqual((await groupsOf(u1)).map((g: { value: string; type: string }) => [g.value, g.type]), [
        [inner, 'direct'],
        [outer, 'direct'],
      ]);
      // A list shows the same groups as a read by id.
      const listed = await d.scim('GET', `/Users?filter=${encodeURIComponent(`id eq "${u1}"`)}`);
      assert.deepEqual(listed.body.Resources[0].groups, (await d.scim('GET', `/Users/${u1}`)).body.groups);
      const searched = await d.scim('POST', '/.search', { filter: `id eq "${u1}"`, attributes: ['groups'] });
      assert.deepEqual(searched.body.Resources[0].groups, (await d.scim('GET', `/Users/${u1}`)).body.groups);
      // A filter on the user's groups sees the indirect group too.
      const byGroup = await d.scim('GET', `/Users?filter=${encodeURIComponent(`groups.value eq "${outer}"`)}`);
      assert.deepEqual(byGroup.body.Resources.map((u: { id: string }) => u.id).sort(), [u1, u2].sort());
    });

    it('refuses cycles, including a group in itself, with 400 and no change', async () => {
      const a = await group('Cycle A');
      const b = await group('Cycle B');
      const c = await group('Cycle C');
      assert.equal((await patch(a, { op: 'add', path: 'members', value: [{ value: b }] })).status, 204);
      assert.equal((await patch(b, { op: 'add', path: 'members', value: [{ value: c }] })).status, 204);
      const { result: r, events } = await withEvents(t, d.id, () => patch(c, { op: 'add', path: 'members', value: [{ value: a }] }));
      assertScimError(r, 400, 'invalidValue', /cycle/);
      assert.deepEqual(events, []);
      assertScimError(await patch(a, { op: 'add', path: 'members', value: [{ value: a }] }), 400, 'invalidValue', /cycle/);
      assertScimError(await d.scim('PUT', `/Groups/${b}`, { displayName: 'Cycle B', members: [{ value: a }, { value: c }] }), 400, 'invalidValue', /cycle/);
      assert.deepEqual(await memberIds(c), []);
      assert.deepEqual(await memberIds(b), [c]);
    });
  });

  describe('delete', () => {
    it('deletes a group: 204, 404 afterwards, users kept, memberships gone', async () => {
      const [a, b] = await users(2);
      const g = await group('Doomed group', [a, b]);
      const parent = await group('Parent of doomed', [g]);
      const parentVersion = (await d.scim('GET', `/Groups/${parent}`)).headers.etag;
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('DELETE', `/Groups/${g}`));
      assert.equal(r.status, 204);
      assert.ok(types(events).includes('group.deleted'));
      assertScimError(await d.scim('GET', `/Groups/${g}`), 404);
      for (const id of [a, b]) {
        const u = await d.scim('GET', `/Users/${id}`);
        assert.equal(u.status, 200);
        assert.equal(u.body.groups, undefined);
      }
      const left = await t.db.store.db.selectFrom('group_members').select('user_id').where('group_id', '=', g).execute();
      assert.deepEqual(left, []);
      // The parent lost a member: it says so with an event and a new version; the users who were in
      // it only through the deleted group leave it too (indirect events, issue 4).
      assert.deepEqual(await memberIds(parent), []);
      assert.deepEqual(memberEvents(events.filter((e) => e.objectId === parent && !e.data.indirect)), [`group.member_removed:${g}`]);
      assert.deepEqual(memberEvents(events.filter((e) => e.objectId === parent && e.data.indirect)), [`group.member_removed:${a}`, `group.member_removed:${b}`].sort());
      // The deleted group's own members get no events: group.deleted says it.
      assert.deepEqual(events.filter((e) => e.objectId === g && e.type.startsWith('group.member_')), []);
      assert.notEqual((await d.scim('GET', `/Groups/${parent}`)).headers.etag, parentVersion);
    });

    it('removes a deleted user from its groups, with member_removed events and a new group version', async () => {
      const [a, b] = await users(2);
      const g1 = await group('Keeps b', [a, b]);
      const g2 = await group('Loses all', [a]);
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('DELETE', `/Users/${a}`));
      assert.equal(r.status, 204);
      assert.deepEqual(types(events).sort(), ['group.member_removed', 'group.member_removed', 'user.deleted']);
      assert.deepEqual(events.filter((e) => e.type === 'group.member_removed').map((e) => e.objectId).sort(), [g1, g2].sort());
      assert.deepEqual(await memberIds(g1), [b]);
      assert.deepEqual(await memberIds(g2), []);
      const g1now = await d.scim('GET', `/Groups/${g1}`);
      assert.equal(g1now.headers.etag, 'W/"2"', 'a group whose members changed has a new version');
      for (const e of events.filter((x) => x.type === 'group.member_removed')) assert.equal(e.objectVersion, 2);
      const filtered = await d.scim('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${a}"`)}`);
      assert.equal(filtered.body.totalResults, 0);
    });
  });
});
