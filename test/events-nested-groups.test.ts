// Issue 4: group.member_added / member_removed for users who arrive in or leave a group through a
// nested group, in the same transaction as the change; checked by scenario and against a naive diff.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { memberEventProblems, type OracleEdge, type OracleEvent } from './helpers/membership-oracle.ts';
import { assertScimError, withEvents, type EventRecord } from './helpers/scim-expect.ts';
import { GROUP_URN, patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('member events through nested groups', () => {
  let t: TestApp;
  let d: TestDirectory;
  let n = 0;
  const user = async () => {
    const r = await d.scim('POST', '/Users', userBody(`nested${++n}@acme.com`));
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };
  const group = async (displayName: string, members: string[] = []) => {
    const r = await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: `${displayName} ${++n}`, members: members.map((value) => ({ value })) });
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };
  const patch = (id: string, ...ops: unknown[]) => d.scim('PATCH', `/Groups/${id}`, patchBody(...ops));
  const addTo = async (g: string, ...ids: string[]) => {
    const r = await patch(g, { op: 'add', path: 'members', value: ids.map((value) => ({ value })) });
    assert.equal(r.status, 204, r.text);
  };
  const removeFrom = async (g: string, id: string) => {
    const r = await patch(g, { op: 'remove', path: `members[value eq "${id}"]` });
    assert.equal(r.status, 204, r.text);
  };
  const version = async (g: string) => Number(/\d+/.exec(String((await d.scim('GET', `/Groups/${g}`)).headers.etag))?.[0]);
  /** `kind group member [via]`, in log order. */
  const described = (events: EventRecord[]) =>
    events
      .filter((e) => e.type.startsWith('group.member_'))
      .map((e) => [e.type === 'group.member_added' ? '+' : '-', e.objectId, e.data.member.id, e.data.indirect ? `via ${e.data.via}` : 'direct'].join(' '));
  const sortedIndirect = (events: EventRecord[]) => described(events.filter((e) => e.data.indirect)).sort();

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
  });
  after(() => t.close());

  it('three levels: adding a group that holds users tells every ancestor, with its own version; removing it undoes it', async () => {
    const [u1, u2, u3] = [await user(), await user(), await user()];
    const c = await group('C', [u1, u2]);
    const b = await group('B');
    const a = await group('A', [b]);
    const aVersion = await version(a);
    const added = await withEvents(t, d.id, () => addTo(b, c));
    const bVersion = await version(b);
    assert.deepEqual(described(added.events.filter((e) => !e.data.indirect)), [`+ ${b} ${c} direct`]);
    assert.deepEqual(sortedIndirect(added.events), [`+ ${a} ${u1} via ${b}`, `+ ${a} ${u2} via ${b}`, `+ ${b} ${u1} via ${c}`, `+ ${b} ${u2} via ${c}`].sort());
    for (const e of added.events) {
      assert.equal(e.data.groupId, e.objectId);
      // B changed (new version); A did not (its SCIM members are the same), so its events carry the version it has.
      assert.equal(e.objectVersion, e.objectId === b ? bVersion : aVersion);
      if (e.data.indirect) assert.deepEqual(e.data.member, { id: e.data.member.id, type: 'User' });
    }
    assert.equal(await version(a), aVersion);

    // A user added at the bottom arrives at every level above.
    const deeper = await withEvents(t, d.id, () => addTo(c, u3));
    assert.deepEqual(described(deeper.events), [`+ ${c} ${u3} direct`, ...[`+ ${a} ${u3} via ${b}`, `+ ${b} ${u3} via ${c}`].sort()]);

    const removed = await withEvents(t, d.id, () => removeFrom(b, c));
    assert.deepEqual(described(removed.events)[0], `- ${b} ${c} direct`);
    assert.deepEqual(sortedIndirect(removed.events), [u1, u2, u3].flatMap((u) => [`- ${a} ${u} via ${b}`, `- ${b} ${u} via ${c}`]).sort());
  });

  it('diamond: removing one of two paths removes nothing above; removing the second does', async () => {
    const u = await user();
    const dg = await group('D', [u]);
    const b = await group('B', [dg]);
    const c = await group('C', [dg]);
    const a = await group('A', [b, c]);
    const first = await withEvents(t, d.id, () => removeFrom(b, dg));
    assert.deepEqual(described(first.events), [`- ${b} ${dg} direct`, `- ${b} ${u} via ${dg}`]);
    const second = await withEvents(t, d.id, () => removeFrom(c, dg));
    assert.deepEqual(described(second.events), [`- ${c} ${dg} direct`, ...[`- ${a} ${u} via ${c}`, `- ${c} ${u} via ${dg}`].sort()]);
  });

  it('a user taken out directly who stays through a nested group: direct removed, then indirect added', async () => {
    const u = await user();
    const b = await group('B', [u]);
    const a = await group('A', [u, b]);
    const r = await withEvents(t, d.id, () => removeFrom(a, u));
    assert.deepEqual(described(r.events), [`- ${a} ${u} direct`, `+ ${a} ${u} via ${b}`]);
    // Added directly while already there through B: the direct event only.
    const again = await withEvents(t, d.id, () => addTo(a, u));
    assert.deepEqual(described(again.events), [`+ ${a} ${u} direct`]);
  });

  it('a group in no group, users only: the direct events, each with indirect: false', async () => {
    const [u1, u2] = [await user(), await user()];
    const g = await group('Flat');
    const r = await withEvents(t, d.id, () => addTo(g, u1, u2));
    assert.deepEqual(described(r.events), [`+ ${g} ${u1} direct`, `+ ${g} ${u2} direct`]);
    assert.ok(r.events.every((e) => e.data.indirect === false && e.data.via === undefined));
  });

  it('cycles are refused as before, and leave no event', async () => {
    const c = await group('C');
    const b = await group('B', [c]);
    const a = await group('A', [b]);
    const r = await withEvents(t, d.id, async () => assertScimError(await patch(c, { op: 'add', path: 'members', value: [{ value: a }] }), 400, 'invalidValue', /cycle/));
    assert.deepEqual(r.events, []);
  });

  it('a user deleted leaves every ancestor; a group deleted takes its users out of its ancestors, not out of itself', async () => {
    const [u1, u2] = [await user(), await user()];
    const c = await group('C', [u1, u2]);
    const b = await group('B', [c]);
    const a = await group('A', [b]);
    const gone = await withEvents(t, d.id, () => d.scim('DELETE', `/Users/${u1}`));
    assert.equal(gone.result.status, 204);
    assert.deepEqual(described(gone.events), [`- ${c} ${u1} direct`, ...[`- ${a} ${u1} via ${b}`, `- ${b} ${u1} via ${c}`].sort()]);
    const deleted = await withEvents(t, d.id, () => d.scim('DELETE', `/Groups/${c}`));
    assert.equal(deleted.result.status, 204);
    assert.deepEqual(described(deleted.events), [`- ${b} ${c} direct`, ...[`- ${a} ${u2} via ${b}`, `- ${b} ${u2} via ${c}`].sort()]);
  });

  it('random graphs and changes: the events agree with a naive diff of effective membership', async () => {
    const users = await Promise.all([user(), user(), user(), user()]);
    const groups: string[] = [];
    for (let i = 0; i < 5; i++) groups.push(await group(`R${i}`));
    const userSet = new Set(users);
    const edges = async (): Promise<OracleEdge[]> => {
      const rows = await t.db.store.db.selectFrom('group_members').select(['group_id', 'user_id', 'member_group_id']).where('directory_id', '=', d.id).execute();
      return rows.filter((r) => groups.includes(r.group_id)).map((r) => ({ parent: r.group_id, child: (r.user_id ?? r.member_group_id) as string }));
    };
    const asOracle = (events: EventRecord[]): OracleEvent[] =>
      events
        .filter((e) => e.type.startsWith('group.member_'))
        .map((e) => ({ kind: e.type === 'group.member_added' ? 'added' : 'removed', groupId: e.objectId as string, memberId: e.data.member.id, indirect: e.data.indirect === true, via: e.data.via }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(4), fc.boolean(), fc.nat(8)), { minLength: 1, maxLength: 4 }), async (ops) => {
        for (const [gi, add, mi] of ops) {
          const g = groups[gi] as string;
          const m = (mi < 4 ? users[mi] : groups[mi - 4]) as string;
          const beforeEdges = await edges();
          const { result: r, events } = await withEvents(t, d.id, () =>
            add ? patch(g, { op: 'add', path: 'members', value: [{ value: m }] }) : patch(g, { op: 'remove', path: `members[value eq "${m}"]` }),
          );
          if (r.status === 400) {
            assert.match(r.text, /cycle|contain itself/);
            assert.deepEqual(events, []);
            continue;
          }
          assert.equal(r.status, 204, r.text);
          assert.deepEqual(memberEventProblems(beforeEdges, await edges(), userSet, asOracle(events)), []);
        }
      }),
      { numRuns: 25 },
    );
  });
});
