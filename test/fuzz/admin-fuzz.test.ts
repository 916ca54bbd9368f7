// Issue 6 §1: property-based fuzzing of every admin API route with hostile bodies, headers and query strings.
// Set ROSTER_FUZZ_SEED (and ROSTER_FUZZ_PATH) to replay a run; ROSTER_FUZZ_RUNS / ROSTER_FUZZ_SECONDS to size it.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { fanOutEvents } from '../../src/events/webhook-fanout.ts';
import { routeCollector } from '../helpers/route-list.ts';
import { ADMIN_KEY, startTestApp, userBody, type TestApp, type TestDirectory } from '../helpers/test-app.ts';
import { testStoreKind } from '../helpers/test-store.ts';
import { ADMIN_TEMPLATES } from './fuzz-templates.ts';
import { runFuzz, type FuzzSurface } from './fuzz-runner.ts';

const SEED = Number(process.env.ROSTER_FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.ROSTER_FUZZ_RUNS ?? 4000);
const SECONDS = Number(process.env.ROSTER_FUZZ_SECONDS ?? 25);
const PREFIX = '/api/v1';
const FIELD_KEYS = ['department', 'fuzzField'];
const FUZZ_URN = 'urn:ietf:params:scim:schemas:extension:Fuzz:2.0:User';

interface Fixtures {
  orgs: string[];
  dirs: TestDirectory[];
  users: string[];
  groups: string[];
  webhooks: string[];
  deliveries: string[];
  keys: string[];
}

