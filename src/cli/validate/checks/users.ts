// Users: create, read by id and by filter, replace with PUT, deactivate, delete, and uniqueness.
import { EVERY_IDP, RFC_ONLY, type Check } from '../check.ts';
import { q, quote } from '../check-context.ts';
import { attr, check, expectError, expectJson, expectList, expectStatus, hasSchema, URN } from '../expect.ts';

const create: Check = {
  id: 'users.create',
  group: 'users',
  title: 'POST /Users answers 201 with the created user',
  idps: EVERY_IDP,
  async run(ctx) {
    const body = ctx.userBody('create');
    const e = await ctx.call('POST', '/Users', body);
    if (typeof e.json?.id === 'string') ctx.tracker.users.add(e.json.id);
    const rule = 'RFC 7644 §3.3: a create answers 201 and the resource as stored, with its server-assigned id';
    expectStatus(e, 201, rule, 'POST /Users');
    const user = expectJson(e, `${rule} (Okta: "Create new user returned empty user")`, 'POST /Users');
    check(typeof user.id === 'string' && user.id.length > 0, rule, 'the answer has no id', e);
    check(hasSchema(user, URN.user), 'RFC 7643 §3: a resource lists its schemas', `schemas is ${JSON.stringify(user.schemas)}`, e);
    check(attr(user, 'userName') === body.userName, rule, `userName came back as ${JSON.stringify(attr(user, 'userName'))}`, e);
    check(attr(user, 'active') === true, rule, `active came back as ${JSON.stringify(attr(user, 'active'))}`, e);
    check(attr(attr(user, 'meta'), 'resourceType') === 'User', 'RFC 7643 §3.1: meta.resourceType is "User"', `meta is ${JSON.stringify(attr(user, 'meta'))}`, e);
  },
};

const readById: Check = {
  id: 'users.get-by-id',
  group: 'users',
  title: 'GET /Users/{id} returns the user as created',
  idps: EVERY_IDP,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('get'));
    const e = await ctx.call('GET', `/Users/${user.id}`);
    const rule = 'RFC 7644 §3.4.1: a resource is retrieved by GET on its id';
    expectStatus(e, 200, rule, 'GET /Users/{id}');
    const got = expectJson(e, rule, 'GET /Users/{id}');
    check(got.id === user.id, rule, `id came back as ${JSON.stringify(got.id)}`, e);
    check(attr(got, 'userName') === user.userName, rule, `userName came back as ${JSON.stringify(attr(got, 'userName'))}`, e);
    check(attr(got, 'externalId') === user.externalId, 'RFC 7643 §3.1: externalId is stored as the client sent it', `externalId came back as ${JSON.stringify(attr(got, 'externalId'))}`, e);
    check(attr(attr(got, 'name'), 'familyName') === 'Validate', 'RFC 7643 §4.1.1: name is stored', `name came back as ${JSON.stringify(attr(got, 'name'))}`, e);
  },
};

function filterCheck(id: string, attribute: 'userName' | 'externalId', rule: string): Check {
  return {
    id,
    group: 'users',
    title: `GET /Users?filter=${attribute} eq "…" finds exactly the user`,
    idps: EVERY_IDP,
    async run(ctx) {
      const user = await ctx.createUser(ctx.userBody(`by-${attribute.toLowerCase()}`));
      await ctx.createUser(ctx.userBody(`by-${attribute.toLowerCase()}-other`));
      const e = await ctx.call('GET', `/Users?filter=${q(`${attribute} eq ${quote(user[attribute])}`)}&startIndex=1&count=100`);
      const found = expectList(e, `${attribute} eq filter`);
      check(e.json.totalResults === 1 && found.length === 1 && found[0]?.id === user.id, rule, `expected only ${user.id}, got totalResults ${e.json.totalResults} and ids ${JSON.stringify(found.map((r) => r?.id))}`, e);
    },
  };
}

const replace: Check = {
  id: 'users.put',
  group: 'users',
  title: 'PUT /Users/{id} replaces the user',
  idps: EVERY_IDP,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('put'));
    const body = { ...ctx.userBody('unused'), userName: user.userName, externalId: user.externalId, emails: [{ value: user.userName, type: 'work', primary: true }], name: { givenName: 'Grace', familyName: 'Replaced' }, title: 'Engineer' };
    const e = await ctx.call('PUT', `/Users/${user.id}`, body);
    const rule = 'RFC 7644 §3.5.1: PUT replaces the resource and answers 200 with it';
    expectStatus(e, 200, rule, 'PUT /Users/{id}');
    const { resource, exchange } = await ctx.read('Users', user.id);
    check(attr(attr(resource, 'name'), 'familyName') === 'Replaced' && attr(resource, 'title') === 'Engineer', rule, `after PUT, name is ${JSON.stringify(attr(resource, 'name'))} and title ${JSON.stringify(attr(resource, 'title'))}`, exchange);
  },
};

