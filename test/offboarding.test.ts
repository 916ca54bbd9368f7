// Issue 8 §Lifecycle: on deprovisioning, an offboarding lists the tasks the app declared; the app ticks
// them off; it completes with the last; a rehire cancels it; it starts in the deprovisioning's transaction.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { injectClient } from './helpers/sdk-inject.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const TASKS = [
  { key: 'transfer_ownership', name: "Transfer the leaver's documents to their manager" },
  { key: 'revoke_tokens', name: 'Revoke API tokens', description: 'Personal access tokens and OAuth grants' },
];

describe('leaver checklists (offboarding)', () => {
  let t: TestApp;
  let d: TestDirectory;
  let org: string;

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('okta');
    org = d.organizationId;
  });
  after(() => t.close());

  const open = async () => (await t.admin('GET', `/organizations/${org}/offboardings`)).body.data as any[];
  const create = async (name: string, extra: Record<string, unknown> = {}) => {
    const r = await d.scim('POST', '/Users', userBody(`${name}@acme.com`, extra));
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };

  it('starts nothing until the app declares tasks', async () => {
    const id = await create('early');
    assert.equal((await d.scim('DELETE', `/Users/${id}`)).status, 204);
    assert.deepEqual(await open(), []);
  });

  it('declares tasks (unbound keys only), validated', async () => {
    const put = await t.admin('PUT', '/offboarding-tasks', { tasks: TASKS });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.data.map((x: { key: string }) => x.key), ['transfer_ownership', 'revoke_tokens']);
    assert.equal((await t.admin('PUT', '/offboarding-tasks', { tasks: [{ key: 'Bad Key', name: 'x' }] })).status, 400);
    assert.equal((await t.admin('PUT', '/offboarding-tasks', { tasks: [TASKS[0], TASKS[0]] })).status, 400);
  });

  it('a SCIM DELETE starts an offboarding with the declared tasks, naming the leaver and their manager', async () => {
    const boss = await create('boss');
    const ann = await create('ann', { [ENT]: { manager: { value: boss } } });
    assert.equal((await d.scim('DELETE', `/Users/${ann}`)).status, 204);
    const [o] = await open();
    assert.deepEqual([o.status, o.cause, o.user.userName, o.user.managerId, o.user.email], ['open', 'deprovisioned', 'ann@acme.com', boss, 'ann@acme.com']);
    assert.deepEqual(o.tasks.map((x: { key: string; done: boolean }) => [x.key, x.done]), [['transfer_ownership', false], ['revoke_tokens', false]]);
  });

  it('the app ticks tasks off; the last one completes it; undoing one reopens it', async () => {
    const [o] = await open();
    const one = await t.admin('POST', `/organizations/${org}/offboardings/${o.id}/tasks/revoke_tokens`, { note: '3 tokens revoked' });
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.status, 'open');
    assert.equal(one.body.tasks[1].note, '3 tokens revoked');
    assert.equal(one.body.tasks[1].doneBy, 'ROSTER_ADMIN_API_KEY', "who marked it: the key's name when the app names nobody");
    assert.equal(one.body.tasks[0].doneBy, null);
    const done = await t.admin('POST', `/organizations/${org}/offboardings/${o.id}/tasks/transfer_ownership`, {});
    assert.equal(done.body.status, 'completed');
    assert.ok(done.body.completedAt);
    assert.deepEqual(await open(), []);
    const undone = await t.admin('POST', `/organizations/${org}/offboardings/${o.id}/tasks/transfer_ownership`, { done: false });
    assert.deepEqual([undone.body.status, undone.body.completedAt, undone.body.tasks[0].doneBy], ['open', null, null]);
    const named = await t.admin('POST', `/organizations/${org}/offboardings/${o.id}/tasks/transfer_ownership`, { doneBy: 'it-helpdesk@acme.com' });
    assert.equal(named.body.tasks[0].doneBy, 'it-helpdesk@acme.com', 'the person the app names');
    assert.equal((await t.admin('POST', `/organizations/${org}/offboardings/${o.id}/tasks/transfer_ownership`, { doneBy: '' })).status, 400);
    await t.admin('POST', `/organizations/${org}/offboardings/${o.id}/tasks/transfer_ownership`, {});
    assert.equal((await t.admin('POST', `/organizations/${org}/offboardings/${o.id}/tasks/no_such_task`, {})).status, 404);
  });

  it('hard deletes start one too; a rehire cancels the open one; deactivation alone starts none', async () => {
    await t.admin('PATCH', `/directories/${d.id}`, { deprovisionRule: 'delete' });
    const bob = await create('bob');
    await d.scim('DELETE', `/Users/${bob}`);
    const [deleted] = await open();
    assert.deepEqual([deleted.cause, deleted.user.userName], ['deleted', 'bob@acme.com']);
    await t.admin('PATCH', `/directories/${d.id}`, { deprovisionRule: 'deactivate' });

    const cat = await create('cat', { externalId: 'cat-1' });
    await d.scim('PATCH', `/Users/${cat}`, patchBody({ op: 'replace', path: 'active', value: false }));
    assert.equal((await open()).filter((o) => o.user.userName === 'cat@acme.com').length, 0, 'a suspension is not a leaver');
    await d.scim('DELETE', `/Users/${cat}`);
    const catOff = (await open()).find((o) => o.user.userName === 'cat@acme.com');
    assert.ok(catOff);
    // The IdP creates the same person again: a rehire.
    assert.equal((await d.scim('POST', '/Users', userBody('cat@acme.com', { externalId: 'cat-1' }))).status, 201);
    const after = (await t.admin('GET', `/organizations/${org}/offboardings/${catOff.id}`)).body;
    assert.equal(after.status, 'cancelled');
    assert.equal((await t.admin('POST', `/organizations/${org}/offboardings/${catOff.id}/tasks/revoke_tokens`, {})).status, 409);
  });

  it('is walled: another organization sees none of it; bound keys cannot declare tasks', async () => {
    const otherOrg = (await t.admin('POST', '/organizations', { name: 'Other' })).body.id;
    const key = (await t.admin('POST', '/admin-keys', { name: 'other', scope: 'full', organizationId: otherOrg })).body.key;
    const [any] = (await t.admin('GET', `/organizations/${org}/offboardings?status=all`)).body.data;
    assert.equal((await t.admin('GET', `/organizations/${org}/offboardings`, undefined, key)).status, 404);
    assert.equal((await t.admin('GET', `/organizations/${otherOrg}/offboardings/${any.id}`, undefined, key)).status, 404);
    assert.equal((await t.admin('PUT', '/offboarding-tasks', { tasks: [] }, key)).status, 403);
  });

  it('is reachable from the SDK', async () => {
    const roster = injectClient(t.app);
    assert.equal((await roster.offboarding.tasks()).data.length, 2);
    const page = await roster.offboarding.list(org, { status: 'all', limit: 2 });
    assert.ok(page.data.length > 0);
    const o = await roster.offboarding.get(org, page.data[0]!.id);
    assert.equal(o.id, page.data[0]!.id);
    if (o.status === 'open') assert.equal((await roster.offboarding.markDone(org, o.id, 'revoke_tokens')).tasks[1]!.done, true);
    await roster.offboarding.setTasks([...TASKS]);
  });
});
