// Projection of resources by `attributes`, `excludedAttributes` and `returned` (RFC 7644 §3.4.2.5, §3.9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import type { AttributeDef, ResourceSchema, ScimResource } from '../schema/attribute.ts';
import { attribute, complex } from '../schema/define-attribute.ts';
import { GROUP_RESOURCE, SCHEMA_URN, USER_RESOURCE } from '../schema/resource-types.ts';
import { parseAttributeList, projectResource } from './projection.ts';

const ENT = SCHEMA_URN.enterpriseUser;

const user: ScimResource = {
  schemas: [SCHEMA_URN.user, ENT],
  id: '2819c223',
  externalId: 'ext-1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  displayName: 'Babs Jensen',
  active: true,
  password: 'hunter2',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  groups: [{ value: 'g1', display: 'Admins', type: 'direct' }],
  [ENT]: { department: 'Tour Operations', manager: { value: 'm1', displayName: 'John Smith' } },
  meta: { resourceType: 'User', created: '2025-01-01T00:00:00Z', location: 'https://x/Users/2819c223', version: 'W/"1"' },
};

function project(attributes?: string, excludedAttributes?: string, rs: ResourceSchema = USER_RESOURCE, resource = user) {
  return projectResource(rs, resource, { attributes: parseAttributeList(attributes), excludedAttributes: parseAttributeList(excludedAttributes) });
}

describe('parseAttributeList', () => {
  const rows: [string | undefined, unknown][] = [
    [undefined, []],
    ['', []],
    [' , ', []],
    ['userName', [{ attr: 'userName' }]],
    ['userName, name.givenName ,emails', [{ attr: 'userName' }, { attr: 'name', sub: 'givenName' }, { attr: 'emails' }]],
    [`${ENT}:department`, [{ schema: ENT, attr: 'department' }]],
    [`${ENT}:manager.value`, [{ schema: ENT, attr: 'manager', sub: 'value' }]],
    [ENT, [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0', attr: 'User' }]],
    ['members.$ref', [{ attr: 'members', sub: '$ref' }]],
    // Microsoft's conformance collection sends value filters here; they select the whole attribute.
    ['emails[type eq "work"]', [{ attr: 'emails' }]],
    ['emails[value eq "a,b"],userName', [{ attr: 'emails' }, { attr: 'userName' }]],
  ];
  for (const [text, expected] of rows) {
    it(`parses ${JSON.stringify(text)}`, () => assert.deepEqual(parseAttributeList(text), expected));
  }
  for (const text of ['name.givenName.x', 'user name', 'foo:bar', '1abc', 'name.', '.name', 'urn:', `${ENT}:`]) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseAttributeList(text), (err: unknown) => err instanceof RosterError && err.code === 'invalid_path');
    });
  }
});

