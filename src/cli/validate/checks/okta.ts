// Okta's dialect: existence check, create body, path-less PATCH of active, profile PUT, Push Groups.
import { randomUUID } from 'node:crypto';
import { OKTA, type Check } from '../check.ts';
import { patch, q, quote, type CheckContext } from '../check-context.ts';
import { attr, check, expectJson, expectList, expectStatus, memberIds } from '../expect.ts';

const existenceCheck: Check = {
  id: 'okta.existence-check',
  group: 'okta',
  title: 'the lookup Okta makes before each create answers an empty ListResponse',
  idps: OKTA,
  async run(ctx) {
    const e = await ctx.call('GET', `/Users?filter=${q(`userName eq ${quote(`${ctx.name('absent')}@example.com`)}`)}&startIndex=1&count=100`);
    const found = expectList(e, 'Okta existence check for an unknown userName');
    check(e.json.totalResults === 0 && found.length === 0, 'Okta: no match is 200 with totalResults 0 (RFC 7644 §3.4.2)', `totalResults ${e.json.totalResults}, ${found.length} resources`, e);
  },
};

const createBody: Check = {
  id: 'okta.create',
  group: 'okta',
  title: "Okta's create body (password, groups [], locale) answers 201 with the user",
  idps: OKTA,
  async run(ctx) {
    const body = ctx.userBody('okta-create', { password: `Pw-${randomUUID()}`, groups: [], locale: 'en-US', displayName: 'Ada Validate' });
    const e = await ctx.call('POST', '/Users', body);
    if (typeof e.json?.id === 'string') ctx.tracker.users.add(e.json.id);
    const rule = 'Okta: create answers 201 with the user ("Create new user returned empty user" otherwise); RFC 7644 §3.3';
    expectStatus(e, 201, rule, "POST /Users with Okta's body");
    const user = expectJson(e, rule, 'POST /Users');
    check(typeof user.id === 'string' && attr(user, 'userName') === body.userName, rule, 'the answer lacks the id or userName', e);
    check(attr(user, 'password') === undefined, 'RFC 7643 §4.1.1: password is never returned', 'the answer contains the password', e);
  },
};

async function patchActive(ctx: CheckContext, id: string, active: boolean, rule: string): Promise<void> {
  const e = await ctx.call('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active } }));
  expectStatus(e, [200, 204], rule, `path-less PATCH replace {"active":${active}}`);
  if (e.status === 200) check(attr(e.json, 'active') === active, rule, `the PATCH answer says active ${JSON.stringify(attr(e.json, 'active'))}`, e);
  const { resource, exchange } = await ctx.read('Users', id);
  check(attr(resource, 'active') === active, rule, `after the PATCH, GET says active ${JSON.stringify(attr(resource, 'active'))}`, exchange);
}

const deactivate: Check = {
  id: 'okta.deactivate',
  group: 'okta',
  title: 'path-less PATCH replace {"active": false} deactivates, {"active": true} reactivates',
  idps: OKTA,
  async run(ctx) {
    await ctx.requirePatch();
    const user = await ctx.createUser(ctx.userBody('okta-deactivate'));
    await patchActive(ctx, user.id, false, 'Okta: deactivation is a path-less PATCH replace with value {"active":false} (RFC 7644 §3.5.2.3)');
    await patchActive(ctx, user.id, true, 'Okta: reactivation is a path-less PATCH replace with value {"active":true} (RFC 7644 §3.5.2.3)');
  },
};

const profilePut: Check = {
  id: 'okta.profile-put',
  group: 'okta',
  title: 'profile update: the GET representation, edited and PUT back, is accepted',
  idps: OKTA,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('okta-put'));
    const { resource } = await ctx.read('Users', user.id);
    const edited = { ...resource, name: { ...(attr(resource, 'name') ?? {}), givenName: 'Augusta' } };
    const e = await ctx.call('PUT', `/Users/${user.id}`, edited);
    const rule = 'Okta: profile updates GET the user and PUT it back whole, id and meta included (RFC 7643 §2.2: read-only attributes sent by a client are ignored)';
    expectStatus(e, 200, rule, 'PUT of the GET representation');
    const after = await ctx.read('Users', user.id);
    check(attr(attr(after.resource, 'name'), 'givenName') === 'Augusta', rule, `givenName is ${JSON.stringify(attr(attr(after.resource, 'name'), 'givenName'))} after the PUT`, after.exchange);
    check(attr(after.resource, 'active') === true, rule, 'the PUT changed active', after.exchange);
  },
};

