// Okta's dialect on the bodies of OKTA-REF: blanks clear, the group rename's echoed id goes; a group PATCH answers 204.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch } from '../scim/patch/patch-engine.ts';
import { normalizeResource } from '../scim/resource/normalize-resource.ts';
import { GROUP_RESOURCE, SCHEMA_URN, USER_RESOURCE } from '../scim/schema/resource-types.ts';
import { oktaDialect } from './okta.ts';

describe('Okta dialect', () => {
  it('answers a user PATCH with 200 and the user, a group PATCH with 204', () => {
    assert.deepEqual(oktaDialect.patchResponse, { User: 'resource', Group: 'no-content' });
  });

  it('drops the id Push Groups echoes in its rename, keeping the rename', () => {
    const ops = oktaDialect.normalizePatch('Group', [
      { op: 'replace', value: { id: 'g1', displayName: 'Test SCIMv2' } },
      { op: 'add', path: 'members', value: [{ value: 'u1', display: 'test.user@okta.local' }] },
    ]);
    assert.deepEqual(ops[0], { op: 'replace', value: { displayName: 'Test SCIMv2' } });
    const result = applyPatch(GROUP_RESOURCE, { schemas: [SCHEMA_URN.group], id: 'g1', displayName: 'Old' }, ops);
    assert.equal(result.resource.displayName, 'Test SCIMv2');
    assert.deepEqual(result.warnings, []);
  });

  it('drops a path-less value that held nothing but the id', () => {
    assert.deepEqual(oktaDialect.normalizePatch('Group', [{ op: 'replace', value: { id: 'g1' } }]), []);
  });

  it('keeps the path-less deactivation as it is: already RFC', () => {
    const ops = [{ op: 'replace' as const, value: { active: false } }];
    assert.deepEqual(oktaDialect.normalizePatch('User', ops), ops);
  });

  it('clears an attribute that a PUT of the whole user sends as ""', () => {
    const body = oktaDialect.normalizeBody('User', {
      schemas: [SCHEMA_URN.user],
      id: 'u1',
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User', middleName: '' },
      title: '',
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      groups: [],
      active: true,
    });
    const { resource } = normalizeResource(USER_RESOURCE, body, { mode: 'replace' });
    assert.equal(resource.title, undefined);
    assert.deepEqual(resource.name, { givenName: 'Test', familyName: 'User' });
  });
});
