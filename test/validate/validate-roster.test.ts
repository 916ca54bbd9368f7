// Issue 9: `roster validate` run against Roster itself passes every check of every dialect and leaves nothing behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checksFor } from '../../src/cli/validate/registry.ts';
import { formatReport } from '../../src/cli/validate/report-format.ts';
import { runValidation } from '../../src/cli/validate/run-validation.ts';
import { startRosterTarget, type RosterTarget } from './roster-target.ts';

describe('roster validate against Roster', () => {
  let roster: RosterTarget;
  before(async () => {
    roster = await startRosterTarget();
  });
  after(() => roster.close());

  for (const idp of ['generic', 'okta', 'entra'] as const) {
    it(`passes every --idp ${idp} check on a ${idp} directory`, async () => {
      const dir = await roster.directory(idp);
      const report = await runValidation({ baseUrl: dir.scimBaseUrl, token: dir.token, idp });
      assert.equal(report.summary.failed, 0, formatReport(report));
      assert.equal(report.summary.skipped, 0, formatReport(report));
      assert.deepEqual(report.checks.map((c) => c.id), checksFor(idp).map((c) => c.id));
      assert.deepEqual(report.cleanup.left, []);
      assert.ok(report.cleanup.deleted > 20, `cleanup deleted only ${report.cleanup.deleted} objects`);
    });
  }

  it('leaves no roster-validate- user or group behind, in SCIM nor in the read API', async () => {
    const dir = await roster.directory('generic');
    // With the delete rule a SCIM DELETE purges the row, so "nothing remains" can be checked in every state.
    const rule = await roster.t.admin('PATCH', `/directories/${dir.id}`, { deprovisionRule: 'delete' });
    assert.equal(rule.status, 200, rule.text);
    const report = await runValidation({ baseUrl: dir.scimBaseUrl, token: dir.token, idp: 'generic' });
    assert.equal(report.summary.failed, 0, formatReport(report));
    const users = await dir.scim('GET', `/Users?filter=${encodeURIComponent('userName sw "roster-validate-"')}`);
    assert.equal(users.body.totalResults, 0, users.text);
    const groups = await dir.scim('GET', `/Groups?filter=${encodeURIComponent('displayName sw "roster-validate-"')}`);
    assert.equal(groups.body.totalResults, 0, groups.text);
    const stored = await roster.t.admin('GET', `/directories/${dir.id}/users?limit=1000`);
    assert.equal(stored.status, 200, stored.text);
    assert.deepEqual(stored.body.data.map((u: { userName: string; state: string }) => `${u.userName} ${u.state}`), []);
    const storedGroups = await roster.t.admin('GET', `/directories/${dir.id}/groups?limit=1000`);
    assert.deepEqual(storedGroups.body.data, []);
  });

  it('with the default deactivate rule, what it deleted is deprovisioned: hidden from SCIM, none active or suspended', async () => {
    const dir = await roster.directory('okta');
    const report = await runValidation({ baseUrl: dir.scimBaseUrl, token: dir.token, idp: 'okta' });
    assert.equal(report.summary.failed, 0, formatReport(report));
    const users = await dir.scim('GET', '/Users?count=1000');
    assert.equal(users.body.totalResults, 0, users.text);
    const live = await roster.t.admin('GET', `/directories/${dir.id}/users?state=active,suspended&limit=1000`);
    assert.deepEqual(live.body.data, []);
    const all = await roster.t.admin('GET', `/directories/${dir.id}/users?limit=1000`);
    assert.ok(all.body.data.length > 0 && all.body.data.every((u: { userName: string; state: string }) => u.userName.startsWith(`${report.prefix}-`) && u.state === 'deprovisioned'));
  });

  it('--keep leaves the test objects in place under the run prefix', async () => {
    const dir = await roster.directory('generic');
    const report = await runValidation({ baseUrl: dir.scimBaseUrl, token: dir.token, idp: 'generic', keep: true, only: ['users.create', 'groups.create'] });
    assert.deepEqual(report.checks.map((c) => `${c.id} ${c.status}`), ['users.create pass', 'groups.create pass']);
    assert.deepEqual(report.cleanup, { kept: true, deleted: 0, left: [] });
    const users = await dir.scim('GET', '/Users');
    assert.equal(users.body.totalResults, 2);
    assert.ok(users.body.Resources.every((u: { userName: string }) => u.userName.startsWith(`${report.prefix}-`)));
    const groups = await dir.scim('GET', '/Groups');
    assert.deepEqual(groups.body.Resources.map((g: { displayName: string }) => g.displayName.startsWith(`${report.prefix}-`)), [true]);
  });
});
