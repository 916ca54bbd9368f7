// Issue 5: the one-statement user push (member-push.ts) against concurrent changes of the same group:
// membership and member events always agree, whichever request takes the group's lock first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directoryEvents } from './helpers/scim-expect.ts';
import { GROUP_URN, patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('pushing users into a group while it changes', () => {
  let t: TestApp;
  let d: TestDirectory;
  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    const r = await t.admin('PATCH', `/directories/${d.id}`, { rateLimitPerSecond: 10000, rateLimitBurst: 10000 });
    assert.equal(r.status, 200, r.text);
  });
  after(() => t.close());

  it('an add racing a remove of the same user: the last event for the pair says whether it is a member', async () => {
    const users: string[] = [];
    for (let i = 0; i < 4; i++) users.push((await d.scim('POST', '/Users', userBody(`push${i}@acme.com`))).body.id as string);
    const [u, ...others] = users as [string, ...string[]];
    for (let round = 0; round < 25; round++) {
      const g = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: `Push ${round}`, members: [{ value: u }] })).body.id as string;
      const [removed, added, more] = await Promise.all([
        d.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'remove', path: `members[value eq "${u}"]` })),
        d.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'add', path: 'members', value: [{ value: u }] })),
        d.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'add', path: 'members', value: others.map((value) => ({ value })) })),
      ]);
      for (const r of [removed, added, more]) assert.equal(r.status, 204, r.text);
      const members = ((await d.scim('GET', `/Groups/${g}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();
      const events = (await directoryEvents(t, d.id)).filter((e) => e.objectId === g && e.type.startsWith('group.member_'));
      const last = new Map<string, string>();
      for (const e of events) last.set(e.data.member.id, e.type);
      const byEvents = [...last].filter(([, type]) => type === 'group.member_added').map(([id]) => id).sort();
      assert.deepEqual(members, byEvents, `round ${round}: members vs events`);
      assert.deepEqual(others.every((o) => members.includes(o)), true);
      // Versions of the group's member events grow with the log.
      const versions = events.map((e) => e.objectVersion as number);
      assert.deepEqual([...versions].sort((a, b) => a - b), versions);
    }
  });

  it('batches pushed side by side into one group, as IdPs send them: every user once, one event each, a version per batch', async () => {
    const users: string[] = [];
    for (let i = 0; i < 120; i++) users.push((await d.scim('POST', '/Users', userBody(`side${i}@acme.com`))).body.id as string);
    const g = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Side by side' })).body.id as string;
    // Eight batches of 15, and two that repeat users of others: each statement waits for the group's
    // lock behind another, so its snapshot predates that one's commit.
    const batches = Array.from({ length: 8 }, (_, b) => users.slice(b * 15, b * 15 + 15));
    batches.push(users.slice(10, 40), users.slice(100, 120));
    const replies = await Promise.all(batches.map((batch) => d.scim('PATCH', `/Groups/${g}`, patchBody({ op: 'add', path: 'members', value: batch.map((value) => ({ value })) }))));
    for (const r of replies) assert.equal(r.status, 204, r.text);
    const members = ((await d.scim('GET', `/Groups/${g}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();
    assert.deepEqual(members, [...users].sort());
    const added = (await directoryEvents(t, d.id)).filter((e) => e.objectId === g && e.type === 'group.member_added');
    assert.deepEqual(added.map((e) => e.data.member.id).sort(), [...users].sort(), 'one member_added per user');
    const versions = [...new Set(added.map((e) => e.objectVersion as number))];
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'versions grow with the log');
    const last = (await d.scim('GET', `/Groups/${g}`)).headers.etag;
    assert.equal(last, `W/"${Math.max(...versions)}"`);
  });
});