const pushGroup: Check = {
  id: 'okta.group-push',
  group: 'okta',
  title: 'Push Groups: create with members [], one PATCH removing members[value eq] and adding members',
  idps: OKTA,
  async run(ctx) {
    await ctx.requirePatch();
    const [a, b, c] = [await ctx.createUser(ctx.userBody('okta-m')), await ctx.createUser(ctx.userBody('okta-m')), await ctx.createUser(ctx.userBody('okta-m'))];
    const group = await ctx.createGroup({ displayName: ctx.name('okta-group'), members: [] });
    const rule = 'Okta: Push Groups sends remove members[value eq "…"] and add members in one PATCH (RFC 7644 §3.5.2.1, §3.5.2.2)';
    const first = await ctx.call('PATCH', `/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: [{ value: a.id, display: a.userName }, { value: b.id, display: b.userName }] }));
    expectStatus(first, [200, 204], rule, 'PATCH add members');
    const e = await ctx.call('PATCH', `/Groups/${group.id}`, patch({ op: 'remove', path: `members[value eq ${quote(a.id)}]` }, { op: 'add', path: 'members', value: [{ value: c.id, display: c.userName }] }));
    expectStatus(e, [200, 204], rule, 'PATCH remove one member, add another');
    const { resource, exchange } = await ctx.read('Groups', group.id);
    const expected = [b.id, c.id].sort();
    check(JSON.stringify(memberIds(resource)) === JSON.stringify(expected), rule, `members are ${JSON.stringify(memberIds(resource))}, expected ${JSON.stringify(expected)}`, exchange);
  },
};

const renameKeepsMembers: Check = {
  id: 'okta.group-rename',
  group: 'okta',
  title: 'path-less PATCH replace {id, displayName} renames the group and keeps its members',
  idps: OKTA,
  async run(ctx) {
    await ctx.requirePatch();
    const member = await ctx.createUser(ctx.userBody('okta-rm'));
    const group = await ctx.createGroup({ displayName: ctx.name('okta-rename'), members: [{ value: member.id }] });
    const displayName = ctx.name('okta-renamed');
    const e = await ctx.call('PATCH', `/Groups/${group.id}`, patch({ op: 'replace', value: { id: group.id, displayName } }));
    const rule = 'Okta: the rename {"op":"replace","value":{"id","displayName"}} comes with every membership update and must not touch members (RFC 7644 §3.5.2.3)';
    expectStatus(e, [200, 204], rule, 'path-less PATCH replace {id, displayName}');
    const { resource, exchange } = await ctx.read('Groups', group.id);
    check(attr(resource, 'displayName') === displayName, rule, `displayName is ${JSON.stringify(attr(resource, 'displayName'))}`, exchange);
    check(JSON.stringify(memberIds(resource)) === JSON.stringify([member.id]), rule, `members became ${JSON.stringify(memberIds(resource))}`, exchange);
  },
};

const replaceMembers: Check = {
  id: 'okta.group-replace-members',
  group: 'okta',
  title: 'full push: PATCH replace members with the whole list',
  idps: OKTA,
  async run(ctx) {
    await ctx.requirePatch();
    const [a, b, c] = [await ctx.createUser(ctx.userBody('okta-full')), await ctx.createUser(ctx.userBody('okta-full')), await ctx.createUser(ctx.userBody('okta-full'))];
    const group = await ctx.createGroup({ displayName: ctx.name('okta-full'), members: [{ value: a.id }, { value: b.id }] });
    const e = await ctx.call('PATCH', `/Groups/${group.id}`, patch({ op: 'replace', path: 'members', value: [{ value: b.id }, { value: c.id }] }));
    const rule = 'Okta: a full push replaces members with the list sent (RFC 7644 §3.5.2.3)';
    expectStatus(e, [200, 204], rule, 'PATCH replace members');
    const { resource, exchange } = await ctx.read('Groups', group.id);
    const expected = [b.id, c.id].sort();
    check(JSON.stringify(memberIds(resource)) === JSON.stringify(expected), rule, `members are ${JSON.stringify(memberIds(resource))}, expected ${JSON.stringify(expected)}`, exchange);
  },
};

export const oktaChecks: Check[] = [existenceCheck, createBody, deactivate, profilePut, pushGroup, renameKeepsMembers, replaceMembers];