const deactivate: Check = {
  id: 'users.deactivate',
  group: 'users',
  title: 'PUT with active false deactivates, and the user is still returned by id and by filter',
  idps: EVERY_IDP,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('deactivate'));
    const e = await ctx.call('PUT', `/Users/${user.id}`, { ...user.resource, active: false });
    expectStatus(e, 200, 'RFC 7644 §3.5.1: PUT answers 200 (Okta AIW apps deactivate by PUT active false)', 'PUT active false');
    const { resource, exchange } = await ctx.read('Users', user.id);
    check(attr(resource, 'active') === false, 'RFC 7643 §4.1.1: active is stored as sent', `active is ${JSON.stringify(attr(resource, 'active'))} after PUT active false`, exchange);
    const listed = await ctx.call('GET', `/Users?filter=${q(`userName eq ${quote(user.userName)}`)}`);
    const found = expectList(listed, 'userName filter on an inactive user');
    check(found.some((r) => r?.id === user.id), 'Entra: an inactive user is still returned by GET and filter; only a hard delete hides it', 'the deactivated user is missing from the userName filter', listed);
  },
};

const remove: Check = {
  id: 'users.delete',
  group: 'users',
  title: 'DELETE /Users/{id} answers 204, then GET answers 404',
  idps: EVERY_IDP,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('delete'));
    const e = await ctx.call('DELETE', `/Users/${user.id}`);
    expectStatus(e, 204, 'RFC 7644 §3.6: DELETE answers 204 No Content', 'DELETE /Users/{id}');
    ctx.tracker.users.delete(user.id);
    const after = await ctx.call('GET', `/Users/${user.id}`);
    expectStatus(after, 404, 'RFC 7644 §3.6: a deleted resource answers 404 (Entra: hard delete, then expects 404)', 'GET of the deleted user');
    const listed = await ctx.call('GET', `/Users?filter=${q(`userName eq ${quote(user.userName)}`)}`);
    const found = expectList(listed, 'userName filter on a deleted user');
    check(found.length === 0, 'RFC 7644 §3.6: a deleted resource is no longer returned by a query', `the deleted user is still listed: ${JSON.stringify(found.map((r) => r?.id))}`, listed);
  },
};

const duplicate: Check = {
  id: 'users.duplicate-username',
  group: 'users',
  title: 'a second POST with the same userName answers 409 uniqueness',
  idps: EVERY_IDP,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('dup'));
    const e = await ctx.call('POST', '/Users', { ...ctx.userBody('dup-second'), userName: user.userName });
    if (typeof e.json?.id === 'string' && e.status < 300) ctx.tracker.users.add(e.json.id);
    expectError(e, 409, 'RFC 7644 §3.3: a duplicate userName answers 409 Conflict (Okta and Entra read it as "already exists")', 'POST of a taken userName', 'uniqueness');
  },
};

const duplicateCase: Check = {
  id: 'users.duplicate-username-case',
  group: 'users',
  title: 'userName uniqueness ignores case, as the userName filter does',
  idps: RFC_ONLY,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('dupcase'));
    const e = await ctx.call('POST', '/Users', { ...ctx.userBody('dupcase-second'), userName: user.userName.toUpperCase() });
    if (typeof e.json?.id === 'string' && e.status < 300) ctx.tracker.users.add(e.json.id);
    expectStatus(e, 409, 'RFC 7643 §4.1.1: userName is caseExact false, so uniqueness compares it without case', 'POST with the upper-cased userName of an existing user');
  },
};

const missingUserName: Check = {
  id: 'users.missing-username',
  group: 'users',
  title: 'a user without userName answers 400 with a SCIM error',
  idps: EVERY_IDP,
  async run(ctx) {
    const body = ctx.userBody('nousername');
    delete body.userName;
    const e = await ctx.call('POST', '/Users', body);
    if (typeof e.json?.id === 'string' && e.status < 300) ctx.tracker.users.add(e.json.id);
    expectError(e, 400, 'RFC 7643 §4.1.1 + RFC 7644 §3.3: userName is required; a create without it answers 400', 'POST /Users without userName');
  },
};

export const userChecks: Check[] = [
  create,
  readById,
  filterCheck('users.filter-username', 'userName', 'RFC 7644 §3.4.2.2: userName eq finds exactly that user (Okta and Entra match on it before creating)'),
  filterCheck('users.filter-externalid', 'externalId', 'RFC 7644 §3.4.2.2: externalId eq finds exactly that user (Entra matches on it)'),
  replace,
  deactivate,
  remove,
  duplicate,
  duplicateCase,
  missingUserName,
];
