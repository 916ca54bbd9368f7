// SCIM 1.1 URNs become SCIM 2.0 ones (OneLogin templates); vendor URNs leave `schemas` (Entra groups).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch } from '../../scim/patch/patch-engine.ts';
import { normalizeResource } from '../../scim/resource/normalize-resource.ts';
import { GROUP_RESOURCE, SCHEMA_URN, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import { aliasSchemasInBody, aliasSchemasInPatch, dropSchemasInBody, SCIM1_ALIASES } from './schema-urns.ts';

const V1 = 'urn:scim:schemas:core:1.0';
const V1_ENT = 'urn:scim:schemas:extension:enterprise:1.0';

describe('aliasSchemasInBody', () => {
  const rule = aliasSchemasInBody(SCIM1_ALIASES);

  it('keeps the enterprise data a SCIM 1.1 template puts under its 1.0 URN', () => {
    const body = rule('User', { schemas: [V1, V1_ENT], userName: 'ada@acme.com', [V1_ENT]: { department: 'Sales' }, [`${V1_ENT}:division`]: 'EMEA' });
    const { resource, warnings } = normalizeResource(USER_RESOURCE, body, { mode: 'create' });
    assert.deepEqual(resource.schemas, [SCHEMA_URN.user, SCHEMA_URN.enterpriseUser]);
    assert.deepEqual(resource[SCHEMA_URN.enterpriseUser], { division: 'EMEA', department: 'Sales' });
    assert.deepEqual(warnings, []);
  });

  it('maps the one SCIM 1.1 core URN to the Group schema for groups', () => {
    assert.deepEqual(rule('Group', { schemas: [V1], displayName: 'Ops' }), { schemas: [SCHEMA_URN.group], displayName: 'Ops' });
  });

  it('leaves 2.0 bodies alone', () => {
    const body = { schemas: [SCHEMA_URN.user], userName: 'a' };
    assert.deepEqual(rule('User', body), body);
  });
});

describe('aliasSchemasInPatch', () => {
  it('renames 1.0 URNs in paths and path-less keys', () => {
    const ops = aliasSchemasInPatch(SCIM1_ALIASES)('User', [
      { op: 'replace', path: `${V1_ENT}:department`, value: 'Ops' },
      { op: 'replace', value: { [`${V1}:title`]: 'Lead' } },
    ]);
    const after = applyPatch(USER_RESOURCE, { schemas: [SCHEMA_URN.user], userName: 'a' }, ops).resource;
    assert.equal(after.title, 'Lead');
    assert.deepEqual(after[SCHEMA_URN.enterpriseUser], { department: 'Ops' });
  });
});

describe('dropSchemasInBody', () => {
  it("takes Entra's ADSCIM group URN out of schemas, so nothing is warned about", () => {
    const urn = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
    const body = dropSchemasInBody([urn])('Group', { schemas: [SCHEMA_URN.group, urn], displayName: 'Sales' });
    assert.deepEqual(normalizeResource(GROUP_RESOURCE, body, { mode: 'create' }).warnings, []);
  });
});
