// Discovery: the three RFC 7644 §4 endpoints answer their RFC 7643 shapes, and what they advertise works.
import { randomUUID } from 'node:crypto';
import { CheckSkipped, EVERY_IDP, RFC_ONLY, type Check } from '../check.ts';
import { answered, attr, check, expectJson, expectList, expectStatus, fail, hasSchema, URN } from '../expect.ts';
import { q, quote } from '../check-context.ts';

const SPC_RULE = 'RFC 7643 §5: ServiceProviderConfig';

const serviceProviderConfig: Check = {
  id: 'discovery.service-provider-config',
  group: 'discovery',
  title: 'GET /ServiceProviderConfig answers the RFC 7643 §5 shape',
  idps: EVERY_IDP,
  async run(ctx) {
    const e = await ctx.call('GET', '/ServiceProviderConfig');
    expectStatus(e, 200, `${SPC_RULE} is served at /ServiceProviderConfig (RFC 7644 §4)`, 'GET /ServiceProviderConfig');
    const body = expectJson(e, SPC_RULE, 'GET /ServiceProviderConfig');
    check(hasSchema(body, URN.spc), `${SPC_RULE}: schemas lists ${URN.spc}`, `schemas is ${JSON.stringify(body.schemas)}`, e);
    for (const feature of ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag']) {
      const supported = attr(attr(body, feature), 'supported');
      check(typeof supported === 'boolean', `${SPC_RULE}: ${feature}.supported is a required boolean`, `${feature}.supported is ${JSON.stringify(supported)}`, e);
    }
    const filter = attr(body, 'filter');
    if (attr(filter, 'supported') === true) {
      check(Number.isInteger(attr(filter, 'maxResults')), `${SPC_RULE}: filter.maxResults is a required integer`, `filter.maxResults is ${JSON.stringify(attr(filter, 'maxResults'))}`, e);
    }
    check(Array.isArray(attr(body, 'authenticationSchemes')), `${SPC_RULE}: authenticationSchemes is a required array`, 'authenticationSchemes is missing', e);
  },
};

const resourceTypes: Check = {
  id: 'discovery.resource-types',
  group: 'discovery',
  title: 'GET /ResourceTypes lists User and Group with their endpoints and schemas',
  idps: EVERY_IDP,
  async run(ctx) {
    const e = await ctx.call('GET', '/ResourceTypes');
    const types = expectList(e, 'GET /ResourceTypes');
    const rule = 'RFC 7643 §6: a ResourceType has name, endpoint and schema';
    for (const [name, endpoint, schema] of [
      ['User', '/Users', URN.user],
      ['Group', '/Groups', URN.group],
    ] as const) {
      const t = types.find((r) => attr(r, 'name') === name);
      check(t, rule, `no ResourceType named ${name}`, e);
      check(attr(t, 'endpoint') === endpoint, rule, `${name}.endpoint is ${JSON.stringify(attr(t, 'endpoint'))}, expected "${endpoint}"`, e);
      check(attr(t, 'schema') === schema, rule, `${name}.schema is ${JSON.stringify(attr(t, 'schema'))}, expected "${schema}"`, e);
      check(hasSchema(t, URN.resourceType), 'RFC 7643 §6: a ResourceType lists the ResourceType schema', `${name}.schemas is ${JSON.stringify(attr(t, 'schemas'))}`, e);
    }
  },
};

