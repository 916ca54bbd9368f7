// Entra's dialects (default and aadOptscim062020): Test Connection, create body, capitalised ops,
// "False" strings, filtered and path-less replaces, group membership in batches.
import { randomUUID } from 'node:crypto';
import { ENTRA, type Check } from '../check.ts';
import { patch, q, quote, type CheckContext } from '../check-context.ts';
import { attr, check, expectList, expectStatus, memberIds, URN, workEmail } from '../expect.ts';

const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

const testConnection: Check = {
  id: 'entra.test-connection',
  group: 'entra',
  title: 'Test Connection: userName eq "<random GUID>" answers an empty ListResponse',
  idps: ENTRA,
  async run(ctx) {
    const e = await ctx.call('GET', `/Users?filter=${q(`userName eq ${quote(randomUUID())}`)}`);
    const found = expectList(e, 'Entra Test Connection');
    check(e.json.totalResults === 0 && found.length === 0, 'Entra: Test Connection expects 200 and totalResults 0 for a random GUID', `totalResults ${e.json.totalResults}`, e);
  },
};

const create: Check = {
  id: 'entra.create',
  group: 'entra',
  title: "Entra's create body (enterprise schema without its object, meta, roles [], name.formatted) answers 201",
  idps: ENTRA,
  async run(ctx) {
    const body = ctx.userBody('entra-create', {
      schemas: [URN.user, URN.enterprise],
      meta: { resourceType: 'User' },
      roles: [],
      name: { formatted: 'Ada Validate', givenName: 'Ada', familyName: 'Validate' },
    });
    const e = await ctx.call('POST', '/Users', body);
    if (typeof e.json?.id === 'string') ctx.tracker.users.add(e.json.id);
    expectStatus(e, 201, "Entra: its create body lists the enterprise schema with no extension object and sends read-only meta; RFC 7643 §2.2 says read-only input is ignored", "POST /Users with Entra's body");
    check(attr(e.json, 'userName') === body.userName, 'RFC 7644 §3.3: the create answers the user', `userName came back as ${JSON.stringify(attr(e.json, 'userName'))}`, e);
  },
};

async function expectActive(ctx: CheckContext, id: string, op: unknown, active: boolean, rule: string, what: string): Promise<void> {
  const e = await ctx.call('PATCH', `/Users/${id}`, patch(op));
  expectStatus(e, [200, 204], rule, what);
  const { resource, exchange } = await ctx.read('Users', id);
  check(attr(resource, 'active') === active, rule, `after ${what}, active is ${JSON.stringify(attr(resource, 'active'))} (expected the boolean ${active})`, exchange);
}

const stringBooleans: Check = {
  id: 'entra.active-string',
  group: 'entra',
  title: 'soft delete and restore with "False"/"True" strings, with and without a path',
  idps: ENTRA,
  async run(ctx) {
    await ctx.requirePatch();
    const user = await ctx.createUser(ctx.userBody('entra-active'));
    await expectActive(ctx, user.id, { op: 'Replace', path: 'active', value: 'False' }, false, 'Entra: PATCH Replace of active with the string "False" (default dialect) disables the user', '{"op":"Replace","path":"active","value":"False"}');
    await expectActive(ctx, user.id, { op: 'Replace', path: 'active', value: 'True' }, true, 'Entra: PATCH Replace of active with the string "True" restores the user', '{"op":"Replace","path":"active","value":"True"}');
    await expectActive(ctx, user.id, { op: 'Replace', value: { active: 'False' } }, false, "Entra: PATCH with path-less replace of active as string 'False'", '{"op":"Replace","value":{"active":"False"}}');
  },
};

