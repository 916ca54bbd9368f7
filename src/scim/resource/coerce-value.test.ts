// Coercion of client values to canonical form, including what Entra, Okta and Microsoft's validator send.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { attribute } from '../schema/define-attribute.ts';
import { ENTERPRISE_USER_SCHEMA } from '../schema/enterprise-user-schema.ts';
import { GROUP_SCHEMA } from '../schema/group-schema.ts';
import { findAttribute } from '../schema/resolve-path.ts';
import { USER_SCHEMA } from '../schema/user-schema.ts';
import { coerceAttributeValue, coerceElement, coerceSubValue } from './coerce-value.ts';

const user = (name: string) => findAttribute(USER_SCHEMA.attributes, name)!;
const manager = findAttribute(ENTERPRISE_USER_SCHEMA.attributes, 'manager')!;
const members = findAttribute(GROUP_SCHEMA.attributes, 'members')!;
const integer = attribute('loginCount', 'integer', 'A test integer attribute.');
const decimal = attribute('score', 'decimal', 'A test decimal attribute.');
const dateTime = attribute('hired', 'dateTime', 'A test dateTime attribute.');

type Row = [label: string, def: AttributeDef, input: unknown, expected: unknown];

const accepted: Row[] = [
  ['string', user('userName'), 'bjensen', 'bjensen'],
  ['empty string stays a value', user('nickName'), '', ''],
  ['null is unassigned', user('userName'), null, undefined],
  ['boolean true', user('active'), true, true],
  ['"True" from Entra', user('active'), 'True', true],
  ['"False" from Entra', user('active'), 'False', false],
  ['"false"', user('active'), 'false', false],
  ['"TRUE"', user('active'), 'TRUE', true],
  ['integer number', integer, 42, 42],
  ['integer numeric string', integer, '42', 42],
  ['negative integer string', integer, '-7', -7],
  ['decimal number', decimal, 4.5, 4.5],
  ['decimal numeric string', decimal, '4.5', 4.5],
  ['decimal integer', decimal, 3, 3],
  ['dateTime kept as sent', dateTime, '2025-01-31T12:00:00Z', '2025-01-31T12:00:00Z'],
  ['dateTime with offset and fraction', dateTime, '2025-01-31T12:00:00.123+02:00', '2025-01-31T12:00:00.123+02:00'],
  ['date only', dateTime, '2025-01-31', '2025-01-31'],
  ['reference', user('profileUrl'), 'https://example.com/bjensen', 'https://example.com/bjensen'],
  ['binary', user('x509Certificates'), [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKo' }], [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKo' }]],
  ['complex with canonical keys', user('name'), { GivenName: 'Barbara', FAMILYNAME: 'Jensen' }, { givenName: 'Barbara', familyName: 'Jensen' }],
  ['complex drops null and unknown sub-attributes', user('name'), { givenName: 'B', middleName: null, nickname: 'x' }, { givenName: 'B' }],
  ['complex left empty is unassigned', user('name'), { middleName: null }, undefined],
  ['multi-valued array', user('emails'), [{ value: 'a@x.com', type: 'work', primary: true }], [{ value: 'a@x.com', type: 'work', primary: true }]],
  ['multi-valued single object is wrapped', user('emails'), { value: 'a@x.com' }, [{ value: 'a@x.com' }]],
  ['multi-valued "primary": "True"', user('emails'), [{ value: 'a@x.com', primary: 'True' }], [{ value: 'a@x.com', primary: true }]],
  ['empty array is unassigned', user('roles'), [], undefined],
  ['null elements are dropped', user('emails'), [null, { value: 'a@x.com' }], [{ value: 'a@x.com' }]],
  ['empty elements are dropped', user('emails'), [{}, { value: 'a@x.com' }], [{ value: 'a@x.com' }]],
  ['bare string member becomes { value }', members, ['2819c223'], [{ value: '2819c223' }]],
  ['single bare string member is wrapped', members, '2819c223', [{ value: '2819c223' }]],
  ['member keeps display and type', members, [{ Value: 'u1', Display: 'Babs', type: 'User' }], [{ value: 'u1', display: 'Babs', type: 'User' }]],
  ['manager as a bare string (Entra)', manager, 'e9e30dba', { value: 'e9e30dba' }],
  ['manager with Microsoft casing', manager, { Value: 'e9e30dba' }, { value: 'e9e30dba' }],
  ['manager.displayName is readOnly and dropped', manager, { value: 'm1', displayName: 'Boss' }, { value: 'm1' }],
  ['$ref: null is dropped', manager, { value: 'm1', $ref: null }, { value: 'm1' }],
  ['groups sub-attributes are readOnly, so nothing is left', user('groups'), [{ value: 'g1', display: 'Admins' }], undefined],
  ['singular given an empty array is unassigned', user('displayName'), [], undefined],
];