describe(`admin API fuzzing (${testStoreKind()})`, { timeout: (SECONDS + 60) * 1000 }, () => {
  let t: TestApp;
  const collected = routeCollector();
  const f: Fixtures = { orgs: [], dirs: [], users: [], groups: [], webhooks: [], deliveries: [], keys: [] };
  let readKey: string;
  let scopedKey: string;

  before(async () => {
    t = await startTestApp({}, { onRoute: collected.onRoute });
    // Four of everything, all expendable: the fuzzer may delete, rotate and revoke any of them.
    for (let i = 0; i < 4; i++) {
      const org = (await t.admin('POST', '/organizations', { name: `Fuzz org ${i}` })).body.id as string;
      f.orgs.push(org);
      // The endpoint before the user: it gets deliveries for events written after it.
      f.webhooks.push((await t.admin('POST', '/webhooks', { url: `https://hooks.acme.test/${i}`, organizationId: org })).body.id);
      const dir = await t.createDirectory('okta', org);
      f.dirs.push(dir);
      // A declared schema for the …/schemas/:urn routes to find (the user below holds none of its values).
      assert.equal((await t.admin('POST', `/directories/${dir.id}/schemas`, { id: FUZZ_URN, attributes: [{ name: 'badge', type: 'string' }] })).status, 201);
      const user = (await dir.scim('POST', '/Users', userBody(`fuzz${i}@acme.test`))).body.id as string;
      f.users.push(user);
      f.groups.push((await dir.scim('POST', '/Groups', { displayName: `G${i}`, members: [{ value: user }] })).body.id);
      f.keys.push((await t.admin('POST', '/admin-keys', { name: `expendable ${i}`, scope: 'full' })).body.id);
    }
    await fanOutEvents(t.db.store.db, new Date());
    const deliveries = await t.db.store.db.selectFrom('webhook_deliveries').select('id').limit(4).execute();
    f.deliveries.push(...deliveries.map((d) => d.id));
    assert.equal(f.deliveries.length, 4, 'webhook deliveries to fuzz');
    // Fields and a role for the mapping and role-rule seeds to name: the fuzzer may change or delete them.
    for (const key of FIELD_KEYS) assert.equal((await t.admin('POST', '/fields', { key, type: 'string' })).status, 201);
    assert.equal((await t.admin('POST', '/roles', { key: 'fuzz', name: 'Fuzz' })).status, 201);
    readKey = (await t.admin('POST', '/admin-keys', { name: 'read', scope: 'read' })).body.key;
    scopedKey = (await t.admin('POST', '/admin-keys', { name: 'bound', scope: 'full', organizationId: f.orgs[0] })).body.key;
  });
  after(() => t.close());

  it('answers every hostile input with a 4xx {error:{code,message}} or a 2xx, never a 5xx, and changes nothing when it rejects', async () => {
    const routes = collected.routes.filter((r) => r.url.startsWith(PREFIX));
    const pick = (list: string[], n: number) => list[n % list.length] as string;
    const surface: FuzzSurface = {
      name: 'admin',
      app: t.app,
      db: t.db.store.db,
      routes,
      prefix: PREFIX,
      templates: ADMIN_TEMPLATES,
      fixtureParam(name, route, n) {
        if (name === 'orgId') return pick(f.orgs, n);
        if (name === 'userId') return pick(f.users, n);
        if (name === 'groupId') return pick(f.groups, n);
        if (name === 'deliveryId') return pick(f.deliveries, n);
        const segment = route.url.slice(PREFIX.length).split('/')[1];
        if (segment === 'organizations') return pick(f.orgs, n);
        if (segment === 'directories') return pick(f.dirs.map((d) => d.id), n);
        if (segment === 'users') return pick(f.users, n);
        if (segment === 'webhooks') return pick(f.webhooks, n);
        if (segment === 'admin-keys') return pick(f.keys, n);
        if (segment === 'fields') return pick(FIELD_KEYS, n);
        if (name === 'urn') return FUZZ_URN;
        return 'x';
      },
      authorization(spec) {
        return {
          valid: `Bearer ${ADMIN_KEY}`,
          none: undefined,
          wrong: 'Bearer rak_not-a-real-key',
          'other-tenant': `Bearer ${scopedKey}`,
          'read-key': `Bearer ${readKey}`,
          malformed: `Bearer ${f.dirs[0]?.token}`,
        }[spec];
      },
      substitutions: { $org0: f.orgs[0] ?? '', $dir0: f.dirs[0]?.id ?? '', $user0: f.users[0] ?? '', $user1: f.users[1] ?? '', $group0: f.groups[0] ?? '' },
      async settle(route, status) {
        // An import answers 202 and writes its users afterwards; the next digest must wait for them.
        if (status !== 202 || !route.url.endsWith('/imports')) return;
        const deadline = Date.now() + 30_000;
        for (;;) {
          const { rows } = await sql<{ id: string }>`select id from directory_imports where state = 'running' limit 1`.execute(t.db.store.db);
          if (!rows[0]) return;
          if (Date.now() > deadline) throw new Error(`import ${rows[0].id} still running 30 s after its 202`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
      errorBodyProblem(_status, body, contentType) {
        const e = (body as { error?: { code?: unknown; message?: unknown } }).error;
        if (!contentType.startsWith('application/json')) return `content-type ${contentType}`;
        if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || e.message === '') return 'not {error:{code,message}}';
        if (Object.keys(body as object).length !== 1) return 'keys besides error';
        return undefined;
      },
    };
    const report = await runFuzz(surface, { seed: SEED, maxRuns: RUNS, timeLimitMs: SECONDS * 1000, path: process.env.ROSTER_FUZZ_PATH });
    process.stdout.write(
      `# admin-fuzz (${testStoreKind()}): seed=${report.seed} inputs=${report.inputs} rejected=${report.rejected} accepted=${report.accepted} ` +
        `write-checks=${report.writeChecks} digest-checks=${report.digestChecks} routes=${routes.length} slowest=${report.slowestMs}ms statuses=${JSON.stringify(report.statuses)}\n`,
    );
    assert.equal(report.failure, undefined, report.failure);
    // The run stops at a time limit, so how many inputs fit depends on the machine; the floor only
    // catches a fuzzer that stopped generating (a loaded CI machine still runs several hundred).
    assert.ok(report.inputs >= 100, `only ${report.inputs} inputs ran`);
    assert.deepEqual(report.uncovered, [], 'every admin route got inputs');
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await t.admin('GET', '/organizations')).status, 200);
  });
});
