// Groups: create and read, members excluded on request, replace with PUT, delete.
import { EVERY_IDP, type Check } from '../check.ts';
import { attr, check, expectJson, expectStatus, hasSchema, memberIds, URN } from '../expect.ts';

const createRead: Check = {
  id: 'groups.create',
  group: 'groups',
  title: 'POST /Groups with members answers 201; GET /Groups/{id} returns it with its members',
  idps: EVERY_IDP,
  async run(ctx) {
    const member = await ctx.createUser(ctx.userBody('group-member'));
    const displayName = ctx.name('group');
    const e = await ctx.call('POST', '/Groups', { schemas: [URN.group], displayName, members: [{ value: member.id }] });
    if (typeof e.json?.id === 'string') ctx.tracker.groups.add(e.json.id);
    const rule = 'RFC 7644 §3.3: a create answers 201 and the resource';
    expectStatus(e, 201, rule, 'POST /Groups');
    const group = expectJson(e, rule, 'POST /Groups');
    check(typeof group.id === 'string' && attr(group, 'displayName') === displayName, rule, 'the answer lacks the id or displayName', e);
    check(hasSchema(group, URN.group), 'RFC 7643 §3: a resource lists its schemas', `schemas is ${JSON.stringify(group.schemas)}`, e);
    const got = await ctx.call('GET', `/Groups/${group.id}`);
    expectStatus(got, 200, 'RFC 7644 §3.4.1: a group is retrieved by its id', 'GET /Groups/{id}');
    check(JSON.stringify(memberIds(got.json)) === JSON.stringify([member.id]), 'RFC 7643 §4.2: members are stored as sent', `members are ${JSON.stringify(memberIds(got.json))}`, got);
  },
};

const excludeMembers: Check = {
  id: 'groups.exclude-members',
  group: 'groups',
  title: 'GET /Groups/{id}?excludedAttributes=members leaves members out',
  idps: EVERY_IDP,
  async run(ctx) {
    const member = await ctx.createUser(ctx.userBody('exclude-member'));
    const group = await ctx.createGroup({ displayName: ctx.name('exclude'), members: [{ value: member.id }] });
    const e = await ctx.call('GET', `/Groups/${group.id}?excludedAttributes=members`);
    const rule = 'RFC 7644 §3.4.2.5: excludedAttributes=members leaves members out (Entra reads groups this way)';
    expectStatus(e, 200, rule, 'GET /Groups/{id}?excludedAttributes=members');
    check(attr(e.json, 'members') === undefined, rule, 'members are still in the answer', e);
    check(attr(e.json, 'id') === group.id && attr(e.json, 'displayName') === group.displayName, rule, 'id or displayName is missing', e);
  },
};

const put: Check = {
  id: 'groups.put',
  group: 'groups',
  title: 'PUT /Groups/{id} renames and replaces members',
  idps: EVERY_IDP,
  async run(ctx) {
    const a = await ctx.createUser(ctx.userBody('put-member'));
    const b = await ctx.createUser(ctx.userBody('put-member'));
    const group = await ctx.createGroup({ displayName: ctx.name('put-group'), members: [{ value: a.id }] });
    const displayName = ctx.name('put-renamed');
    const e = await ctx.call('PUT', `/Groups/${group.id}`, { schemas: [URN.group], displayName, members: [{ value: b.id }] });
    const rule = 'RFC 7644 §3.5.1: PUT replaces the group, members included (Okta AIW apps and Ping push groups by PUT)';
    expectStatus(e, 200, rule, 'PUT /Groups/{id}');
    const { resource, exchange } = await ctx.read('Groups', group.id);
    check(attr(resource, 'displayName') === displayName, rule, `displayName is ${JSON.stringify(attr(resource, 'displayName'))}`, exchange);
    check(JSON.stringify(memberIds(resource)) === JSON.stringify([b.id]), rule, `members are ${JSON.stringify(memberIds(resource))}, expected ${JSON.stringify([b.id])}`, exchange);
  },
};

const remove: Check = {
  id: 'groups.delete',
  group: 'groups',
  title: 'DELETE /Groups/{id} answers 204, then GET answers 404',
  idps: EVERY_IDP,
  async run(ctx) {
    const group = await ctx.createGroup({ displayName: ctx.name('delete-group') });
    const e = await ctx.call('DELETE', `/Groups/${group.id}`);
    expectStatus(e, 204, 'RFC 7644 §3.6: DELETE answers 204 No Content', 'DELETE /Groups/{id}');
    ctx.tracker.groups.delete(group.id);
    expectStatus(await ctx.call('GET', `/Groups/${group.id}`), 404, 'RFC 7644 §3.6: a deleted resource answers 404', 'GET of the deleted group');
  },
};

export const groupChecks: Check[] = [createRead, excludeMembers, put, remove];
