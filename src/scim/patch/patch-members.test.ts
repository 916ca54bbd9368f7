// Table-driven tests for Group members PATCH: RFC 7644 §3.5.2 examples, Microsoft Entra and Okta dialects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GROUP_RESOURCE } from '../schema/resource-types.ts';
import { runCases, sampleGroup, type PatchCase } from './patch-fixtures.ts';
import { idsFromFilter, toMemberRefs } from './patch-members.ts';
import { parsePatchPath } from '../filter/filter-parser.ts';

const BABS = '2819c223-7f76-453a-919d-413861904646';
const MANDY = '902c246b-6245-4190-8e05-00816be7344a';
const REF = (id: string) => `https://example.com/v2/Users/${id}`;
const group = (cases: (Omit<PatchCase, 'rs' | 'before'> & Partial<Pick<PatchCase, 'before'>>)[]): PatchCase[] => cases.map((c) => ({ rs: GROUP_RESOURCE, before: sampleGroup(), after: sampleGroup(), ...c }));

describe('RFC 7644 §3.5.2 group examples', () => {
  runCases(
    group([
      {
        name: '§3.5.2.1 add a member',
        ops: [{ op: 'add', path: 'members', value: [{ display: 'Babs Jensen', $ref: REF(BABS), value: BABS }] }],
        memberChanges: [{ kind: 'add', members: [{ value: BABS, display: 'Babs Jensen' }] }],
        changed: [],
      },
      { name: '§3.5.2.2 remove a single member', ops: [{ op: 'remove', path: `members[value eq "${BABS}"]` }], memberChanges: [{ kind: 'remove', ids: [BABS] }] },
      { name: '§3.5.2.2 remove all members', ops: [{ op: 'remove', path: 'members' }], memberChanges: [{ kind: 'removeAll' }] },
      {
        name: '§3.5.2.2 remove with an and-filter becomes removeWhere',
        ops: [{ op: 'remove', path: `members[value eq "${BABS}" and type eq "User"]` }],
        memberChanges: [
          {
            kind: 'removeWhere',
            filter: {
              kind: 'And',
              left: { kind: 'Compare', path: { attr: 'value' }, op: 'eq', value: BABS },
              right: { kind: 'Compare', path: { attr: 'type' }, op: 'eq', value: 'User' },
            },
          },
        ],
      },
      {
        name: '§3.5.2.2 remove all members then add (replace all members)',
        ops: [
          { op: 'remove', path: 'members' },
          { op: 'add', path: 'members', value: [{ display: 'Babs Jensen', $ref: REF(BABS), value: BABS }, { display: 'Mandy Pepperidge', $ref: REF(MANDY), value: MANDY }] },
        ],
        memberChanges: [
          { kind: 'removeAll' },
          { kind: 'add', members: [{ value: BABS, display: 'Babs Jensen' }, { value: MANDY, display: 'Mandy Pepperidge' }] },
        ],
      },
      {
        name: '§3.5.2.3 replace members',
        ops: [{ op: 'replace', path: 'members', value: [{ display: 'Babs Jensen', $ref: REF(BABS), value: BABS }, { display: 'Mandy Pepperidge', $ref: REF(MANDY), value: MANDY }] }],
        memberChanges: [{ kind: 'replace', members: [{ value: BABS, display: 'Babs Jensen' }, { value: MANDY, display: 'Mandy Pepperidge' }] }],
      },
    ]),
  );
});

