// Issue 8 §Other ways in: `roster import users.csv` — dry-run diff, idempotent re-runs, the same events as SCIM changes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { readCsvUsers } from '../src/directory/import/csv-users.ts';
import { runImport } from '../src/directory/import/import-run.ts';
import { ScimSession } from '../src/cli/import/scim-session.ts';
import { ADMIN_KEY, startTestApp, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const run = promisify(execFile);
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const FILE = `userName,externalId,givenName,familyName,email,department,manager,active
ann@acme.com,E1,Ann,Lee,ann@acme.com,Sales,,true
bob@acme.com,E2,Bob,Ray,bob@acme.com,Sales,ann@acme.com,true
cat@acme.com,E3,Cat,Kim,cat@acme.com,Ops,E2,true
`;

describe('roster import (CSV)', () => {
  let t: TestApp;
  let d: TestDirectory;
  let base: string;
  let dir: string;
  let session: ScimSession;

  before(async () => {
    // No public URL: the SCIM URL the CLI reads for --directory is built from the Host it connected to.
    t = await startTestApp({ ROSTER_PUBLIC_URL: '' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    d = await t.createDirectory('generic');
    session = new ScimSession(`${base}${d.base}`, d.token);
    dir = mkdtempSync(path.join(tmpdir(), 'roster-import-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const events = async (type: string) => (await t.admin('GET', `/events?directoryId=${d.id}&types=${type}&limit=100`)).body.data as { data: any }[];

  it('a dry run prints the diff and changes nothing', async () => {
    const r = await runImport(session, readCsvUsers(FILE), { dryRun: true, deactivateMissing: false });
    assert.deepEqual([r.created, r.updated, r.managersSet, r.failed.length], [3, 0, 2, 0]);
    assert.deepEqual(r.sample.creates, ['ann@acme.com', 'bob@acme.com', 'cat@acme.com']);
    assert.equal((await d.scim('GET', '/Users')).body.totalResults, 0);
  });

  it('imports through the real CLI: users, attributes, managers, and one user.created event each', async () => {
    const file = path.join(dir, 'users.csv');
    writeFileSync(file, FILE);
    const out = await run(process.execPath, ['--import', 'tsx', 'src/cli/roster.ts', '--url', base, '--key', ADMIN_KEY, 'import', file, '--directory', d.id, '--token', d.token]);
    assert.match(out.stdout, /Import done\.\n {2}create 3, update 0, deactivate 0, reactivate 0, set manager 2/);
    const users = (await d.scim('GET', '/Users?count=10')).body.Resources as any[];
    const by = new Map(users.map((u) => [u.userName, u]));
    assert.equal(by.get('cat@acme.com')[ENT].department, 'Ops');
    assert.equal(by.get('bob@acme.com')[ENT].manager.value, by.get('ann@acme.com').id);
    assert.equal(by.get('cat@acme.com')[ENT].manager.value, by.get('bob@acme.com').id, 'a manager named by externalId');
    assert.equal((await events('user.created')).length, 3);
  });

  it('a second run of the same file changes nothing and writes no event', async () => {
    const before = (await t.admin('GET', `/events?directoryId=${d.id}&limit=100`)).body.data.length;
    const r = await runImport(session, readCsvUsers(FILE), { dryRun: false, deactivateMissing: false });
    assert.deepEqual([r.created, r.updated, r.deactivated, r.managersSet, r.unchanged, r.failed.length], [0, 0, 0, 0, 3, 0]);
    assert.equal((await t.admin('GET', `/events?directoryId=${d.id}&limit=100`)).body.data.length, before);
  });

  it('a changed file updates only what changed, deactivates whom it marks or omits (when asked), with their events', async () => {
    const next = `userName,externalId,givenName,familyName,email,department,active
ann@acme.com,E1,Ann,Lee-Park,ann@acme.com,Sales,true
bob@acme.com,E2,Bob,Ray,bob@acme.com,Sales,false
`;
    const dry = await runImport(session, readCsvUsers(next), { dryRun: true, deactivateMissing: true });
    assert.deepEqual([dry.updated, dry.deactivated], [1, 2]);
    assert.deepEqual(dry.sample.updates, ['ann@acme.com: familyName "Lee" → "Lee-Park"']);
    const r = await runImport(session, readCsvUsers(next), { dryRun: false, deactivateMissing: true });
    assert.deepEqual([r.updated, r.deactivated, r.failed.length], [1, 2, 0]);
    const updated = await events('user.updated');
    assert.ok(updated.some((e) => e.data.user.userName === 'ann@acme.com' && e.data.user.lastName === 'Lee-Park'));
    assert.equal((await events('user.deactivated')).length, 2);
  });

  it('reports a row the server refuses with its line and the server\'s reason, and goes on with the others', async () => {
    const bad = 'userName,email\ndan@acme.com,dan@acme.com\neve@acme.com,not an email at all\n';
    const r = await runImport(session, readCsvUsers(bad), { dryRun: false, deactivateMissing: false });
    assert.equal(r.created + r.failed.length, 2);
    for (const f of r.failed) assert.match(`${f.line} ${f.message}`, /^\d+ 400/);
  });

  it('the CLI refuses a broken file before sending anything, naming the line', async () => {
    const file = path.join(dir, 'broken.csv');
    writeFileSync(file, 'userName\nann@acme.com\nANN@acme.com\n');
    await assert.rejects(
      run(process.execPath, ['--import', 'tsx', 'src/cli/roster.ts', 'import', file, '--scim-url', `${base}${d.base}`, '--token', d.token]),
      (e: { stderr: string; code: number }) => e.code === 1 && /line 3: userName "ANN@acme.com" is already on line 2/.test(e.stderr),
    );
  });
});
