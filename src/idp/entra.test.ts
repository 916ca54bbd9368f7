// Entra's dialect on the bodies of MS-TUT and MS-COMPAT, through the core as the routes run them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListParams } from '../scim/list/list-params.ts';
import { applyPatch } from '../scim/patch/patch-engine.ts';
import { parsePatchRequest } from '../scim/patch/patch-request.ts';
import { normalizeResource } from '../scim/resource/normalize-resource.ts';
import { GROUP_RESOURCE, SCHEMA_URN, USER_RESOURCE } from '../scim/schema/resource-types.ts';
import { ENTRA_GROUP_URN, entraDialect } from './entra.ts';

const ENT = SCHEMA_URN.enterpriseUser;
const user = { schemas: [SCHEMA_URN.user], id: 'u1', userName: 'Test_User_1', title: 'Engineer' };
const patchUser = (operations: unknown[]) =>
  applyPatch(USER_RESOURCE, user, entraDialect.normalizePatch('User', parsePatchRequest({ schemas: [SCHEMA_URN.patchOp], Operations: operations })));

describe('Entra dialect', () => {
  it('answers PATCH with 204', () => {
    assert.deepEqual(entraDialect.patchResponse, { User: 'no-content', Group: 'no-content' });
  });

  it('accepts the legacy manager add: unqualified path, one-element array with $ref', () => {
    const after = patchUser([{ op: 'Add', path: 'manager', value: [{ $ref: 'https://x/Users/m1', value: 'm1' }] }]).resource;
    assert.deepEqual(after[ENT], { manager: { value: 'm1', $ref: 'https://x/Users/m1' } });
  });

  it('reads an empty legacy manager array as clearing the manager', () => {
    const withManager = { ...user, schemas: [SCHEMA_URN.user, ENT], [ENT]: { manager: { value: 'm1' } } };
    const ops = entraDialect.normalizePatch('User', [{ op: 'add', path: 'manager', value: [] }]);
    assert.equal(applyPatch(USER_RESOURCE, withManager, ops).resource[ENT], undefined);
  });

  it('turns Replace with "" into a removal', () => {
    assert.equal(patchUser([{ op: 'Replace', path: 'title', value: '' }]).resource.title, undefined);
  });

  it('removes only the named members for the default dialect Remove with a value array', () => {
    const ops = entraDialect.normalizePatch('Group', parsePatchRequest({ schemas: [SCHEMA_URN.patchOp], Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u1' }] }] }));
    assert.deepEqual(ops, [{ op: 'remove', path: 'members[value eq "u1"]' }]);
    assert.deepEqual(applyPatch(GROUP_RESOURCE, { schemas: [SCHEMA_URN.group], displayName: 'G' }, ops).memberChanges, [{ kind: 'remove', ids: ['u1'] }]);
  });

  it('takes the ADSCIM URN out of a group create and keeps the rest', () => {
    const body = entraDialect.normalizeBody('Group', { schemas: [SCHEMA_URN.group, ENTRA_GROUP_URN], externalId: 'e1', displayName: 'Sales', members: [] });
    const { resource, warnings } = normalizeResource(GROUP_RESOURCE, body, { mode: 'create' });
    assert.deepEqual(warnings, []);
    assert.deepEqual(resource, { schemas: [SCHEMA_URN.group], externalId: 'e1', displayName: 'Sales' });
  });

  it('makes the manager check filterable', () => {
    const params = entraDialect.normalizeQuery('User', { filter: 'id eq "u1" and manager eq "m1"', attributes: 'id' });
    assert.deepEqual(parseListParams(params, 100).filter, {
      kind: 'And',
      left: { kind: 'Compare', path: { attr: 'id' }, op: 'eq', value: 'u1' },
      right: { kind: 'Compare', path: { schema: ENT, attr: 'manager', sub: 'value' }, op: 'eq', value: 'm1' },
    });
  });
});
