// Test fixture: small User- and Group-like ResourceSchemas (RFC 7643 §4, §8.7.1) for the filter tests.
import type { AttributeDef, AttributeType, ResourceSchema, SchemaDef } from '../schema/attribute.ts';

export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type Options = Partial<Omit<AttributeDef, 'name' | 'type'>>;

/** Builds a full AttributeDef with RFC 7643 §7 defaults, so each fixture line states only what differs. */
function def(name: string, type: AttributeType, options: Options = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description: `${name} (test fixture)`,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    canonicalValues: [],
    referenceTypes: type === 'reference' ? ['external'] : [],
    ...(type === 'complex' ? { subAttributes: [] } : {}),
    ...options,
  };
}

function multiValuedComplex(name: string, types: readonly string[], extra: readonly AttributeDef[] = []): AttributeDef {
  return def(name, 'complex', {
    multiValued: true,
    subAttributes: [
      def('value', 'string'),
      def('display', 'string'),
      def('type', 'string', { canonicalValues: types }),
      def('primary', 'boolean'),
      ...extra,
    ],
  });
}

const userCore: SchemaDef = {
  id: CORE_USER_URN,
  name: 'User',
  description: 'User account (test fixture)',
  attributes: [
    def('userName', 'string', { required: true, uniqueness: 'server' }),
    def('displayName', 'string'),
    def('title', 'string'),
    def('userType', 'string'),
    def('active', 'boolean'),
    // Not in RFC 7643: numeric attributes so the tests can exercise integer and decimal comparisons.
    def('loginCount', 'integer'),
    def('rating', 'decimal'),
    def('name', 'complex', {
      subAttributes: [def('formatted', 'string'), def('givenName', 'string'), def('familyName', 'string')],
    }),
    multiValuedComplex('emails', ['work', 'home', 'other']),
    multiValuedComplex('ims', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    def('groups', 'complex', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        def('value', 'string', { mutability: 'readOnly' }),
        def('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['Group'] }),
        def('display', 'string', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

const enterprise: SchemaDef = {
  id: ENTERPRISE_URN,
  name: 'EnterpriseUser',
  description: 'Enterprise user extension (test fixture)',
  attributes: [
    def('employeeNumber', 'string'),
    def('department', 'string'),
    def('manager', 'complex', {
      subAttributes: [
        def('value', 'string'),
        def('$ref', 'reference', { referenceTypes: ['User'] }),
        def('displayName', 'string', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

/** id, externalId and meta (RFC 7643 §3.1). */
const common: readonly AttributeDef[] = [
  def('id', 'string', { caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
  def('externalId', 'string', { caseExact: true }),
  def('meta', 'complex', {
    mutability: 'readOnly',
    subAttributes: [
      def('resourceType', 'string', { caseExact: true, mutability: 'readOnly' }),
      def('created', 'dateTime', { mutability: 'readOnly' }),
      def('lastModified', 'dateTime', { mutability: 'readOnly' }),
      def('location', 'reference', { caseExact: true, mutability: 'readOnly', referenceTypes: ['uri'] }),
      def('version', 'string', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

export const TEST_USER_SCHEMA: ResourceSchema = {
  type: 'User',
  endpoint: '/Users',
  description: 'User Account',
  core: userCore,
  extensions: [{ schema: enterprise, required: false }],
  common,
};

export const TEST_GROUP_SCHEMA: ResourceSchema = {
  type: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  core: {
    id: CORE_GROUP_URN,
    name: 'Group',
    description: 'Group (test fixture)',
    attributes: [
      def('displayName', 'string', { required: true }),
      def('members', 'complex', {
        multiValued: true,
        subAttributes: [
          def('value', 'string', { mutability: 'immutable', caseExact: true }),
          def('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
          def('display', 'string', { mutability: 'readOnly' }),
          def('type', 'string', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
        ],
      }),
    ],
  },
  extensions: [],
  common,
};
