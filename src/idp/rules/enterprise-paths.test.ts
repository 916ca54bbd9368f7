// Flat enterprise attribute names (Rippling's employeeNumber, Entra's manager) get their schema URN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListParams } from '../../scim/list/list-params.ts';
import { applyPatch } from '../../scim/patch/patch-engine.ts';
import { normalizeResource } from '../../scim/resource/normalize-resource.ts';
import { SCHEMA_URN, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import { ENTERPRISE_NAMES, flatEnterpriseInBody, flatEnterpriseInPatch, flatEnterpriseInQuery } from './enterprise-paths.ts';

const ENT = SCHEMA_URN.enterpriseUser;
const user = { schemas: [SCHEMA_URN.user], userName: 'ada@acme.com' };

describe('flatEnterpriseInBody', () => {
  const rule = flatEnterpriseInBody(ENTERPRISE_NAMES);

  it('moves flat enterprise keys under the URN, where the core keeps them', () => {
    const body = rule('User', { ...user, employeeNumber: '42', Department: 'Sales', 'manager.value': 'm1', title: 'Engineer' });
    const { resource, warnings } = normalizeResource(USER_RESOURCE, body, { mode: 'create' });
    assert.deepEqual(resource[ENT], { employeeNumber: '42', department: 'Sales', manager: { value: 'm1' } });
    assert.equal(resource.title, 'Engineer');
    assert.deepEqual(warnings, []);
  });

  it('lets a value sent under the URN win over the flat one', () => {
    assert.deepEqual(rule('User', { ...user, employeeNumber: '1', [ENT]: { employeeNumber: '2' } }), { ...user, [ENT]: { employeeNumber: '2' } });
  });

  it('touches neither groups nor bodies without flat names', () => {
    const body = { ...user, title: 'x' };
    assert.equal(rule('User', body), body);
    const group = { displayName: 'division', department: 'x' };
    assert.equal(rule('Group', group), group);
  });
});

describe('flatEnterpriseInPatch', () => {
  it('qualifies paths and path-less keys, so the core accepts them', () => {
    const ops = flatEnterpriseInPatch(ENTERPRISE_NAMES)('User', [
      { op: 'replace', path: 'employeeNumber', value: '43' },
      { op: 'replace', value: { costCenter: 'CC1', 'name.givenName': 'Ada' } },
    ]);
    assert.deepEqual(ops, [
      { op: 'replace', path: `${ENT}:employeeNumber`, value: '43' },
      { op: 'replace', value: { [`${ENT}:costCenter`]: 'CC1', 'name.givenName': 'Ada' } },
    ]);
    assert.deepEqual(applyPatch(USER_RESOURCE, user, ops).resource[ENT], { employeeNumber: '43', costCenter: 'CC1' });
  });

  it('only qualifies the names it was given, and never a core attribute', () => {
    const ops = [{ op: 'replace' as const, path: 'employeeNumber', value: '1' }, { op: 'replace' as const, path: 'title', value: 't' }];
    assert.deepEqual(flatEnterpriseInPatch(['manager'])('User', ops), ops);
    assert.deepEqual(flatEnterpriseInPatch(['manager'])('User', [{ op: 'add', path: 'Manager', value: 'm1' }]), [{ op: 'add', path: `${ENT}:manager`, value: 'm1' }]);
  });
});

describe('flatEnterpriseInQuery', () => {
  const rule = flatEnterpriseInQuery(['manager']);

  it("rewrites Entra's manager check to the manager's value", () => {
    const out = rule('User', { filter: 'id eq "u1" and manager eq "m1"', attributes: 'id' });
    assert.deepEqual(out, { filter: `id eq "u1" and ${ENT}:manager.value eq "m1"`, attributes: 'id' });
    assert.ok(parseListParams(out, 100).filter);
  });

  it('leaves other filters, group queries and unparseable text as they were', () => {
    const params = { filter: 'userName eq "managers@acme.com"' };
    assert.equal(rule('User', params), params);
    assert.equal(rule('Group', { filter: 'manager eq "x"' }).filter, 'manager eq "x"');
    assert.equal(rule('User', { filter: 'manager eq' }).filter, 'manager eq');
  });
});
