// Tests for applyPatch errors, atomicity, purity and primary uniqueness (RFC 7644 §3.5.2, §3.12).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRosterError } from '../../errors.ts';
import { GROUP_RESOURCE, USER_RESOURCE } from '../schema/resource-types.ts';
import { applyPatch } from './patch-engine.ts';
import { ENTERPRISE, minimalUser, run, runCases, sampleGroup, sampleUser, userWith } from './patch-fixtures.ts';
import type { PatchOperation } from './patch-types.ts';

describe('errors', () => {
  runCases([
    { name: 'unknown attribute', before: sampleUser(), ops: [{ op: 'add', path: 'nickNam', value: 'x' }], error: 'invalid_path', message: 'Unknown attribute "nickNam" in PATCH path' },
    { name: 'unknown sub-attribute', before: sampleUser(), ops: [{ op: 'replace', path: 'name.givenNam', value: 'x' }], error: 'invalid_path', message: '"name.givenNam"' },
    { name: 'unknown sub-attribute after a filter', before: sampleUser(), ops: [{ op: 'replace', path: 'emails[type eq "work"].nope', value: 'x' }], error: 'invalid_path' },
    { name: 'unknown attribute in a path-less value', before: sampleUser(), ops: [{ op: 'replace', value: { nickNam: 'x' } }], error: 'invalid_path' },
    { name: 'unknown schema URN', before: sampleUser(), ops: [{ op: 'add', path: 'urn:example:unknown:1.0:User:x', value: 'x' }], error: 'invalid_path' },
    { name: 'a malformed path', before: sampleUser(), ops: [{ op: 'add', path: 'emails[type eq', value: 'x' }], error: 'invalid_path' },
    { name: 'a filter on a singular attribute', before: sampleUser(), ops: [{ op: 'replace', path: 'name[givenName eq "B"]', value: {} }], error: 'invalid_path' },
    { name: 'remove without path (§3.5.2.2)', before: sampleUser(), ops: [{ op: 'remove' }], error: 'no_target' },
    { name: 'remove of the core schema URN', before: sampleUser(), ops: [{ op: 'remove', path: 'urn:ietf:params:scim:schemas:core:2.0:User' }], error: 'no_target' },
    { name: 'replace id', before: sampleUser(), ops: [{ op: 'replace', path: 'id', value: 'other' }], error: 'mutability' },
    { name: 'remove meta', before: sampleUser(), ops: [{ op: 'remove', path: 'meta' }], error: 'mutability' },
    { name: 'replace meta.lastModified', before: sampleUser(), ops: [{ op: 'replace', path: 'meta.lastModified', value: '2025-01-01T00:00:00Z' }], error: 'mutability' },
    { name: 'add groups on a user', before: sampleUser(), ops: [{ op: 'add', path: 'groups', value: [{ value: 'g1' }] }], error: 'mutability' },
    { name: 'the readOnly manager.displayName', before: sampleUser(), ops: [{ op: 'replace', path: `${ENTERPRISE}:manager.displayName`, value: 'Boss' }], error: 'mutability' },
    { name: 'remove the required userName', before: sampleUser(), ops: [{ op: 'remove', path: 'userName' }], error: 'invalid_value', message: 'required' },
    { name: 'replace userName with null', before: sampleUser(), ops: [{ op: 'replace', path: 'userName', value: null }], error: 'invalid_value' },
    { name: 'remove the required group displayName', rs: GROUP_RESOURCE, before: sampleGroup(), ops: [{ op: 'remove', path: 'displayName' }], error: 'invalid_value' },
    { name: 'a value of the wrong type', before: sampleUser(), ops: [{ op: 'replace', path: 'active', value: 'maybe' }], error: 'invalid_value' },
    { name: 'a path-less value that is not an object', before: sampleUser(), ops: [{ op: 'add', value: 'Babs' }], error: 'invalid_value' },
    { name: 'an array for a singular attribute', before: sampleUser(), ops: [{ op: 'replace', path: 'displayName', value: ['a', 'b'] }], error: 'invalid_value' },
    { name: 'replace with no match and a non-eq filter', before: sampleUser(), ops: [{ op: 'replace', path: 'emails[value co "nobody"].type', value: 'home' }], error: 'no_target' },
    { name: 'an unknown attribute inside a value filter', before: sampleUser(), ops: [{ op: 'remove', path: 'emails[nope eq "x"]' }], error: 'invalid_filter' },
  ]);

  test('applyPatch called directly with a bad op is invalid_syntax', () => {
    const ops = [{ op: 'update', path: 'title', value: 'x' }] as unknown as PatchOperation[];
    assert.throws(() => applyPatch(USER_RESOURCE, sampleUser(), ops), (e: unknown) => isRosterError(e) && e.code === 'invalid_syntax');
  });
});

describe('atomicity and purity', () => {
  test('a failing second operation throws and leaves the input unchanged', () => {
    const before = sampleUser();
    const snapshot = structuredClone(before);
    const ops = [
      { op: 'replace', path: 'displayName', value: 'Changed' },
      { op: 'remove', path: 'emails' },
      { op: 'add', path: 'nickNam', value: 'x' },
    ];
    assert.throws(() => run({ before, ops }), (e: unknown) => isRosterError(e) && e.code === 'invalid_path');
    assert.deepEqual(before, snapshot);
  });

  test('the result shares no objects with the input resource or the operations', () => {
    const before = sampleUser();
    const ops: PatchOperation[] = [{ op: 'add', path: 'emails', value: [{ value: 'n@x.org', type: 'other', primary: true }] }];
    const opsSnapshot = structuredClone(ops);
    const { resource } = applyPatch(USER_RESOURCE, before, ops);
    (resource.emails as Record<string, unknown>[])[0]!.value = 'mutated';
    (resource.emails as Record<string, unknown>[])[2]!.value = 'mutated';
    assert.equal((before.emails as Record<string, unknown>[])[0]!.value, 'bjensen@example.com');
    assert.deepEqual(ops, opsSnapshot);
  });
});

describe('primary uniqueness', () => {
  const work = { value: 'bjensen@example.com', type: 'work' };
  const home = { value: 'babs@jensen.org', type: 'home' };
  runCases([
    {
      name: 'adding a primary email demotes the old primary',
      before: sampleUser(),
      ops: [{ op: 'add', path: 'emails', value: [{ value: 'n@x.org', type: 'other', primary: true }] }],
      after: userWith((u) => (u.emails = [{ ...work, primary: false }, home, { value: 'n@x.org', type: 'other', primary: true }])),
    },
    {
      name: 'setting primary through a filtered path demotes the others',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'emails[type eq "home"].primary', value: 'True' }],
      after: userWith((u) => (u.emails = [{ ...work, primary: false }, { ...home, primary: true }])),
    },
    {
      name: 'two primaries in one value: the last wins',
      before: minimalUser(),
      ops: [{ op: 'replace', path: 'emails', value: [{ ...work, primary: true }, { ...home, primary: true }] }],
      after: { ...minimalUser(), emails: [{ ...work, primary: false }, { ...home, primary: true }] },
    },
    {
      name: 'the most recent operation wins across operations',
      before: sampleUser(),
      ops: [
        { op: 'replace', path: 'emails[type eq "home"].primary', value: true },
        { op: 'replace', path: 'emails[type eq "work"].primary', value: true },
      ],
      after: userWith((u) => (u.emails = [{ ...work, primary: true }, { ...home, primary: false }])),
    },
  ]);
});