const schemas: Check = {
  id: 'discovery.schemas',
  group: 'discovery',
  title: 'GET /Schemas describes the User and Group schemas and their attributes',
  idps: EVERY_IDP,
  async run(ctx) {
    const e = await ctx.call('GET', '/Schemas');
    const list = expectList(e, 'GET /Schemas');
    const rule = 'RFC 7643 §7: each schema has an id and attribute definitions';
    for (const [urn, needed] of [
      [URN.user, ['userName', 'name', 'emails', 'active']],
      [URN.group, ['displayName', 'members']],
    ] as const) {
      const s = list.find((r) => attr(r, 'id') === urn);
      check(s, rule, `/Schemas has no schema with id ${urn}`, e);
      const attributes = attr(s, 'attributes');
      check(Array.isArray(attributes), rule, `${urn} has no attributes array`, e);
      const names = new Set(attributes.map((a: unknown) => String(attr(a, 'name')).toLowerCase()));
      for (const n of needed) check(names.has(n.toLowerCase()), rule, `${urn} does not define ${n}`, e);
      const userName = attributes.find((a: unknown) => String(attr(a, 'name')).toLowerCase() === 'username');
      if (userName) {
        check(attr(userName, 'caseExact') === false && attr(userName, 'uniqueness') === 'server', 'RFC 7643 §4.1.1: userName is caseExact false, uniqueness server', `userName is declared caseExact ${attr(userName, 'caseExact')}, uniqueness ${attr(userName, 'uniqueness')}`, e);
      }
    }
    const one = await ctx.call('GET', `/Schemas/${URN.user}`);
    expectStatus(one, 200, 'RFC 7644 §4: a schema is readable at /Schemas/{id}', `GET /Schemas/${URN.user}`);
  },
};

const advertisedFilter: Check = {
  id: 'discovery.filter-works',
  group: 'discovery',
  title: 'filtering is advertised and answers (Okta and Entra match users by filter)',
  idps: EVERY_IDP,
  async run(ctx) {
    const spc = await ctx.serviceProviderConfig();
    if (!spc) throw new CheckSkipped('no ServiceProviderConfig to read');
    const e = await ctx.call('GET', `/Users?filter=${q(`userName eq ${quote(`${randomUUID()}@example.com`)}`)}`);
    if (attr(attr(spc, 'filter'), 'supported') !== true) {
      fail('Okta and Entra: a server must support filter (userName eq) to be provisioned; RFC 7643 §5 filter.supported', `filter.supported is ${JSON.stringify(attr(attr(spc, 'filter'), 'supported'))}; a userName filter answered ${answered(e)}`);
    }
    expectList(e, 'advertised filter: GET /Users?filter=userName eq "<unknown>"');
  },
};

const advertisedPatch: Check = {
  id: 'discovery.patch-works',
  group: 'discovery',
  title: 'PATCH is advertised and a PATCH answers 200 or 204',
  idps: EVERY_IDP,
  async run(ctx) {
    const spc = await ctx.serviceProviderConfig();
    if (!spc) throw new CheckSkipped('no ServiceProviderConfig to read');
    if (attr(attr(spc, 'patch'), 'supported') !== true) {
      fail('Entra: group membership needs PATCH; Okta deactivates by PATCH; RFC 7643 §5 patch.supported', `patch.supported is ${JSON.stringify(attr(attr(spc, 'patch'), 'supported'))}`);
    }
    const user = await ctx.createUser(ctx.userBody('patch'));
    const e = await ctx.call('PATCH', `/Users/${user.id}`, { schemas: [URN.patch], Operations: [{ op: 'replace', path: 'displayName', value: 'Ada Validate' }] });
    expectStatus(e, [200, 204], 'RFC 7644 §3.5.2: an advertised PATCH answers 200 with the resource or 204', 'PATCH replace displayName');
  },
};

