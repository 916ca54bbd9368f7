// Issue 6 §1: property-based fuzzing of every SCIM route with hostile bodies, headers and query strings.
// Set ROSTER_FUZZ_SEED (and ROSTER_FUZZ_PATH) to replay a run; ROSTER_FUZZ_RUNS / ROSTER_FUZZ_SECONDS to size it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ERROR_URN } from '../helpers/scim-expect.ts';
import { routeCollector } from '../helpers/route-list.ts';
import { startTestApp, userBody, type TestApp, type TestDirectory } from '../helpers/test-app.ts';
import { testStoreKind } from '../helpers/test-store.ts';
import { SCIM_TEMPLATES } from './fuzz-templates.ts';
import { runFuzz, type FuzzSurface } from './fuzz-runner.ts';

const SEED = Number(process.env.ROSTER_FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.ROSTER_FUZZ_RUNS ?? 4000);
const SECONDS = Number(process.env.ROSTER_FUZZ_SECONDS ?? 25);
const PREFIX = '/scim/v2/:directoryId';

describe(`SCIM fuzzing (${testStoreKind()})`, { timeout: (SECONDS + 60) * 1000 }, () => {
  let t: TestApp;
  let d: TestDirectory;
  let other: TestDirectory;
  const collected = routeCollector();
  const users: string[] = [];
  const groups: string[] = [];
  let otherUser: string;
  let readKey: string;

  before(async () => {
    t = await startTestApp({}, { onRoute: collected.onRoute });
    d = await t.createDirectory('generic');
    // Thousands of requests a second on purpose: the per-directory rate limit would answer most of them 429.
    await t.admin('PATCH', `/directories/${d.id}`, { rateLimitPerSecond: 100000, rateLimitBurst: 1000000 });
    other = await t.createDirectory('okta', (await t.admin('POST', '/organizations', { name: 'Other' })).body.id);
    for (let i = 0; i < 4; i++) users.push((await d.scim('POST', '/Users', userBody(`fixture${i}@acme.test`))).body.id);
    for (let i = 0; i < 4; i++) groups.push((await d.scim('POST', '/Groups', { displayName: `Fixture ${i}`, members: [{ value: users[i] }] })).body.id);
    otherUser = (await other.scim('POST', '/Users', userBody('other@other.test'))).body.id;
    readKey = (await t.admin('POST', '/admin-keys', { name: 'read', scope: 'read' })).body.key;
  });
  after(() => t.close());

  it('answers every hostile input with a 4xx SCIM error or a 2xx, never a 5xx, and changes nothing when it rejects', async () => {
    const routes = collected.routes.filter((r) => r.url.startsWith(PREFIX));
    const surface: FuzzSurface = {
      name: 'scim',
      app: t.app,
      db: t.db.store.db,
      routes,
      prefix: PREFIX,
      pinnedParams: ['directoryId'],
      templates: SCIM_TEMPLATES,
      fixtureParam(name, route, n) {
        if (name === 'directoryId') return d.id;
        if (name === 'id' && route.url.includes('/Groups')) return groups[n] as string;
        if (name === 'id' && route.url.includes('/Schemas')) return ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group', 'x', ''][n] as string;
        if (name === 'id' && route.url.includes('/ResourceTypes')) return ['User', 'Group', 'user', 'Nope'][n] as string;
        if (name === 'id') return n === 3 ? otherUser : (users[n] as string);
        return 'x';
      },
      authorization(spec) {
        return {
          valid: `Bearer ${d.token}`,
          none: undefined,
          wrong: 'Bearer rst_not-a-real-token',
          'other-tenant': `Bearer ${other.token}`,
          'read-key': `Bearer ${readKey}`,
          malformed: `Basic ${Buffer.from('a:b').toString('base64')}`,
        }[spec];
      },
      substitutions: { $user0: users[0] ?? '', $user1: users[1] ?? '', $user2: users[2] ?? '', $group0: groups[0] ?? '', $dir0: d.id, $otherUser: otherUser },
      errorBodyProblem(status, body, contentType) {
        const b = body as { schemas?: unknown; status?: unknown; detail?: unknown };
        if (!contentType.startsWith('application/scim+json')) return `content-type ${contentType}`;
        if (!Array.isArray(b.schemas) || !b.schemas.includes(ERROR_URN)) return 'no SCIM Error schema';
        if (b.status !== String(status)) return `status ${JSON.stringify(b.status)} is not the string "${status}"`;
        if (typeof b.detail !== 'string' || b.detail === '') return 'no detail';
        return undefined;
      },
      // RFC 7644 §3.11: a server that does not support /Me answers 501.
      allowedServerStatus: (route, status) => status === 501 && /\/Me(\/\*)?$/.test(route.url),
    };
    const report = await runFuzz(surface, { seed: SEED, maxRuns: RUNS, timeLimitMs: SECONDS * 1000, path: process.env.ROSTER_FUZZ_PATH });
    process.stdout.write(
      `# scim-fuzz (${testStoreKind()}): seed=${report.seed} inputs=${report.inputs} rejected=${report.rejected} accepted=${report.accepted} ` +
        `write-checks=${report.writeChecks} digest-checks=${report.digestChecks} routes=${routes.length} slowest=${report.slowestMs}ms statuses=${JSON.stringify(report.statuses)}\n`,
    );
    assert.equal(report.failure, undefined, report.failure);
    // The run stops at a time limit, so how many inputs fit depends on the machine; the floor only
    // catches a fuzzer that stopped generating (a loaded CI machine still runs several hundred).
    assert.ok(report.inputs >= 100, `only ${report.inputs} inputs ran`);
    assert.deepEqual(report.uncovered, [], 'every SCIM route got inputs');
    // The process is still up and serving.
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await d.scim('GET', `/Users/${users[3]}`)).status, 200);
  });
});
