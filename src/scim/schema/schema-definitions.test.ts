// Sanity checks on the User, EnterpriseUser and Group definitions against RFC 7643 §4 and §8.7.1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeDef } from './attribute.ts';
import { COMMON_ATTRIBUTES } from './common-attributes.ts';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user-schema.ts';
import { GROUP_SCHEMA } from './group-schema.ts';
import { GROUP_RESOURCE, resourceSchemaFor, SCHEMA_URN, USER_RESOURCE } from './resource-types.ts';
import { findAttribute, resolvePath } from './resolve-path.ts';
import { USER_SCHEMA } from './user-schema.ts';

const TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'binary', 'reference', 'complex'];
const MUTABILITY = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED = ['always', 'never', 'default', 'request'];
const UNIQUENESS = ['none', 'server', 'global'];

const lists: [string, readonly AttributeDef[]][] = [
  ['User', USER_SCHEMA.attributes],
  ['EnterpriseUser', ENTERPRISE_USER_SCHEMA.attributes],
  ['Group', GROUP_SCHEMA.attributes],
  ['common', COMMON_ATTRIBUTES],
];

function* walk(defs: readonly AttributeDef[], prefix = ''): Generator<[string, AttributeDef, number]> {
  for (const def of defs) {
    yield [`${prefix}${def.name}`, def, prefix ? 1 : 0];
    if (def.subAttributes) yield* walk(def.subAttributes, `${def.name}.`);
  }
}

/** Looks up `attr` or `attr.sub` in a list, failing the test when absent. */
function get(defs: readonly AttributeDef[], path: string): AttributeDef {
  const [attr, sub] = path.split('.');
  const top = findAttribute(defs, attr ?? '');
  const def = sub === undefined ? top : findAttribute(top?.subAttributes ?? [], sub);
  assert.ok(def, `${path} is defined`);
  return def;
}

