// Property tests: any operation list, however garbled, yields a result or a RosterError, never mutates its input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { propertyOptions } from '../../lib/property-test-options.ts';
import { isRosterError } from '../../errors.ts';
import type { ResourceSchema, ScimResource } from '../schema/attribute.ts';
import { GROUP_RESOURCE, USER_RESOURCE } from '../schema/resource-types.ts';
import { applyPatch } from './patch-engine.ts';
import { ENTERPRISE, sampleGroup, sampleUser } from './patch-fixtures.ts';
import { parsePatchRequest } from './patch-request.ts';
import type { PatchOperation } from './patch-types.ts';

const PATHS = [
  'userName', 'displayName', 'nickName', 'title', 'active', 'password', 'externalId', 'id', 'meta', 'meta.created', 'groups',
  'name', 'name.givenName', 'NAME.familyname', 'emails', 'emails.value', 'emails[type eq "work"]', 'emails[type eq "work"].value',
  'emails[type eq "home"].primary', 'emails[value ew "example.com" or type eq "x"].display', 'emails[type eq "a" and type eq "b"].value',
  'emails[not (type eq "work")]', 'addresses[type eq "work"].locality', 'addresses[type eq "home"]', 'phoneNumbers[type eq "mobile"].value',
  'roles', 'x509Certificates', 'members', 'members[value eq "a"]', 'members[value eq "a" or value eq "b"]', 'members[type eq "User"]',
  'members[value eq "a"].display', 'members.display', ENTERPRISE, `${ENTERPRISE}:manager`, `${ENTERPRISE}:manager.value`,
  `${ENTERPRISE}:manager.displayName`, `${ENTERPRISE}:employeeNumber`, 'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName', 'nickNam', 'emails[', 'emails[type eq]', 'a.b.c', '[]', ' ', 'emails[type eq "work"]x',
];

const VALUES: unknown[] = [
  'x', '', 'True', 'False', true, false, 0, 42, null, [], {}, [{ value: 'a' }], { value: 'b', type: 'User' }, ['a', 'b'],
  [{ value: 'e@x.org', type: 'work', primary: true }, { value: 'f@x.org', primary: true }], { givenName: 'G', familyName: null },
  { displayName: 'D', 'name.givenName': 'N', [`${ENTERPRISE}:department`]: 'Dep', id: 'zzz', meta: {}, groups: [] },
  { [ENTERPRISE]: { manager: 'm', costCenter: 7 } }, { members: ['a', { value: 'b' }] }, { nickNam: 1 }, [[1]], { value: {} },
];

// Operations that are valid on their own, so that sequences of them reach the later rules.
const COHERENT: [string, string | undefined, unknown][] = [
  ['replace', 'nickName', 'Babs'], ['add', 'title', 'Guide'], ['replace', 'active', 'False'], ['remove', 'displayName', undefined],
  ['add', 'emails[type eq "work"].value', 'w@x.org'], ['replace', 'emails[type eq "home"].primary', true], ['remove', 'emails[type eq "work"]', undefined],
  ['add', 'emails', [{ value: 'o@x.org', type: 'other', primary: true }]], ['replace', 'name', { givenName: 'B' }], ['remove', 'name.givenName', undefined],
  ['add', `${ENTERPRISE}:manager`, 'm1'], ['remove', ENTERPRISE, undefined], ['replace', undefined, { displayName: 'D', 'name.familyName': 'F' }],
  ['add', 'addresses[type eq "home"].locality', 'L'], ['remove', 'emails', [{ value: 'babs@jensen.org' }]], ['replace', 'emails', null],
];
const coherent = fc.constantFrom(...COHERENT).map(([op, path, value]) => ({ op, ...(path === undefined ? {} : { path }), ...(value === undefined ? {} : { value }) }));

const random = fc.record(
  {
    // Mostly plausible input, so that many runs get past validation and exercise the engine.
    op: fc.oneof({ arbitrary: fc.constantFrom('add', 'replace', 'remove', 'Add', 'REPLACE', 'Remove'), weight: 12 }, { arbitrary: fc.string(), weight: 1 }),
    path: fc.oneof({ arbitrary: fc.constantFrom(...PATHS), weight: 6 }, { arbitrary: fc.string(), weight: 1 }),
    value: fc.oneof({ arbitrary: fc.constantFrom(...VALUES), weight: 3 }, { arbitrary: fc.jsonValue(), weight: 1 }),
  },
  { requiredKeys: ['op'] },
);
const operation = fc.oneof({ arbitrary: coherent, weight: 2 }, { arbitrary: random, weight: 1 });

/** The engine's contract: a PatchResult or a RosterError, never a crash, never a mutated input. */
function check(rs: ResourceSchema, before: ScimResource, ops: unknown[], viaParser: boolean): boolean {
  // JSON text, not structuredClone: fast-check builds null-prototype objects, which a clone would not keep.
  const snapshot = JSON.stringify(before);
  const opsSnapshot = JSON.stringify(ops);
  let ok = false;
  try {
    const parsed = viaParser ? parsePatchRequest({ Operations: ops }) : (ops as PatchOperation[]);
    const result = applyPatch(rs, before, parsed);
    JSON.stringify(result);
    for (const value of Object.values(result.resource)) {
      if (Array.isArray(value)) {
        const primaries = value.filter((el) => typeof el === 'object' && el !== null && (el as Record<string, unknown>).primary === true);
        assert.ok(primaries.length <= 1, `more than one primary: ${JSON.stringify(value)}`);
      }
    }
    ok = true;
  } catch (e) {
    if (!isRosterError(e)) throw e;
  }
  assert.equal(JSON.stringify(before), snapshot, 'the input resource was mutated');
  assert.equal(JSON.stringify(ops), opsSnapshot, 'the operations were mutated');
  return ok;
}

test('arbitrary operation lists on a user: RosterError or result, input untouched', () => {
  let succeeded = 0;
  const options = propertyOptions(20_000, 'PATCH operation lists on a user');
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 8 }), fc.boolean(), (ops, viaParser) => {
      if (check(USER_RESOURCE, sampleUser(), ops, viaParser)) succeeded++;
    }),
    options,
  );
  // Guards the generator: if nearly every run failed validation, the engine would go untested.
  assert.ok(succeeded > options.numRuns / 5, `only ${succeeded} of ${options.numRuns} runs produced a result`);
});

test('arbitrary operation lists on a group: RosterError or result, input untouched', () => {
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 8 }), (ops) => {
      check(GROUP_RESOURCE, { ...sampleGroup(), members: [{ value: 'a' }] }, ops, true);
    }),
    propertyOptions(5_000, 'PATCH operation lists on a group'),
  );
});