const rejected: [label: string, def: AttributeDef, input: unknown, path: string, message: RegExp][] = [
  ['number for a string', user('userName'), 123, 'userName', /"userName" must be a string, got 123/],
  ['boolean for a string', user('displayName'), false, 'displayName', /must be a string, got false/],
  ['"maybe" for a boolean', user('active'), 'maybe', 'active', /"active" must be a boolean, got "maybe"/],
  ['number for a boolean', user('active'), 1, 'active', /must be a boolean, got 1/],
  ['fraction for an integer', integer, 1.5, 'loginCount', /must be an integer/],
  ['word for an integer', integer, 'ten', 'loginCount', /must be an integer/],
  ['word for a decimal', decimal, 'abc', 'score', /must be a number/],
  ['non-date string for a dateTime', dateTime, 'yesterday', 'hired', /ISO 8601/],
  ['impossible date', dateTime, '2025-13-45T99:00:00Z', 'hired', /ISO 8601/],
  ['number for a reference', user('profileUrl'), 5, 'profileUrl', /URI/],
  ['string for a complex without value', user('name'), 'Barbara Jensen', 'name', /"name" must be an object, got "Barbara Jensen"/],
  ['array for a singular attribute', user('userName'), ['a', 'b'], 'userName', /single value, got an array/],
  ['nested arrays', user('emails'), [[{ value: 'x' }]], 'emails', /must be an object, got an array/],
  ['number for a sub-attribute', user('emails'), [{ value: 5 }], 'emails.value', /"emails.value" must be a string/],
  ['object for a string', user('title'), { a: 1 }, 'title', /got an object/],
];

describe('coerceAttributeValue', () => {
  for (const [label, def, input, expected] of accepted) {
    it(`accepts ${label}`, () => {
      assert.deepEqual(coerceAttributeValue(def, input, def.name), expected);
    });
  }
  for (const [label, def, input, path, message] of rejected) {
    it(`rejects ${label}`, () => {
      assert.throws(
        () => coerceAttributeValue(def, input, def.name),
        (err: unknown) => {
          assert.ok(err instanceof RosterError);
          assert.equal(err.code, 'invalid_value');
          assert.match(err.message, message);
          assert.equal(err.details.attribute, path);
          assert.ok(err.details.hint && err.details.hint.length > 10, 'a hint says what to send');
          return true;
        },
      );
    });
  }

  it('reports unknown sub-attributes to the caller', () => {
    const seen: string[] = [];
    coerceAttributeValue(user('emails'), [{ value: 'a@x.com', label: 'x' }], 'emails', (p) => seen.push(p));
    assert.deepEqual(seen, ['emails.label']);
  });

  it('never copies a __proto__ key into its output', () => {
    const input = JSON.parse('{"givenName":"B","__proto__":{"polluted":true}}');
    const out = coerceAttributeValue(user('name'), input, 'name') as Record<string, unknown>;
    assert.deepEqual(out, { givenName: 'B' });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('coerceElement', () => {
  it('coerces one element of a multi-valued complex attribute', () => {
    assert.deepEqual(coerceElement(user('emails'), { VALUE: 'a@x.com', Primary: 'true' }, 'emails'), { value: 'a@x.com', primary: true });
  });
  it('turns a bare primitive into { value }', () => {
    assert.deepEqual(coerceElement(members, 'u1', 'members'), { value: 'u1' });
  });
  it('refuses a primitive for a complex attribute without a value sub-attribute', () => {
    assert.throws(() => coerceElement(user('addresses'), 'Main St', 'addresses'), /must be an object/);
  });
});

describe('coerceSubValue', () => {
  it('coerces a value aimed at one sub-attribute', () => {
    const primary = findAttribute(user('emails').subAttributes!, 'primary')!;
    assert.equal(coerceSubValue(primary, 'False', 'emails.primary'), false);
    assert.equal(coerceSubValue(primary, null, 'emails.primary'), undefined);
  });
});
