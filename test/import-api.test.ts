// Issue 8 §Other ways in: the CSV import run by the server (POST /directories/:id/imports), the portal's
// way in — a dry run changes nothing, an apply writes users and their events, a re-run is a no-op.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_KEY, ENTERPRISE_URN, startTestApp, type Reply, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const FILE = `userName,externalId,givenName,familyName,email,department,manager,active
ann@acme.com,E1,Ann,Lee,ann@acme.com,Sales,,true
bob@acme.com,E2,Bob,Ray,bob@acme.com,Sales,ann@acme.com,true
cat@acme.com,E3,Cat,Kim,cat@acme.com,Ops,E2,true
`;

describe('CSV import API', () => {
  let t: TestApp;
  let d: TestDirectory;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('generic');
  });
  after(() => t.close());

  const post = (body: unknown, key?: string) => t.admin('POST', `/directories/${d.id}/imports`, body, key);
  const eventCount = async (type = 'user.*') => (await t.admin('GET', `/events?directoryId=${d.id}&limit=500&types=${type}`)).body.data.length as number;

  /** Polls an applied import until it is no longer running. */
  async function finished(started: Reply): Promise<Record<string, any>> {
    assert.equal(started.status, 202, started.text);
    for (let i = 0; i < 200; i++) {
      const r = await t.admin('GET', `/directories/${d.id}/imports/${started.body.id}`);
      assert.equal(r.status, 200, r.text);
      if (r.body.state !== 'running') return r.body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the import did not finish');
  }

  it('a dry run answers the diff and changes nothing', async () => {
    const before = await eventCount();
    const r = await post({ csv: FILE, dryRun: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.state, 'dry_run');
    assert.equal(r.body.id, null);
    assert.deepEqual([r.body.created, r.body.updated, r.body.deactivated, r.body.managersSet, r.body.failed, r.body.total], [3, 0, 0, 2, 0, 3]);
    assert.deepEqual(r.body.sample.creates, ['ann@acme.com', 'bob@acme.com', 'cat@acme.com']);
    const users = await d.scim('GET', '/Users');
    assert.equal(users.body.totalResults, 0, users.text);
    assert.equal(await eventCount(), before);
  });

  it('an apply writes the users, their managers and one user.created event each, in the background', async () => {
    const done = await finished(await post({ csv: FILE }));
    assert.equal(done.state, 'completed');
    assert.deepEqual([done.total, done.done, done.created, done.managersSet, done.failed], [3, 3, 3, 2, 0]);
    assert.ok(done.finishedAt);
    const users = (await d.scim('GET', '/Users?count=10')).body.Resources as any[];
    const by = new Map(users.map((u) => [u.userName, u]));
    assert.equal(by.get('cat@acme.com')[ENTERPRISE_URN].department, 'Ops');
    assert.equal(by.get('cat@acme.com')[ENTERPRISE_URN].manager.value, by.get('bob@acme.com').id);
    assert.equal(await eventCount('user.created'), 3);
  });

  it('a re-run of the same file changes nothing and writes no event', async () => {
    const before = await eventCount();
    const dry = await post({ csv: FILE, dryRun: true });
    assert.deepEqual([dry.body.created, dry.body.updated, dry.body.managersSet, dry.body.unchanged], [0, 0, 0, 3]);
    const done = await finished(await post({ csv: FILE }));
    assert.deepEqual([done.total, done.created, done.updated, done.managersSet, done.unchanged], [0, 0, 0, 0, 3]);
    assert.equal(await eventCount(), before);
  });

  it('a changed file updates what changed and deactivates whom it omits, with the same events as SCIM', async () => {
    const next = 'userName,externalId,familyName\nann@acme.com,E1,Lee-Park\nbob@acme.com,E2,Ray\n';
    const dry = await post({ csv: next, dryRun: true, deactivateMissing: true });
    assert.deepEqual([dry.body.updated, dry.body.deactivated], [1, 1]);
    assert.deepEqual(dry.body.sample.updates, ['ann@acme.com: familyName "Lee" → "Lee-Park"']);
    assert.deepEqual(dry.body.sample.deactivations, ['cat@acme.com']);
    const done = await finished(await post({ csv: next, deactivateMissing: true }));
    assert.deepEqual([done.updated, done.deactivated, done.failed], [1, 1, 0]);
    const updated = (await t.admin('GET', `/events?directoryId=${d.id}&types=user.updated`)).body.data as any[];
    assert.ok(updated.some((e) => e.data.user.userName === 'ann@acme.com' && e.data.user.lastName === 'Lee-Park'));
    assert.equal(await eventCount('user.deactivated'), 1);
  });

  it('a row the user service refuses is reported with its line and reason; the others go on', async () => {
    // The organization takes only its own domain: the user service refuses eve, as it would over SCIM.
    await t.admin('PATCH', `/organizations/${d.organizationId}`, { domains: ['acme.com'], externalDomainPolicy: 'reject' });
    const done = await finished(await post({ csv: 'userName,email\ndan@acme.com,dan@acme.com\neve@elsewhere.test,eve@elsewhere.test\n' }));
    assert.equal(done.created, 1);
    assert.equal(done.failed, 1);
    assert.equal(done.errors[0].line, 3);
    assert.equal(done.errors[0].userName, 'eve@elsewhere.test');
    assert.match(done.errors[0].message, /^400 invalidValue: /);
  });

  it('a broken file is refused before anything is written, naming the line and the column', async () => {
    const before = await eventCount();
    const unknown = await post({ csv: 'userName,shoeSize\nx@acme.com,42\n', dryRun: true });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'invalid_value');
    assert.match(unknown.body.error.message, /unknown column "shoeSize"/);
    assert.equal(unknown.body.error.attribute, 'shoeSize');
    const twice = await post({ csv: 'userName\nzed@acme.com\nZED@acme.com\n' });
    assert.equal(twice.status, 400);
    assert.match(twice.body.error.message, /line 3: userName "ZED@acme.com" is already on line 2/);
    const empty = await post({ csv: 'userName\n\n', deactivateMissing: true });
    assert.equal(empty.status, 400, 'a file of no user would deactivate everyone');
    assert.match(empty.body.error.message, /no user/);
    assert.equal(await eventCount(), before);
  });

  it('limits: more than 50,000 rows is 413, more than 10 MB is 413, a wrong flag is 400', async () => {
    const rows = ['userName', ...Array.from({ length: 50_001 }, (_, i) => `u${i}@acme.com`)].join('\n');
    const many = await post({ csv: rows, dryRun: true });
    assert.equal(many.status, 413, many.text);
    assert.match(many.body.error.message, /50001 rows; an import takes at most 50000/);
    const big = await post({ csv: `userName\n${'a'.repeat(10 * 1024 * 1024)}@acme.com\n`, dryRun: true });
    assert.equal(big.status, 413, big.text.slice(0, 300));
    const flag = await post({ csv: FILE, dryRun: 'yes' });
    assert.equal(flag.status, 400);
  });

  it("another organization's key cannot import into the directory nor read its imports", async () => {
    const other = (await t.admin('POST', '/organizations', { name: 'Other' })).body.id as string;
    const key = (await t.admin('POST', '/admin-keys', { name: 'other', scope: 'full', organizationId: other })).body.key as string;
    const started = await post({ csv: 'userName\nfay@acme.com\n' });
    await finished(started);
    assert.equal((await post({ csv: FILE, dryRun: true }, key)).status, 404);
    assert.equal((await t.admin('GET', `/directories/${d.id}/imports/${started.body.id}`, undefined, key)).status, 404);
    const own = (await t.admin('POST', '/admin-keys', { name: 'own', scope: 'full', organizationId: d.organizationId })).body.key as string;
    assert.equal((await t.admin('GET', `/directories/${d.id}/imports/${started.body.id}`, undefined, own)).status, 200);
    assert.equal((await t.admin('GET', `/directories/${d.id}/imports/${crypto.randomUUID()}`, undefined, ADMIN_KEY)).status, 404);
  });
});