describe('Microsoft Entra and Okta group dialects', () => {
  runCases(
    group([
      {
        name: 'Entra: Add members with capitalised op and a name key',
        ops: [{ op: 'Add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }], name: 'addMember' }],
        memberChanges: [{ kind: 'add', members: [{ value: 'u1' }, { value: 'u2' }] }],
      },
      { name: 'Entra: Remove members with a value array removes only those', ops: [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }], memberChanges: [{ kind: 'remove', ids: ['u1'] }] },
      { name: 'Entra: Remove members with an empty value array removes nothing', ops: [{ op: 'Remove', path: 'members', value: [] }], memberChanges: [] },
      {
        name: 'Entra: Replace displayName',
        ops: [{ op: 'Replace', path: 'displayName', value: 'Guides' }],
        after: { ...sampleGroup(), displayName: 'Guides' },
        changed: ['displayName'],
      },
      {
        name: 'Okta: rename with the id echoed in the value (no warning)',
        ops: [{ op: 'replace', value: { id: sampleGroup().id, displayName: 'Test SCIMv2' } }],
        after: { ...sampleGroup(), displayName: 'Test SCIMv2' },
        warnings: 0,
      },
      {
        name: 'a different id in a path-less value is ignored with a warning',
        ops: [{ op: 'replace', value: { id: 'other', displayName: 'X', meta: { version: 'x' } } }],
        after: { ...sampleGroup(), displayName: 'X' },
        warnings: 1,
      },
      {
        name: 'Okta: remove one member and add others in one request',
        ops: [
          { op: 'remove', path: 'members[value eq "89bb1940"]' },
          { op: 'add', path: 'members', value: [{ value: '23a35c27', display: 'test.user@okta.local' }] },
        ],
        memberChanges: [
          { kind: 'remove', ids: ['89bb1940'] },
          { kind: 'add', members: [{ value: '23a35c27', display: 'test.user@okta.local' }] },
        ],
      },
      {
        name: 'Okta: replace members with the full list',
        ops: [{ op: 'replace', path: 'members', value: [{ value: 'a', display: 'A' }, { value: 'b', type: 'user' }] }],
        memberChanges: [{ kind: 'replace', members: [{ value: 'a', display: 'A' }, { value: 'b', type: 'User' }] }],
      },
      { name: 'replace members with an empty list', ops: [{ op: 'replace', path: 'members', value: [] }], memberChanges: [{ kind: 'replace', members: [] }] },
      {
        name: 'or-chained value filter removes the ids',
        ops: [{ op: 'remove', path: 'members[value eq "a" or value eq "b" or VALUE eq "c"]' }],
        memberChanges: [{ kind: 'remove', ids: ['a', 'b', 'c'] }],
      },
      {
        name: 'path-less add and replace with a members key',
        ops: [
          { op: 'add', value: { members: ['x', { value: 'y' }] } },
          { op: 'replace', value: { displayName: 'New', members: [{ value: 'z' }] } },
        ],
        after: { ...sampleGroup(), displayName: 'New' },
        memberChanges: [
          { kind: 'add', members: [{ value: 'x' }, { value: 'y' }] },
          { kind: 'replace', members: [{ value: 'z' }] },
        ],
      },
      { name: 'members[value eq "x"].display is ignored with a warning', ops: [{ op: 'replace', path: 'members[value eq "x"].display', value: 'X' }], warnings: 1 },
      { name: 'a members entry without value is invalid_value', ops: [{ op: 'add', path: 'members', value: [{ display: 'nobody' }] }], error: 'invalid_value' },
      { name: 'a members type other than User/Group is invalid_value', ops: [{ op: 'add', path: 'members', value: [{ value: 'a', type: 'Robot' }] }], error: 'invalid_value' },
      { name: 'a members filter on an unknown sub-attribute is invalid_filter', ops: [{ op: 'remove', path: 'members[nope eq "x"]' }], error: 'invalid_filter' },
      {
        name: 'members in the input group JSON are not carried into the result',
        before: { ...sampleGroup(), members: [{ value: 'a' }] },
        ops: [{ op: 'add', path: 'members', value: ['b'] }],
        memberChanges: [{ kind: 'add', members: [{ value: 'b' }] }],
      },
    ]),
  );

});

describe('member helpers', () => {
  test('toMemberRefs dedupes, ignores $ref and accepts bare ids', () => {
    assert.deepEqual(toMemberRefs(['a', { value: 'a' }, { VALUE: 'b', $ref: null, Type: 'GROUP' }], 'members'), [{ value: 'a' }, { value: 'b', type: 'Group' }]);
  });
  test('idsFromFilter only reads value eq chains', () => {
    assert.deepEqual(idsFromFilter(parsePatchPath('members[value eq "a" or value eq "b"]').filter!), ['a', 'b']);
    assert.equal(idsFromFilter(parsePatchPath('members[value eq "a" and type eq "User"]').filter!), undefined);
    assert.equal(idsFromFilter(parsePatchPath('members[value sw "a"]').filter!), undefined);
  });
});
