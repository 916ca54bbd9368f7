// One tenant's credentials open nothing of another's: hand-written cases, then every registered route (issue 6 §3).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TEMPLATES, SCIM_TEMPLATES } from './fuzz/fuzz-templates.ts';
import { changedTables, dataDigest } from './helpers/data-digest.ts';
import { fillPath, routeCollector, routeKey, type RegisteredRoute } from './helpers/route-list.ts';
import { createTenant, type Tenant } from './helpers/tenant-fixtures.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

describe('tenant walls', () => {
  let t: TestApp;
  let a: TestDirectory;
  let b: TestDirectory;
  let bUser: string;
  let bGroup: string;

  before(async () => {
    t = await startTestApp();
    a = await t.createDirectory('okta');
    const otherOrg = (await t.admin('POST', '/organizations', { name: 'Other Corp' })).body.id;
    b = await t.createDirectory('entra', otherOrg);
    bUser = (await b.scim('POST', '/Users', userBody('secret@other.com'))).body.id;
    bGroup = (await b.scim('POST', '/Groups', { displayName: 'B only', members: [{ value: bUser }] })).body.id;
  });
  after(() => t.close());

  it("answers 401 for A's token on B's base URL, on every route, with no hint", async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/Users'],
      ['GET', `/Users/${bUser}`],
      ['POST', '/Users', userBody('intruder@x.com')],
      ['PUT', `/Users/${bUser}`, userBody('x@x.com')],
      ['PATCH', `/Users/${bUser}`, patchBody({ op: 'replace', path: 'active', value: false })],
      ['DELETE', `/Users/${bUser}`],
      ['POST', '/Users/.search', { filter: 'userName pr' }],
      ['GET', '/Groups'],
      ['GET', `/Groups/${bGroup}`],
      ['PATCH', `/Groups/${bGroup}`, patchBody({ op: 'remove', path: 'members' })],
      ['DELETE', `/Groups/${bGroup}`],
      ['POST', '/.search', {}],
      ['POST', '/Bulk', { Operations: [{ method: 'DELETE', path: `/Users/${bUser}` }] }],
      ['GET', '/Schemas'],
      ['GET', '/ServiceProviderConfig'],
      ['GET', '/ResourceTypes'],
    ];
    for (const [method, path, body] of routes) {
      const r = await t.app.inject({
        method: method as 'GET',
        url: `${b.base}${path}`,
        headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/scim+json' },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      assert.equal(r.statusCode, 401, `${method} ${path}`);
      assert.doesNotMatch(r.body, /secret@other\.com|B only/);
      assert.equal(JSON.parse(r.body).status, '401');
    }
    // Nothing of B changed.
    assert.equal((await b.scim('GET', `/Users/${bUser}`)).body.active, true);
    assert.equal((await b.scim('GET', `/Groups/${bGroup}`)).body.members.length, 1);
  });

  it("finds nothing of B with A's token on A's own base URL", async () => {
    assert.equal((await a.scim('GET', `/Users/${bUser}`)).status, 404);
    assert.equal((await a.scim('GET', `/Groups/${bGroup}`)).status, 404);
    assert.equal((await a.scim('DELETE', `/Users/${bUser}`)).status, 404);
    assert.equal((await a.scim('GET', '/Users?filter=userName eq "secret@other.com"')).body.totalResults, 0);
    // B's user was just written by this process, which keeps that row for the next PATCH: A's
    // writes must not reach it through that either (src/directory/users/recent-users.ts).
    assert.equal((await a.scim('PATCH', `/Users/${bUser}`, patchBody({ op: 'replace', path: 'title', value: 'Taken' }))).status, 404);
    assert.equal((await a.scim('PUT', `/Users/${bUser}`, userBody('secret@other.com', { title: 'Taken' }))).status, 404);
    assert.equal((await b.scim('GET', `/Users/${bUser}`)).body.title, undefined);
    // Totals kept per directory (migration 026): B's users and groups never count in A's lists.
    assert.equal((await a.scim('GET', '/Users?count=0')).body.totalResults, 0);
    assert.equal((await a.scim('GET', '/Groups?count=0')).body.totalResults, 0);
    // A group of A cannot take B's user as a member.
    const g = await a.scim('POST', '/Groups', { displayName: 'A', members: [{ value: bUser }] });
    assert.equal(g.status, 400);
    assert.equal(g.body.scimType, 'invalidValue');
    // Nor through an IdP's push into an existing group of A (member-push.ts: one statement, users by key).
    const own = (await a.scim('POST', '/Groups', { displayName: 'A pushed' })).body.id as string;
    const pushed = await a.scim('PATCH', `/Groups/${own}`, patchBody({ op: 'add', path: 'members', value: [{ value: bUser }] }));
    assert.equal(pushed.status, 400);
    assert.equal(pushed.body.scimType, 'invalidValue');
    assert.equal((await a.scim('GET', `/Groups/${own}`)).body.members, undefined);
    assert.equal((await b.scim('GET', `/Users/${bUser}`)).status, 200);
  });

  it('answers the same 401 for an unknown directory, a malformed id and a missing token', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/scim/v2/01a20000-0000-7000-8000-000000000000/Users', headers: { authorization: `Bearer ${a.token}` } });
    const malformed = await t.app.inject({ method: 'GET', url: '/scim/v2/not-a-uuid/Users', headers: { authorization: `Bearer ${a.token}` } });
    const missing = await t.app.inject({ method: 'GET', url: `${a.base}/Users` });
    for (const r of [unknown, malformed, missing]) {
      assert.equal(r.statusCode, 401);
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="roster"');
    }
    assert.equal(unknown.body, malformed.body);
  });

  it('keeps the admin API behind the admin key', async () => {
    assert.equal((await t.admin('GET', '/organizations', undefined, a.token)).status, 401);
    assert.equal((await t.admin('GET', '/organizations', undefined, 'wrong-key')).status, 401);
    const r = await t.admin('GET', `/directories/${b.id}`, undefined, 'wrong-key');
    assert.deepEqual(Object.keys(r.body), ['error']);
  });

  it('stores tokens and admin keys only as hashes', async () => {
    const tokens = await t.db.store.db.selectFrom('directory_tokens').select('token_hash').execute();
    const keys = await t.db.store.db.selectFrom('admin_keys').select('key_hash').execute();
    const stored = JSON.stringify([tokens, keys]);
    for (const secret of [a.token, b.token, 'test-admin-key-0123456789abcdef']) assert.ok(!stored.includes(secret));
    assert.ok(tokens.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash)));
  });
});