const advertisedBulk: Check = {
  id: 'discovery.bulk-works',
  group: 'discovery',
  title: 'when bulk is advertised, POST /Bulk creates a user',
  idps: RFC_ONLY,
  async run(ctx) {
    const spc = await ctx.serviceProviderConfig();
    if (attr(attr(spc, 'bulk'), 'supported') !== true) throw new CheckSkipped('bulk is not advertised');
    const rule = 'RFC 7644 §3.7: an advertised bulk request answers a BulkResponse with each operation\'s status';
    const data = ctx.userBody('bulk');
    const e = await ctx.call('POST', '/Bulk', { schemas: [URN.bulkRequest], Operations: [{ method: 'POST', path: '/Users', bulkId: 'u1', data }] });
    expectStatus(e, 200, rule, 'POST /Bulk');
    const body = expectJson(e, rule, 'POST /Bulk');
    const op = Array.isArray(body.Operations) ? body.Operations[0] : undefined;
    const location = String(attr(op, 'location') ?? '');
    const id = decodeURIComponent(location.split('/').pop() ?? '');
    if (id) ctx.tracker.users.add(id);
    check(hasSchema(body, URN.bulkResponse), rule, `schemas is ${JSON.stringify(body.schemas)}`, e);
    check(attr(op, 'status') === '201', `${rule} (status "201", a string, RFC 7644 §3.7.3)`, `operation status is ${JSON.stringify(attr(op, 'status'))}`, e);
    check(id, rule, 'the operation has no location', e);
    const read = await ctx.call('GET', `/Users/${encodeURIComponent(id)}`);
    expectStatus(read, 200, `${rule}: the location names the created user`, `GET ${location}`);
    check(attr(read.json, 'userName') === data.userName, rule, `the user at ${location} has userName ${JSON.stringify(attr(read.json, 'userName'))}`, read);
  },
};

const advertisedEtag: Check = {
  id: 'discovery.etag-works',
  group: 'discovery',
  title: 'when etag is advertised, resources carry an ETag and a stale If-Match answers 412',
  idps: RFC_ONLY,
  async run(ctx) {
    const spc = await ctx.serviceProviderConfig();
    if (attr(attr(spc, 'etag'), 'supported') !== true) throw new CheckSkipped('etag is not advertised');
    const user = await ctx.createUser(ctx.userBody('etag'));
    const { resource, exchange } = await ctx.read('Users', user.id);
    const etag = exchange.headers.etag;
    const rule = 'RFC 7644 §3.14: with etag supported, a resource answers an ETag header equal to meta.version';
    check(etag, rule, 'GET /Users/{id} answered no ETag header', exchange);
    check(attr(attr(resource, 'meta'), 'version') === etag, rule, `meta.version is ${JSON.stringify(attr(attr(resource, 'meta'), 'version'))}, the ETag header ${etag}`, exchange);
    const body = { ...user.resource, title: 'Stale' };
    const stale = await ctx.call('PUT', `/Users/${user.id}`, body, { headers: { 'if-match': 'W/"roster-validate-stale"' } });
    expectStatus(stale, 412, 'RFC 7644 §3.14: a write whose If-Match does not match the current version answers 412', 'PUT with a stale If-Match');
    const fresh = await ctx.call('PUT', `/Users/${user.id}`, { ...body, title: 'Fresh' }, { headers: { 'if-match': etag } });
    expectStatus(fresh, 200, 'RFC 7644 §3.14: a write whose If-Match matches goes through', 'PUT with the current ETag as If-Match');
  },
};

const advertisedSort: Check = {
  id: 'discovery.sort-works',
  group: 'discovery',
  title: 'when sort is advertised, sortBy=userName&sortOrder=descending orders the results',
  idps: RFC_ONLY,
  async run(ctx) {
    const spc = await ctx.serviceProviderConfig();
    if (attr(attr(spc, 'sort'), 'supported') !== true) throw new CheckSkipped('sort is not advertised');
    const stem = ctx.name('sort');
    for (const letter of ['b', 'a', 'c']) await ctx.createUser({ ...ctx.userBody('sort'), userName: `${stem}-${letter}@example.com` });
    const e = await ctx.call('GET', `/Users?filter=${q(`userName sw ${quote(`${stem}-`)}`)}&sortBy=userName&sortOrder=descending`);
    const names = expectList(e, 'sorted list').map((r) => attr(r, 'userName'));
    const expected = ['c', 'b', 'a'].map((l) => `${stem}-${l}@example.com`);
    check(JSON.stringify(names) === JSON.stringify(expected), 'RFC 7644 §3.4.2.3: sortBy and sortOrder order the results', `got ${JSON.stringify(names)}`, e);
  },
};

export const discoveryChecks: Check[] = [serviceProviderConfig, resourceTypes, schemas, advertisedFilter, advertisedPatch, advertisedBulk, advertisedEtag, advertisedSort];
