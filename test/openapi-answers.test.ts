// Issue 4: real answers of every admin operation, made by the SDK where it can and by plain requests
// elsewhere, validated with Ajv against /api/v1/openapi.json, so a schema that lies fails here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemoryStore, createRosterClient, NotFoundError, SDK_ROUTES, type RosterClient } from 'roster/sdk';
import { answerValidator, AWAITING_SCHEMAS, matchPath, operations, readDocument, shapeOf, type OpenApiDocument } from './helpers/openapi-doc.ts';
import { injectFetch } from './helpers/sdk-inject.ts';
import { readSyncLog } from './helpers/sync-log-expect.ts';
import { ADMIN_KEY, ORIGIN, userBody, type Reply, type TestDirectory } from './helpers/test-app.ts';
import { scenario, settle, startHarness, worker, type Harness } from './helpers/webhook-harness.ts';
import { manualClock } from './helpers/webhook-receiver.ts';

interface Answer {
  method: string;
  path: string;
  status: number;
  contentType: string;
  text: string;
  bySdk: boolean;
}

describe('answers against the OpenAPI document', () => {
  let h: Harness;
  let doc: OpenApiDocument;
  let roster: RosterClient;
  const answers: Answer[] = [];

  /** The admin API by hand, for what the SDK does not cover (deliveries, keys, audit log, retention). */
  const admin = async (method: string, path: string, body?: unknown, key?: string): Promise<Reply> => {
    const r = await h.t.admin(method, path, body, key);
    answers.push({ method, path: `/api/v1${path.split('?')[0]}`, status: r.status, contentType: String(r.headers['content-type'] ?? ''), text: r.text, bySdk: false });
    return r;
  };

  before(async () => {
    h = await startHarness();
    doc = await readDocument(h.t.app);
    const inject = injectFetch(h.t.app);
    // Records what the SDK sent and what it got back, whole bodies included.
    const recording: typeof fetch = async (input, init) => {
      const res = await inject(input, init);
      const url = new URL(String(input));
      const text = await res.clone().text();
      answers.push({ method: init?.method ?? 'GET', path: url.pathname, status: res.status, contentType: res.headers.get('content-type') ?? '', text, bySdk: true });
      return res;
    };
    roster = createRosterClient({ baseUrl: ORIGIN, apiKey: ADMIN_KEY, fetch: recording });
  });
  after(() => h.close());

  /** Users and groups in every state the answers can describe: active, suspended, deprovisioned, held, refused, purged. */
  async function populate(d: TestDirectory): Promise<{ ada: string; eng: string; held: string[] }> {
    const user = async (name: string, extra: Record<string, unknown> = {}) => {
      const r = await d.scim('POST', '/Users', userBody(name, extra));
      assert.equal(r.status, 201, r.text);
      return r.body.id as string;
    };
    const ada = await user('ada@acme.com', { title: 'Engineer', externalId: 'ada-1' });
    const bob = await user('bob@acme.com');
    const carl = await user('carl@acme.com');
    const held = [await user('eve@elsewhere.com'), await user('frank@elsewhere.com')];
    const leads = (await d.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Leads', members: [{ value: bob }] })).body.id as string;
    const eng = (await d.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Eng', members: [{ value: ada }, { value: leads }] })).body.id as string;
    assert.equal((await d.scim('PATCH', `/Users/${bob}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] })).status, 200);
    await roster.directories.update(d.id, { deprovisionRule: 'delete' });
    assert.equal((await d.scim('DELETE', `/Users/${carl}`)).status, 204);
    return { ada, eng, held };
  }

  it('validates every answer of every documented operation, and the SDK calls each of its routes', async () => {
    const { org: orgId, dirs, receiver, endpointId } = await scenario(h, 1, []);
    const d = dirs[0] as TestDirectory;
    receiver.respond = () => ({ status: 200 });

    // Organizations and directories, through the SDK.
    await roster.organizations.create({ name: 'Initech', domains: ['initech.com'] });
    const org = await roster.organizations.get(orgId);
    await roster.organizations.update(org.id, { domains: ['acme.com'], externalDomainPolicy: 'hold' });
    await roster.organizations.list({ limit: 2 });
    await roster.directories.get(d.id);
    await roster.directories.list(org.id);
    const spare = await roster.directories.create(org.id, { name: 'Spare', provider: 'entra' });

    // Users and groups: lists, single objects, members, held users and their fate.
    const { ada, eng, held } = await populate(d);
    await roster.organizations.heldUsers(org.id);
    await roster.users.approve(held[0] as string);
    await roster.users.refuse(held[1] as string);
    await roster.users.markActive(ada);
    await roster.users.suspend(ada, { until: new Date(Date.now() + 86400_000).toISOString(), reason: 'leave' });
    await roster.users.rescheduleSuspension(ada, null);
    await roster.users.endSuspension(ada);
    await roster.users.suspensions(ada);
    await roster.offboarding.setTasks([{ key: 'revoke_tokens', name: 'Revoke API tokens' }]);
    await roster.offboarding.tasks();
    await roster.offboarding.list(org.id, { status: 'all' });
    const leaver = (await d.scim('POST', '/Users', userBody('leaver@acme.com'))).body.id as string;
    await d.scim('DELETE', `/Users/${leaver}`);
    const offboarding = (await roster.offboarding.list(org.id)).data[0]!;
    await roster.offboarding.get(org.id, offboarding.id);
    await roster.offboarding.markDone(org.id, offboarding.id, 'revoke_tokens', { note: 'done' });
    await roster.roles.create({ key: 'admin', name: 'Administrator' });
    await roster.roles.update('admin', { description: 'Everything' });
    await roster.roles.list();
    await roster.roles.grant(ada, { roleKey: 'admin', expiresAt: new Date(Date.now() + 86400_000).toISOString() });
    await roster.roles.changeExpiry(ada, 'admin', null);
    await roster.roles.ofUser(ada);
    await roster.roles.revoke(ada, 'admin');
    await roster.roles.previewRule(org.id, eng);
    const rule = await roster.roles.addRule(org.id, { roleKey: 'admin', groupId: eng });
    await roster.roles.rules(org.id);
    await roster.roles.removeRule(org.id, rule.id);
    await roster.roles.previewRule(org.id, { filter: 'emails[type eq "work"] and title pr' });
    const byAttribute = await roster.roles.addRule(org.id, { roleKey: 'admin', filter: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D"', priority: 1 });
    await roster.roles.removeRule(org.id, byAttribute.id);
    await admin('POST', `/organizations/${org.id}/role-rules`, { roleKey: 'admin', filter: 'department eq' });
    // Attribute mapping (issue 9): fields, a directory's mapping with an override, its previews, and a refused path.
    await roster.fields.create({ key: 'department' });
    await roster.fields.create({ key: 'badge', type: 'number', required: true });
    await roster.fields.update('badge', { description: 'Badge number' });
    await roster.fields.list();
    await roster.fields.setMapping(d.id, { badge: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User:badge', department: null });
    await roster.fields.mapping(d.id);
    await roster.fields.preview(d.id, { limit: 5 });
    await roster.fields.preview(d.id, { proposed: { department: 'addresses[type eq "work"].locality' } });
    await admin('PUT', `/directories/${d.id}/mapping`, { fields: { badge: 'addresses[type eq ].x' } });
    await roster.fields.create({ key: 'scratch', type: 'string[]' });
    await roster.fields.delete('scratch');
    await roster.roles.create({ key: 'temp', name: 'Temporary' });
    await roster.roles.delete('temp');
    await roster.roles.grant(ada, { roleKey: 'admin' });
    const review = await roster.accessReviews.create(org.id, { name: 'Q4 <admins>', roleKeys: ['admin'], reviewer: { mode: 'admin', reviewer: 'auditor@acme.com', fallback: 'ciso@acme.com' } });
    const [reviewItem] = (await roster.accessReviews.items(org.id, review.id, { decided: false })).data;
    await roster.accessReviews.decide(org.id, review.id, reviewItem!.id, { decision: 'revoke', reason: 'left, "really"', reviewer: 'auditor@acme.com' });
    await roster.accessReviews.get(org.id, review.id);
    await roster.accessReviews.list(org.id);
    await roster.accessReviews.evidenceCsv(org.id, review.id);
    await roster.accessReviews.report(org.id, review.id);
    await roster.accessReviews.close(org.id, review.id);
    const csv = 'userName,givenName,active\nimported@acme.com,Imp,true\n';
    await roster.directories.importUsers(d.id, { csv, dryRun: true });
    const started = await roster.directories.importUsers(d.id, { csv, deactivateMissing: false });
    let run = started;
    while (run.state === 'running') run = await roster.directories.getImport(d.id, started.id!);
    assert.equal(run.state, 'completed');
    await admin('POST', `/directories/${d.id}/imports`, { csv: 'userName,nope\nx@acme.com,1\n', dryRun: true });
    // Custom extension schemas (issue 9): declared, used by a user, replaced, and deleted with its values purged.
    const urn = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User';
    await roster.customSchemas.declare(d.id, { id: urn, attributes: [{ name: 'badge', type: 'string' }, { name: 'desk', type: 'complex', subAttributes: [{ name: 'floor', type: 'integer' }] }, { name: 'tier', type: 'string', canonicalValues: ['gold'] }] });
    await roster.customSchemas.list(d.id);
    await roster.customSchemas.get(d.id, urn);
    assert.equal((await d.scim('PATCH', `/Users/${ada}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: `${urn}:badge`, value: '42' }] })).status, 200);
    await roster.customSchemas.replace(d.id, urn, { attributes: [{ name: 'badge', type: 'string' }, { name: 'site', type: 'reference' }] });
    await roster.customSchemas.delete(d.id, urn, { purge: true });
    await roster.organizations.seats(org.id, { days: 3 });
    await roster.organizations.neverSignedIn(org.id, { limit: 2 });
    await roster.organizations.activeWhileInactive(org.id);
    await roster.organizations.jit(org.id, { email: 'ada@acme.com' });
    await roster.organizations.jit(org.id, { email: 'newcomer@acme.com', directoryId: d.id });
    await roster.users.list(d.id, { limit: 2 });
    for await (const _ of roster.users.iterate(d.id, { state: ['active', 'suspended', 'deprovisioned', 'held', 'refused'], limit: 2 }));
    await roster.users.get(d.id, ada);
    await roster.groups.list(d.id, { filter: 'displayName sw "E"' });
    await roster.groups.get(d.id, eng);
    await roster.groups.members(d.id, eng, { limit: 1 });
    for await (const _ of roster.groups.iterateMembers(d.id, eng));

    // Snapshots (JSON and NDJSON), reconcile, events.
    await roster.snapshots.get(d.id);
    const stream = await roster.snapshots.stream(d.id);
    for await (const _ of stream.records);
    await roster.reconcile({ directoryId: d.id, store: createMemoryStore() });
    await roster.events.list({ organizationId: org.id, limit: 3 });
    for await (const _ of roster.events.iterate({ directoryId: d.id, stopWhenIdle: true, pollIntervalMs: 10, limit: 5 }));

    // Tokens: one-step rotation, then a two-step one completed and one cancelled.
    await roster.tokens.rotate(spare.id, { gracePeriodSeconds: 60 });
    await roster.tokens.startRotation(spare.id);
    await roster.tokens.completeRotation(spare.id);
    await roster.tokens.startRotation(spare.id);
    await roster.tokens.cancelRotation(spare.id);

    // Webhooks through the SDK; deliveries, made by a worker, by hand.
    const hook = await roster.webhooks.create({ url: receiver.url, organizationId: org.id, eventTypes: ['group.*'], description: 'groups' });
    await roster.webhooks.get(hook.id);
    await roster.webhooks.list({ organizationId: org.id });
    await roster.webhooks.update(hook.id, { enabled: false, description: null });
    await roster.webhooks.rotateSecret(hook.id, { gracePeriodSeconds: 30 });
    await settle(worker(h.t.db.store.db, h.key, manualClock()), h.t.db.store.db);
    const deliveries = await admin('GET', `/webhooks/${endpointId}/deliveries?limit=5`);
    assert.ok(deliveries.body.data.length > 0, 'the worker made deliveries');
    const delivery = deliveries.body.data[0].id as string;
    await admin('GET', `/webhooks/${endpointId}/deliveries/${delivery}`);
    await admin('POST', `/webhooks/${endpointId}/deliveries/${delivery}/replay`);
    await admin('POST', `/webhooks/${endpointId}/replay`, { since: '2000-01-01T00:00:00Z' });

    // Event retention, admin keys and the audit log, by hand.
    await admin('GET', `/organizations/${org.id}/event-retention`);
    await admin('PUT', `/organizations/${org.id}/event-retention`, { eventRetentionDays: null });
    const key = await admin('POST', '/admin-keys', { name: 'reader', scope: 'read', organizationId: org.id });
    await admin('GET', '/admin-keys');
    await admin('DELETE', `/admin-keys/${key.body.id}`);
    await admin('GET', '/audit-log?limit=3');

    // The sync log, once its batched writer has recorded a success and a failure of this directory.
    await d.scim('GET', '/Users?filter=bad filter');
    await readSyncLog(h.t, d.id, 'limit=100', (e) => e.some((x) => x.error !== null) && e.some((x) => x.error === null));
    const log = await admin('GET', `/directories/${d.id}/sync-log?limit=100`);
    assert.ok(log.body.data.some((e: { error: unknown }) => e.error !== null), 'a failure with its error object is validated too');
    await admin('GET', `/directories/${d.id}/sync-log?status=error&limit=1`);

    // The Admin Portal: a link (SDK), its session's own routes (cookie), sessions by key, a user's history.
    const portal = await roster.organizations.portalLink(org.id, { intent: 'manage' });
    const opened = await h.t.app.inject({ method: 'GET', url: new URL(portal.url).pathname + new URL(portal.url).search });
    const cookie = String(opened.headers['set-cookie']).split(';')[0] ?? '';
    for (const method of ['GET', 'DELETE'] as const) {
      const r = await h.t.app.inject({ method, url: '/api/v1/portal/session', headers: { cookie, 'x-roster-portal': '1' } });
      answers.push({ method, path: '/api/v1/portal/session', status: r.statusCode, contentType: String(r.headers['content-type'] ?? ''), text: r.body, bySdk: false });
    }
    const sessions = await admin('GET', `/organizations/${org.id}/portal-sessions`);
    await admin('DELETE', `/organizations/${org.id}/portal-sessions/${sessions.body.data[0].id}`);
    await admin('GET', `/directories/${d.id}/users/${ada}/events`);
    // Errors answer the Error body: unknown object, bad key, bad input.
    await assert.rejects(roster.organizations.get('01a20000-0000-7000-8000-000000000000'), NotFoundError);
    await admin('GET', '/organizations', undefined, 'not-a-key-0123456789');
    await admin('POST', '/organizations', { name: '' });

    // Deletions last, and the document itself.
    await roster.webhooks.delete(hook.id);
    await roster.directories.delete(spare.id);
    await admin('GET', '/openapi.json');

    const validator = answerValidator(doc);
    const problems = answers.map((a) => validator.check(a.method, a.path, a.status, a.contentType, a.text).problem).filter(Boolean);
    assert.deepEqual(problems, [], 'every answer matches its schema');

    // Every operation was answered at least once (with a success), except those awaiting schemas.
    const answered = new Set(answers.filter((a) => a.status < 300).map((a) => `${a.method.toUpperCase()} ${matchPath(doc, a.path)}`));
    const unanswered = operations(doc).map(({ method, path }) => `${method.toUpperCase()} ${path}`).filter((k) => !answered.has(k) && !AWAITING_SCHEMAS.has(k));
    assert.deepEqual(unanswered, [], 'operations this test did not exercise');

    // The SDK made every request from its route table, and used every route of it.
    const sdkRoutes = new Map(SDK_ROUTES.map((r) => [shapeOf(r.replace(' ', ' /api/v1')), r]));
    const used = new Set(answers.filter((a) => a.bySdk).map((a) => `${a.method} ${matchPath(doc, a.path)}`));
    for (const call of used) assert.ok(sdkRoutes.has(shapeOf(call)), `the SDK called ${call}, which is not in SDK_ROUTES`);
    assert.deepEqual([...sdkRoutes.keys()].filter((k) => ![...used].some((u) => shapeOf(u) === k)), [], 'SDK routes this test did not call');
  });

  it('refuses answers that differ from the document (the check has teeth)', async () => {
    const validator = answerValidator(doc);
    const org = (await h.t.admin('POST', '/organizations', { name: 'Teeth' })).body as Record<string, unknown>;
    const check = (body: unknown) => validator.check('POST', '/api/v1/organizations', 201, 'application/json', JSON.stringify(body)).problem;
    assert.equal(check(org), undefined);
    assert.match(String(check({ ...org, extra: 1 })), /additional properties/);
    assert.match(String(check({ ...org, domains: 'acme.com' })), /must be array/);
    assert.match(String(check({ ...org, id: 'not-a-uuid' })), /format "uuid"/);
    const { name: _name, ...nameless } = org;
    assert.match(String(check(nameless)), /required property 'name'/);
  });
});