// Issue 6 §3: generated from the routes Fastify registered, so a new route is walked the day it is
// added. Tenant A's credentials (its directory token, its organization-bound admin key) against
// tenant B's objects must answer 401, 403 or 404 and give away nothing of B.
describe('tenant walls, every registered route', () => {
  // Routes that name no tenant's object and need no credential. Each entry says why.
  const ALLOWLIST = new Map([
    ['GET /healthz', 'liveness probe: says ok or unavailable, nothing about any tenant'],
    ['HEAD /healthz', 'the same, without a body'],
    ['GET /metrics', 'aggregates of the whole process by route pattern, never a tenant (test/metrics.test.ts tries to find one in it)'],
    ['HEAD /metrics', 'the same, without a body'],
    ['GET /api/v1/openapi.json', 'the public API description (once served): no tenant data'],
    ['HEAD /api/v1/openapi.json', 'the same, without a body'],
    ['GET /api/v1/roles', "the app's role catalogue, the same for every organization; writing it needs an unbound key (test/roles.test.ts)"],
    ['HEAD /api/v1/roles', 'the same, without a body'],
    ['GET /api/v1/fields', "the app's field catalogue, the same for every organization; writing it needs an unbound key (test/attribute-mapping.test.ts)"],
    ['HEAD /api/v1/fields', 'the same, without a body'],
    ['GET /portal', 'the Admin Portal\'s static page: the same file for everyone, no data'],
    ['HEAD /portal', 'the same, without a body'],
    ['GET /portal/*', 'the Admin Portal\'s static files: the same for everyone, no data'],
    ['HEAD /portal/*', 'the same, without a body'],
    ['GET /portal/open', 'opens a link by the token it carries; it names no object (test/portal-links.test.ts: wrong tokens open nothing)'],
    ['HEAD /portal/open', 'the same, without a body'],
  ]);
  const collected = routeCollector();
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  before(async () => {
    t = await startTestApp({}, { onRoute: collected.onRoute });
    a = await createTenant(t, 'Alpha');
    b = await createTenant(t, 'Bravo');
  });
  after(() => t.close());

  /** B's object for a route parameter (or A's, for the first parameter of a mixed call). */
  function objectFor(route: RegisteredRoute, param: string, owner: Tenant): string {
    const segment = route.url.replace(/^\/(api\/v1|scim\/v2\/:directoryId)/, '').split('/')[1] ?? '';
    switch (param) {
      case 'directoryId':
        return owner.directory.id;
      case 'orgId':
        return owner.orgId;
      case 'userId':
        return owner.userId;
      case 'groupId':
        return owner.groupId;
      case 'deliveryId':
        return owner.deliveryId;
      case 'sessionId':
        return owner.sessionId;
      case 'offboardingId':
        return owner.offboardingId;
      case 'key':
        return 'laptop'; // a task key: the same name in every organization, not an object of one
      case 'ruleId':
        return owner.ruleId;
      case 'reviewId':
        return owner.reviewId;
      case 'itemId':
        return owner.itemId;
      case 'importId':
        return owner.importId;
      case 'urn':
        return owner.schemaUrn;
      case 'roleKey':
        return 'admin'; // a role of the app: the same in every organization, not an object of one
      case '*':
        return 'anything';
      case 'id': {
        const byRoute: Record<string, string> = {
          organizations: owner.orgId,
          directories: owner.directory.id,
          users: owner.userId,
          Users: owner.userId,
          Groups: owner.groupId,
          webhooks: owner.webhookId,
          'admin-keys': owner.keyId,
          Schemas: 'urn:ietf:params:scim:schemas:core:2.0:User',
          ResourceTypes: 'User',
        };
        const id = byRoute[segment];
        if (id !== undefined) return id;
      }
    }
    throw new Error(`${route.method} ${route.url}: no tenant object for :${param}; teach this test which object the route names`);
  }

  /** Ids that name nothing: B's objects must be answered exactly as these are. */
  const ghost = (): Tenant => {
    const id = () => randomUUID();
    return { orgId: id(), directory: { id: id() } as TestDirectory, userId: id(), groupId: id(), webhookId: id(), deliveryId: id(), key: '', keyId: id(), portalCookie: '', sessionId: id(), schemaUrn: `urn:ghost:${id()}`, offboardingId: id(), ruleId: id(), reviewId: id(), itemId: id(), importId: id(), identifying: [] };
  };

  async function call(route: RegisteredRoute, fill: (param: string, index: number) => string, auth: Record<string, string>): Promise<{ status: number; body: string; path: string }> {
    let index = 0;
    const path = fillPath(route.url, (param) => encodeURIComponent(fill(param, index++)));
    // Valid bodies, so that no route can hide behind a 400 before it looks at the objects.
    const templates = route.url.startsWith('/scim/') ? SCIM_TEMPLATES : ADMIN_TEMPLATES;
    const template = templates[`${route.method} ${route.url.replace(/^\/(api\/v1|scim\/v2\/:directoryId)/, '')}`] ?? {};
    const body = JSON.stringify(template).replaceAll('$org0', b.orgId).replace(/\$user\d/g, b.userId).replaceAll('$group0', b.groupId);
    const query = route.url.startsWith('/api/v1') ? `?organizationId=${b.orgId}&directoryId=${b.directory.id}` : '';
    const r = await t.app.inject({ method: route.method as 'GET', url: `${path}${query}`, headers: { ...auth, 'content-type': 'application/json' }, payload: body });
    return { status: r.statusCode, body: r.body, path };
  }

  /**
   * The answer names none of B's strings (the ids the caller sent itself excepted), and is the answer
   * for ids that exist nowhere: no existence oracle.
   */
  function assertGivesNothingAway(what: string, r: { status: number; body: string; path: string }, nowhere: { body: string }, ids: [string, string][]): void {
    assert.ok([401, 403, 404].includes(r.status), `${what} answered ${r.status}: ${r.body}`);
    for (const s of b.identifying) if (!r.path.includes(s)) assert.ok(!r.body.includes(s), `${what} gave away "${s}": ${r.body}`);
    const normal = (text: string, pick: 0 | 1) => ids.reduce((acc, pair) => acc.replaceAll(pair[pick], '<id>'), text);
    assert.equal(normal(r.body, 0), normal(nowhere.body, 1), `${what}: B's objects are answered unlike objects that do not exist`);
  }

  /**
   * Walks every registered route with A's credentials on B's objects. `credentials` gives A's
   * headers for a route; `skip` lists the routes this walk leaves out, each with its reason.
   */
  async function walkAll(credentials: (scim: boolean) => Record<string, string>, skip: Map<string, string>): Promise<{ walked: number; allowed: string[] }> {
    const registered = collected.routes.map(routeKey).sort();
    const walked: string[] = [];
    const digest = await dataDigest(t.db.store.db);
    for (const route of collected.routes) {
      if (ALLOWLIST.has(routeKey(route)) || skip.has(routeKey(route))) continue;
      const scim = route.url.startsWith('/scim/v2/');
      assert.ok(scim || route.url.startsWith('/api/v1/'), `${routeKey(route)} is neither SCIM nor admin: add it to one surface or to the allowlist with a reason`);
      const auth = credentials(scim);
      const g = ghost();
      const pairs: [string, string][] = [];
      const fillFrom = (owner: Tenant, param: string) => objectFor(route, param, owner);
      const r = await call(route, (param) => fillFrom(b, param), auth);
      const nowhere = await call(route, (param) => {
        pairs.push([fillFrom(b, param), fillFrom(g, param)]);
        return fillFrom(g, param);
      }, auth);
      assertGivesNothingAway(`${routeKey(route)} with A's credentials on B's objects`, r, nowhere, pairs);
      // Mixed: A's own object first, B's in the other parameters (A's directory, B's user): still nothing of B.
      // Only where a later parameter names a tenant's object (not /Schemas/:id, /ResourceTypes/:id, /Me/*).
      const later = (route.url.match(/:[A-Za-z]+/g) ?? []).slice(1).map((p) => p.slice(1));
      if (later.some((param) => fillFrom(a, param) !== fillFrom(b, param))) {
        const mixedPairs: [string, string][] = [];
        const mixed = await call(route, (param, i) => fillFrom(i === 0 ? a : b, param), auth);
        const mixedNowhere = await call(route, (param, i) => {
          if (i === 0) return fillFrom(a, param);
          mixedPairs.push([fillFrom(b, param), fillFrom(g, param)]);
          return fillFrom(g, param);
        }, auth);
        assertGivesNothingAway(`${routeKey(route)} with A's object and B's ids`, mixed, mixedNowhere, mixedPairs);
      }
      walked.push(routeKey(route));
    }
    const expected = registered.filter((k) => !ALLOWLIST.has(k) && !skip.has(k));
    assert.deepEqual(walked.sort(), expected, 'every registered route is walked or allowlisted with a reason');
    assert.ok(walked.length >= 90, `only ${walked.length} routes walked`);
    assert.deepEqual(changedTables(digest, await dataDigest(t.db.store.db)), [], 'nothing changed');
    return { walked: walked.length, allowed: registered.filter((k) => ALLOWLIST.has(k)) };
  }

  it("refuses A's credentials on every route that names B's objects, and walks every route", async () => {
    const { walked, allowed } = await walkAll((scim) => ({ authorization: `Bearer ${scim ? a.directory.token : a.key}` }), new Map());
    process.stdout.write(`# tenant walls: ${walked} routes walked with A's credentials on B's objects; allowlisted: ${allowed.join(', ')}\n`);
  });

  // Issue 7: a portal session is an organization-bound credential too. The CSRF header is sent, so
  // that no change can hide behind the 403 of a missing header: each route must refuse B's objects.
  it("refuses A's portal session on every route that names B's objects", async () => {
    const onlyItsOwn = new Map([
      ['GET /api/v1/portal/session', "answers the caller's own session only (checked below)"],
      ['HEAD /api/v1/portal/session', 'the same, without a body'],
      ['DELETE /api/v1/portal/session', "ends the caller's own session (test/portal-links.test.ts), which would end this walk"],
    ]);
    const { walked } = await walkAll((scim): Record<string, string> => (scim ? { cookie: a.portalCookie } : { cookie: a.portalCookie, 'x-roster-portal': '1' }), onlyItsOwn);
    process.stdout.write(`# tenant walls: ${walked} routes walked with A's portal session on B's objects\n`);
    const own = await t.app.inject({ method: 'GET', url: '/api/v1/portal/session', headers: { cookie: a.portalCookie } });
    assert.equal(own.statusCode, 200);
    assert.equal(JSON.parse(own.body).organization.id, a.orgId);
    for (const s of b.identifying) assert.ok(!own.body.includes(s));
  });

  it("lets A's bound key do its own work: the wall is not a wall against everyone", async () => {
    const own = await t.admin('GET', `/directories/${a.directory.id}/users/${a.userId}`, undefined, a.key);
    assert.equal(own.status, 200);
    const events = await t.admin('GET', '/events', undefined, a.key);
    assert.equal(events.status, 200);
    assert.ok(events.body.data.length > 0);
    assert.ok(events.body.data.every((e: { organizationId: string }) => e.organizationId === a.orgId));
    const hooks = await t.admin('GET', '/webhooks', undefined, a.key);
    assert.deepEqual(hooks.body.data.map((h: { id: string }) => h.id), [a.webhookId]);
  });
});