describe('schema definitions', () => {
  for (const [schema, defs] of lists) {
    it(`${schema}: every attribute has every characteristic with a valid value`, () => {
      for (const [path, def, depth] of walk(defs)) {
        assert.ok(TYPES.includes(def.type), `${path}.type`);
        assert.equal(typeof def.multiValued, 'boolean', `${path}.multiValued`);
        assert.ok(def.description.length > 10, `${path}.description`);
        assert.equal(typeof def.required, 'boolean', `${path}.required`);
        assert.equal(typeof def.caseExact, 'boolean', `${path}.caseExact`);
        assert.ok(MUTABILITY.includes(def.mutability), `${path}.mutability`);
        assert.ok(RETURNED.includes(def.returned), `${path}.returned`);
        assert.ok(UNIQUENESS.includes(def.uniqueness), `${path}.uniqueness`);
        assert.equal(def.type === 'complex', def.subAttributes !== undefined, `${path}: complex iff subAttributes`);
        assert.equal(def.referenceTypes !== undefined, def.type === 'reference', `${path}: referenceTypes iff reference`);
        // RFC 7643 §2.3.8: a complex attribute has no complex sub-attributes.
        if (depth > 0) assert.notEqual(def.type, 'complex', `${path} nested complex`);
      }
    });

    it(`${schema}: no duplicate names at any level, ignoring case`, () => {
      const check = (level: readonly AttributeDef[], where: string) => {
        const names = level.map((d) => d.name.toLowerCase());
        assert.equal(new Set(names).size, names.length, `duplicates in ${where}`);
        for (const d of level) if (d.subAttributes) check(d.subAttributes, d.name);
      };
      check(defs, schema);
    });
  }

  it('core schemas do not redefine the common attributes', () => {
    for (const schema of [USER_SCHEMA, GROUP_SCHEMA]) {
      for (const common of COMMON_ATTRIBUTES) assert.equal(findAttribute(schema.attributes, common.name), undefined);
    }
  });

  const expectations: [string, readonly AttributeDef[], string, Partial<AttributeDef>][] = [
    ['User', USER_SCHEMA.attributes, 'userName', { required: true, uniqueness: 'server', caseExact: false, type: 'string' }],
    ['User', USER_SCHEMA.attributes, 'password', { mutability: 'writeOnly', returned: 'never' }],
    ['User', USER_SCHEMA.attributes, 'active', { type: 'boolean' }],
    ['User', USER_SCHEMA.attributes, 'profileUrl', { type: 'reference', referenceTypes: ['external'] }],
    ['User', USER_SCHEMA.attributes, 'groups', { mutability: 'readOnly', multiValued: true }],
    ['User', USER_SCHEMA.attributes, 'groups.value', { mutability: 'readOnly' }],
    ['User', USER_SCHEMA.attributes, 'groups.$ref', { mutability: 'readOnly', type: 'reference' }],
    ['User', USER_SCHEMA.attributes, 'groups.display', { mutability: 'readOnly' }],
    ['User', USER_SCHEMA.attributes, 'groups.type', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }],
    ['User', USER_SCHEMA.attributes, 'emails.type', { canonicalValues: ['work', 'home', 'other'] }],
    ['User', USER_SCHEMA.attributes, 'phoneNumbers.type', { canonicalValues: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }],
    ['User', USER_SCHEMA.attributes, 'ims.type', { canonicalValues: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'] }],
    ['User', USER_SCHEMA.attributes, 'photos.value', { type: 'reference', referenceTypes: ['external'] }],
    ['User', USER_SCHEMA.attributes, 'photos.type', { canonicalValues: ['photo', 'thumbnail'] }],
    ['User', USER_SCHEMA.attributes, 'addresses.type', { canonicalValues: ['work', 'home', 'other'] }],
    ['User', USER_SCHEMA.attributes, 'addresses.primary', { type: 'boolean' }],
    ['User', USER_SCHEMA.attributes, 'x509Certificates.value', { type: 'binary' }],
    ['User', USER_SCHEMA.attributes, 'name.honorificSuffix', { type: 'string', multiValued: false }],
    ['Enterprise', ENTERPRISE_USER_SCHEMA.attributes, 'manager', { type: 'complex', multiValued: false, mutability: 'readWrite' }],
    ['Enterprise', ENTERPRISE_USER_SCHEMA.attributes, 'manager.displayName', { mutability: 'readOnly' }],
    ['Enterprise', ENTERPRISE_USER_SCHEMA.attributes, 'manager.$ref', { referenceTypes: ['User'] }],
    ['Group', GROUP_SCHEMA.attributes, 'displayName', { required: true }],
    ['Group', GROUP_SCHEMA.attributes, 'members', { mutability: 'readWrite', multiValued: true }],
    ['Group', GROUP_SCHEMA.attributes, 'members.value', { mutability: 'immutable' }],
    ['Group', GROUP_SCHEMA.attributes, 'members.type', { canonicalValues: ['User', 'Group'] }],
    ['Group', GROUP_SCHEMA.attributes, 'members.$ref', { referenceTypes: ['User', 'Group'] }],
    ['common', COMMON_ATTRIBUTES, 'id', { mutability: 'readOnly', returned: 'always', caseExact: true, uniqueness: 'server' }],
    ['common', COMMON_ATTRIBUTES, 'externalId', { mutability: 'readWrite', caseExact: true }],
    ['common', COMMON_ATTRIBUTES, 'meta', { mutability: 'readOnly', type: 'complex' }],
    ['common', COMMON_ATTRIBUTES, 'meta.created', { type: 'dateTime' }],
    ['common', COMMON_ATTRIBUTES, 'meta.lastModified', { type: 'dateTime' }],
    ['common', COMMON_ATTRIBUTES, 'meta.location', { type: 'reference' }],
  ];
  for (const [schema, defs, path, expected] of expectations) {
    it(`${schema} ${path} has ${JSON.stringify(expected)}`, () => {
      const def = get(defs, path);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(def[k as keyof AttributeDef], v, `${path}.${k}`);
    });
  }

  it('lists the User attributes of RFC 7643 §4.1 in order', () => {
    assert.deepEqual(
      USER_SCHEMA.attributes.map((a) => a.name),
      ['userName', 'name', 'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone', 'active', 'password', 'emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates'],
    );
    assert.deepEqual(get(USER_SCHEMA.attributes, 'name').subAttributes?.map((a) => a.name), ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix']);
    assert.deepEqual(get(USER_SCHEMA.attributes, 'addresses').subAttributes?.map((a) => a.name), ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type', 'primary']);
    assert.deepEqual(ENTERPRISE_USER_SCHEMA.attributes.map((a) => a.name), ['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']);
    assert.deepEqual(get(ENTERPRISE_USER_SCHEMA.attributes, 'manager').subAttributes?.map((a) => a.name), ['value', '$ref', 'displayName']);
    assert.deepEqual(get(GROUP_SCHEMA.attributes, 'members').subAttributes?.map((a) => a.name), ['value', '$ref', 'display', 'type']);
    assert.deepEqual(get(COMMON_ATTRIBUTES, 'meta').subAttributes?.map((a) => a.name), ['resourceType', 'created', 'lastModified', 'location', 'version']);
  });

  for (const name of ['emails', 'phoneNumbers', 'ims', 'photos', 'entitlements', 'roles', 'x509Certificates']) {
    it(`${name} has value, display, type, primary (RFC 7643 §2.4)`, () => {
      const def = get(USER_SCHEMA.attributes, name);
      assert.equal(def.multiValued, true);
      assert.deepEqual(def.subAttributes?.map((a) => a.name), ['value', 'display', 'type', 'primary']);
    });
  }

  it('only password is writeOnly and nothing but password is returned never', () => {
    const all = lists.flatMap(([, defs]) => [...walk(defs)]);
    assert.deepEqual(all.filter(([, d]) => d.mutability === 'writeOnly').map(([p]) => p), ['password']);
    assert.deepEqual(all.filter(([, d]) => d.returned === 'never').map(([p]) => p), ['password']);
    assert.deepEqual(all.filter(([, d]) => d.returned === 'always').map(([p]) => p), ['id']);
  });

  it('resource types wire schemas, extensions and URNs together', () => {
    assert.equal(resourceSchemaFor('User'), USER_RESOURCE);
    assert.equal(resourceSchemaFor('Group'), GROUP_RESOURCE);
    assert.equal(USER_RESOURCE.endpoint, '/Users');
    assert.equal(GROUP_RESOURCE.endpoint, '/Groups');
    assert.deepEqual(USER_RESOURCE.extensions.map((e) => [e.schema.id, e.required]), [[SCHEMA_URN.enterpriseUser, false]]);
    assert.equal(SCHEMA_URN.user, 'urn:ietf:params:scim:schemas:core:2.0:User');
    assert.equal(SCHEMA_URN.group, 'urn:ietf:params:scim:schemas:core:2.0:Group');
    assert.equal(SCHEMA_URN.enterpriseUser, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
    assert.equal(SCHEMA_URN.listResponse, 'urn:ietf:params:scim:api:messages:2.0:ListResponse');
    assert.equal(SCHEMA_URN.patchOp, 'urn:ietf:params:scim:api:messages:2.0:PatchOp');
    assert.equal(SCHEMA_URN.serviceProviderConfig, 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig');
  });

  it('resolvePath finds extension and common attributes through the resource types', () => {
    const manager = resolvePath(USER_RESOURCE, { schema: SCHEMA_URN.enterpriseUser, attr: 'MANAGER', sub: 'value' });
    assert.equal(manager?.extension, true);
    assert.equal(manager?.sub?.name, 'value');
    assert.equal(resolvePath(GROUP_RESOURCE, { attr: 'meta', sub: 'lastModified' })?.sub?.type, 'dateTime');
  });
});