const defaultDialect: Check = {
  id: 'entra.patch-attributes',
  group: 'entra',
  title: 'one capitalised Replace per attribute: emails[type eq "work"].value, name.familyName, enterprise employeeNumber',
  idps: ENTRA,
  async run(ctx) {
    await ctx.requirePatch();
    const user = await ctx.createUser(ctx.userBody('entra-attrs'));
    const email = `${ctx.name('entra-mail')}@example.com`;
    const e = await ctx.call('PATCH', `/Users/${user.id}`, patch(
      { op: 'Replace', path: 'emails[type eq "work"].value', value: email },
      { op: 'Replace', path: 'name.familyName', value: 'Lovelace' },
      { op: 'Add', path: `${URN.enterprise}:employeeNumber`, value: '1815' },
    ));
    const rule = 'Entra: op names are capitalised ("Replace", "Add") and paths are value filters, sub-attributes and URN-qualified (RFC 7644 §3.5.2, §3.10)';
    expectStatus(e, [200, 204], rule, 'PATCH in Entra\'s default dialect');
    const { resource, exchange } = await ctx.read('Users', user.id);
    check(workEmail(resource) === email, rule, `the work email is ${JSON.stringify(workEmail(resource))}, expected ${email}`, exchange);
    check(attr(attr(resource, 'name'), 'familyName') === 'Lovelace', rule, `name.familyName is ${JSON.stringify(attr(attr(resource, 'name'), 'familyName'))}`, exchange);
    check(attr(attr(resource, URN.enterprise), 'employeeNumber') === '1815', rule, `the enterprise employeeNumber is ${JSON.stringify(attr(attr(resource, URN.enterprise), 'employeeNumber'))}`, exchange);
  },
};

const pathlessReplace: Check = {
  id: 'entra.patch-pathless',
  group: 'entra',
  title: 'aadOptscim062020: a filtered-path replace plus a path-less replace with dotted and URN keys',
  idps: ENTRA,
  async run(ctx) {
    await ctx.requirePatch();
    const user = await ctx.createUser(ctx.userBody('entra-pathless'));
    const email = `${ctx.name('entra-mail')}@example.com`;
    const e = await ctx.call('PATCH', `/Users/${user.id}`, patch(
      { op: 'replace', path: 'emails[type eq "work"].value', value: email },
      { op: 'replace', value: { displayName: 'Ada L', 'name.givenName': 'Augusta', [`${URN.enterprise}:employeeNumber`]: '42' } },
    ));
    const rule = 'Entra (aadOptscim062020): keys of a path-less replace value are paths, dotted or URN-qualified (RFC 7644 §3.5.2.3)';
    expectStatus(e, [200, 204], rule, 'PATCH path-less replace');
    const { resource, exchange } = await ctx.read('Users', user.id);
    check(attr(resource, 'displayName') === 'Ada L', rule, `displayName is ${JSON.stringify(attr(resource, 'displayName'))}`, exchange);
    check(attr(attr(resource, 'name'), 'givenName') === 'Augusta', rule, `name.givenName is ${JSON.stringify(attr(attr(resource, 'name'), 'givenName'))} (the key "name.givenName" was not read as a path)`, exchange);
    check(attr(attr(resource, URN.enterprise), 'employeeNumber') === '42', rule, `the enterprise employeeNumber is ${JSON.stringify(attr(attr(resource, URN.enterprise), 'employeeNumber'))}`, exchange);
    check(workEmail(resource) === email, rule, `the work email is ${JSON.stringify(workEmail(resource))}`, exchange);
  },
};

const filteredAdd: Check = {
  id: 'entra.add-filtered-email',
  group: 'entra',
  title: 'Add on emails[type eq "work"].value creates the work email when there is none',
  idps: ENTRA,
  async run(ctx) {
    await ctx.requirePatch();
    const body = ctx.userBody('entra-noemail');
    delete body.emails;
    const user = await ctx.createUser(body);
    const email = `${ctx.name('entra-new')}@example.com`;
    const e = await ctx.call('PATCH', `/Users/${user.id}`, patch({ op: 'Add', path: 'emails[type eq "work"].value', value: email }));
    const rule = 'Entra: PATCH add on a filtered path with no matching element creates one element with type "work" (Microsoft\'s validator reads it back)';
    expectStatus(e, [200, 204], rule, 'PATCH Add emails[type eq "work"].value');
    const { resource, exchange } = await ctx.read('Users', user.id);
    check(workEmail(resource) === email, rule, `emails are ${JSON.stringify(attr(resource, 'emails'))}`, exchange);
  },
};