describe('projectResource', () => {
  it('returns default attributes, never the password', () => {
    const out = project();
    const { password: _password, ...rest } = user;
    assert.deepEqual(out, rest);
  });

  const rows: [label: string, attributes: string | undefined, excluded: string | undefined, expected: ScimResource][] = [
    ['attributes=userName keeps id and schemas', 'userName', undefined, { schemas: [SCHEMA_URN.user], id: '2819c223', userName: 'bjensen' }],
    ['attribute names ignore case', 'USERNAME,DisplayName', undefined, { schemas: [SCHEMA_URN.user], id: '2819c223', userName: 'bjensen', displayName: 'Babs Jensen' }],
    ['a sub-attribute of a singular complex', 'name.givenName', undefined, { schemas: [SCHEMA_URN.user], id: '2819c223', name: { givenName: 'Barbara' } }],
    [
      'a sub-attribute of a multi-valued complex',
      'emails.value',
      undefined,
      { schemas: [SCHEMA_URN.user], id: '2819c223', emails: [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }] },
    ],
    ['an extension attribute', `${ENT}:department`, undefined, { schemas: [SCHEMA_URN.user, ENT], id: '2819c223', [ENT]: { department: 'Tour Operations' } }],
    ['an extension sub-attribute', `${ENT}:manager.value`, undefined, { schemas: [SCHEMA_URN.user, ENT], id: '2819c223', [ENT]: { manager: { value: 'm1' } } }],
    ['a whole extension URN', ENT, undefined, { schemas: [SCHEMA_URN.user, ENT], id: '2819c223', [ENT]: user[ENT] as object }],
    ['the password, even when asked for', 'password,userName', undefined, { schemas: [SCHEMA_URN.user], id: '2819c223', userName: 'bjensen' }],
    ['id, even when excluded', 'userName', 'id', { schemas: [SCHEMA_URN.user], id: '2819c223', userName: 'bjensen' }],
    ['unknown names are ignored', 'userName,shoeSize,urn:example:x:1.0:User:badge', 'hatSize', { schemas: [SCHEMA_URN.user], id: '2819c223', userName: 'bjensen' }],
    ['meta sub-attributes', 'meta.version', undefined, { schemas: [SCHEMA_URN.user], id: '2819c223', meta: { version: 'W/"1"' } }],
    ['the core URN prefix', `${SCHEMA_URN.user}:userName`, undefined, { schemas: [SCHEMA_URN.user], id: '2819c223', userName: 'bjensen' }],
    ['attributes then excludedAttributes', 'userName,name', 'name.familyName', { schemas: [SCHEMA_URN.user], id: '2819c223', userName: 'bjensen', name: { givenName: 'Barbara' } }],
  ];
  for (const [label, attributes, excluded, expected] of rows) {
    it(label, () => assert.deepEqual(project(attributes, excluded), expected));
  }

  it('excludedAttributes removes attributes, sub-attributes and whole extensions', () => {
    const out = project(undefined, `emails,name.familyName,meta,groups,${ENT}`);
    assert.deepEqual(out, {
      schemas: [SCHEMA_URN.user],
      id: '2819c223',
      externalId: 'ext-1',
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
      displayName: 'Babs Jensen',
      active: true,
    });
  });

  it('drops an extension left empty and its URN from schemas', () => {
    const out = project(undefined, `${ENT}:department,${ENT}:manager`);
    assert.equal(out[ENT], undefined);
    assert.deepEqual(out.schemas, [SCHEMA_URN.user]);
  });

  it('omits a multi-valued attribute whose elements lack the named sub-attribute', () => {
    assert.deepEqual(project('emails.display'), { schemas: [SCHEMA_URN.user], id: '2819c223' });
  });

  it('projects Groups, keeping members by default', () => {
    const group = { schemas: [SCHEMA_URN.group], id: 'g1', displayName: 'Admins', members: [{ value: 'u1', display: 'B', type: 'User' }] };
    assert.deepEqual(project(undefined, undefined, GROUP_RESOURCE, group), group);
    assert.deepEqual(project(undefined, 'members', GROUP_RESOURCE, group), { schemas: [SCHEMA_URN.group], id: 'g1', displayName: 'Admins' });
    assert.deepEqual(project('members.value', undefined, GROUP_RESOURCE, group), { schemas: [SCHEMA_URN.group], id: 'g1', members: [{ value: 'u1' }] });
  });

  it('does not return keys the schema does not define', () => {
    const out = projectResource(USER_RESOURCE, { ...user, stray: 1 }, {});
    assert.equal(out.stray, undefined);
  });

  describe('returned: request', () => {
    const secret: AttributeDef = attribute('badge', 'string', 'A badge number returned only on request.', { returned: 'request' });
    const card: AttributeDef = complex('card', 'A card with a number returned only on request.', [
      attribute('label', 'string', 'The label of the card.'),
      attribute('pin', 'string', 'The pin of the card, returned only on request.', { returned: 'request' }),
    ]);
    const rs: ResourceSchema = { ...USER_RESOURCE, core: { ...USER_RESOURCE.core, attributes: [...USER_RESOURCE.core.attributes, secret, card] } };
    const resource = { schemas: [SCHEMA_URN.user], id: 'u1', userName: 'u', badge: '42', card: { label: 'L', pin: '1234' } };

    it('leaves request attributes out by default', () => {
      assert.deepEqual(project(undefined, undefined, rs, resource), { schemas: [SCHEMA_URN.user], id: 'u1', userName: 'u', card: { label: 'L' } });
    });
    it('returns them when named', () => {
      assert.deepEqual(project('badge,card.pin', undefined, rs, resource), { schemas: [SCHEMA_URN.user], id: 'u1', badge: '42', card: { pin: '1234' } });
    });
    it('a whole complex attribute named still leaves its request sub-attributes out', () => {
      assert.deepEqual(project('card', undefined, rs, resource), { schemas: [SCHEMA_URN.user], id: 'u1', card: { label: 'L' } });
    });
  });
});
