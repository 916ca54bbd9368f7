// Every way a request enters — single requests, Bulk, /.search per type and at the root — goes through the dialect.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENTERPRISE_URN, patchBody, startTestApp, userBody, type TestApp } from '../helpers/test-app.ts';

const BULK_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const SEARCH_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

describe('dialect wiring', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('Bulk POST and PATCH bodies pass through the dialect (OneLogin 1.1 URNs, Okta blanks)', async () => {
    const d = await t.createDirectory('onelogin');
    const r = await d.scim('POST', '/Bulk', {
      schemas: [BULK_URN],
      Operations: [
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'u1',
          data: { schemas: ['urn:scim:schemas:core:1.0'], userName: 'bulk@acme.com', title: '', 'urn:scim:schemas:extension:enterprise:1.0': { department: 'Ops' } },
        },
      ],
    });
    assert.equal(r.body.Operations[0].status, '201', r.text);
    const user = await d.scim('GET', String(r.body.Operations[0].location).replace(/^.*\/Users/, '/Users'));
    assert.deepEqual(user.body[ENTERPRISE_URN], { department: 'Ops' });
    assert.equal(user.body.title, undefined);

    const okta = await t.createDirectory('okta');
    const id = (await okta.scim('POST', '/Users', userBody('blank@acme.com', { title: 'Engineer' }))).body.id;
    const bulk = await okta.scim('POST', '/Bulk', {
      schemas: [BULK_URN],
      Operations: [{ method: 'PATCH', path: `/Users/${id}`, data: patchBody({ op: 'replace', path: 'title', value: '' }) }],
    });
    assert.equal(bulk.body.Operations[0].status, '200', bulk.text);
    assert.equal((await okta.scim('GET', `/Users/${id}`)).body.title, undefined);
  });

  it("/Users/.search and the root /.search rewrite Entra's manager filter", async () => {
    const d = await t.createDirectory('entra');
    const manager = (await d.scim('POST', '/Users', userBody('boss@acme.com'))).body.id;
    const report = (await d.scim('POST', '/Users', userBody('report@acme.com', { [ENTERPRISE_URN]: { manager: { value: manager } } }))).body.id;
    const search = { schemas: [SEARCH_URN], filter: `manager eq "${manager}"`, attributes: ['id'] };
    const typed = await d.scim('POST', '/Users/.search', search);
    assert.equal(typed.status, 200, typed.text);
    assert.deepEqual(typed.body.Resources.map((u: { id: string }) => u.id), [report]);
    const root = await d.scim('POST', '/.search', search);
    assert.equal(root.status, 200, root.text);
    assert.deepEqual(root.body.Resources.map((u: { id: string }) => u.id), [report]);
  });

  it('a generic directory gets none of it: the same filter is an invalidFilter', async () => {
    const d = await t.createDirectory('generic');
    const r = await d.scim('GET', `/Users?filter=${encodeURIComponent('manager eq "x"')}`);
    assert.equal(r.status, 400);
    assert.equal(r.body.scimType, 'invalidFilter');
  });
});