const groupMembers: Check = {
  id: 'entra.group-members',
  group: 'entra',
  title: 'groups: create with the ADSCIM URN and no members, Add members in a batch, Remove members by value array and by filter',
  idps: ENTRA,
  async run(ctx) {
    await ctx.requirePatch();
    const users = [];
    for (let i = 0; i < 3; i++) users.push(await ctx.createUser(ctx.userBody('entra-m')));
    const [a, b, c] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
    const displayName = ctx.name('entra-group');
    const created = await ctx.call('POST', '/Groups', { schemas: [URN.group, ADSCIM_GROUP], displayName, externalId: randomUUID(), members: [] });
    if (typeof created.json?.id === 'string') ctx.tracker.groups.add(created.json.id);
    expectStatus(created, 201, 'Entra: group create lists the ADSCIM group URN, which defines nothing; RFC 7644 §3.3', 'POST /Groups with the ADSCIM URN');
    const id = String(created.json?.id);
    const add = await ctx.call('PATCH', `/Groups/${id}`, patch({ op: 'Add', path: 'members', value: users.map((u) => ({ $ref: null, value: u.id })) }));
    const addRule = 'Entra: members are added in batches by "Add" with $ref null (RFC 7644 §3.5.2.1)';
    expectStatus(add, [200, 204], addRule, 'PATCH Add members');
    let read = await ctx.read('Groups', id);
    check(memberIds(read.resource).length === 3, addRule, `members are ${JSON.stringify(memberIds(read.resource))}`, read.exchange);
    const remove = await ctx.call('PATCH', `/Groups/${id}`, patch({ op: 'Remove', path: 'members', value: [{ value: a.id }] }));
    const removeRule = 'Entra (default dialect): Remove of members with a value array removes only those members, never the whole group';
    expectStatus(remove, [200, 204], removeRule, 'PATCH Remove members with a value array');
    read = await ctx.read('Groups', id);
    check(JSON.stringify(memberIds(read.resource)) === JSON.stringify([b.id, c.id].sort()), removeRule, `members are ${JSON.stringify(memberIds(read.resource))}, expected ${JSON.stringify([b.id, c.id].sort())}`, read.exchange);
    const filtered = await ctx.call('PATCH', `/Groups/${id}`, patch({ op: 'remove', path: `members[value eq ${quote(b.id)}]` }));
    const filterRule = 'Entra (aadOptscim062020): remove members[value eq "…"] removes that member (RFC 7644 §3.5.2.2)';
    expectStatus(filtered, [200, 204], filterRule, 'PATCH remove members[value eq]');
    read = await ctx.read('Groups', id);
    check(JSON.stringify(memberIds(read.resource)) === JSON.stringify([c.id]), filterRule, `members are ${JSON.stringify(memberIds(read.resource))}, expected ${JSON.stringify([c.id])}`, read.exchange);
  },
};

const groupLookup: Check = {
  id: 'entra.group-lookup',
  group: 'entra',
  title: 'GET /Groups?excludedAttributes=members&filter=displayName eq "…" finds the group without members',
  idps: ENTRA,
  async run(ctx) {
    const member = await ctx.createUser(ctx.userBody('entra-lookup'));
    const group = await ctx.createGroup({ displayName: ctx.name('entra-lookup'), members: [{ value: member.id }] });
    const e = await ctx.call('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq ${quote(group.displayName)}`)}`);
    const found = expectList(e, 'Entra group lookup');
    const rule = 'Entra: groups are matched by displayName with members excluded (RFC 7644 §3.4.2.2, §3.4.2.5)';
    check(found.length === 1 && found[0]?.id === group.id, rule, `found ${JSON.stringify(found.map((r) => r?.id))}`, e);
    check(attr(found[0], 'members') === undefined, rule, 'the listed group still carries members', e);
  },
};

const groupRename: Check = {
  id: 'entra.group-rename',
  group: 'entra',
  title: 'PATCH Replace displayName renames the group',
  idps: ENTRA,
  async run(ctx) {
    await ctx.requirePatch();
    const group = await ctx.createGroup({ displayName: ctx.name('entra-rename') });
    const displayName = ctx.name('entra-renamed');
    const e = await ctx.call('PATCH', `/Groups/${group.id}`, patch({ op: 'Replace', path: 'displayName', value: displayName }));
    const rule = 'Entra: a group rename is {"op":"Replace","path":"displayName"} (RFC 7644 §3.5.2.3)';
    expectStatus(e, [200, 204], rule, 'PATCH Replace displayName');
    const { resource, exchange } = await ctx.read('Groups', group.id);
    check(attr(resource, 'displayName') === displayName, rule, `displayName is ${JSON.stringify(attr(resource, 'displayName'))}`, exchange);
  },
};

export const entraChecks: Check[] = [testConnection, create, stringBooleans, defaultDialect, pathlessReplace, filteredAdd, groupMembers, groupLookup, groupRename];
