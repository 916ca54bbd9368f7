// Table-driven tests for filtered PATCH paths such as emails[type eq "work"].value (RFC 7644 §3.5.2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Filter } from '../filter/filter-ast.ts';
import { parsePatchPath } from '../filter/filter-parser.ts';
import { USER_RESOURCE } from '../schema/resource-types.ts';
import { findAttribute } from '../schema/resolve-path.ts';
import { minimalUser, runCases, sampleUser, userWith } from './patch-fixtures.ts';
import { eqAssignments } from './patch-value-path.ts';

const emails = findAttribute(USER_RESOURCE.core.attributes, 'emails')!;
const filterOf = (path: string): Filter => parsePatchPath(path).filter!;

describe('eqAssignments', () => {
  const cases: [string, Record<string, unknown> | undefined][] = [
    ['emails[type eq "work"]', { type: 'work' }],
    ['emails[TYPE eq "work" and primary eq true]', { type: 'work', primary: true }],
    ['emails[type eq "work" or type eq "home"]', undefined],
    ['emails[type ne "work"]', undefined],
    ['emails[type eq "work" and type eq "home"]', undefined],
    ['emails[not (type eq "work")]', undefined],
  ];
  for (const [path, expected] of cases) {
    test(path, () => assert.deepEqual(eqAssignments(filterOf(path), emails), expected));
  }
});

type Row = Record<string, unknown>;

describe('filtered paths', () => {
  runCases([
    {
      name: 'replace a sub-attribute of every match',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'emails[value ew "example.com" or type eq "home"].display', value: 'Babs' }],
      after: userWith((u) => (u.emails as Row[]).forEach((e) => (e.display = 'Babs'))),
    },
    {
      name: 'add with a sub-attribute and no match creates one element from an eq filter',
      before: minimalUser(),
      ops: [
        { op: 'add', path: 'emails[type eq "work"].value', value: 'min@work.example' },
        { op: 'add', path: 'emails[type eq "work"].primary', value: true },
        { op: 'replace', path: 'emails[type eq "work"].display', value: 'Min' },
      ],
      after: { ...minimalUser(), emails: [{ type: 'work', value: 'min@work.example', primary: true, display: 'Min' }] },
    },
    {
      name: 'replace with no match creates the element too (replace of nothing is add)',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'addresses[type eq "home"].locality', value: 'Burbank' }],
      after: userWith((u) => (u.addresses as Row[]).push({ type: 'home', locality: 'Burbank' })),
    },
    {
      name: 'add without sub-attribute and no match creates the element with the filter values',
      before: sampleUser(),
      ops: [{ op: 'add', path: 'addresses[type eq "home"]', value: { locality: 'Burbank' } }],
      after: userWith((u) => (u.addresses as Row[]).push({ type: 'home', locality: 'Burbank' })),
    },
    {
      name: 'add without sub-attribute merges into matches',
      before: sampleUser(),
      ops: [{ op: 'add', path: 'addresses[type eq "work"]', value: { formatted: 'HQ' } }],
      after: userWith((u) => ((u.addresses as Row[])[0]!.formatted = 'HQ')),
    },
    {
      name: 'remove a sub-attribute of matches',
      before: sampleUser(),
      ops: [{ op: 'remove', path: 'addresses[type eq "work"].region' }],
      after: userWith((u) => delete (u.addresses as Row[])[0]!.region),
    },
    {
      name: 'remove of an element already gone is a success with a warning',
      before: sampleUser(),
      ops: [{ op: 'remove', path: 'emails[type eq "other"]' }],
      after: sampleUser(),
      warnings: 1,
      changed: [],
    },
    {
      name: 'removing the only element drops the attribute',
      before: sampleUser(),
      ops: [{ op: 'remove', path: 'addresses[type eq "work"]' }],
      after: userWith((u) => delete u.addresses),
    },
    {
      name: 'a null value on a filtered sub-attribute clears it',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'emails[type eq "work"].primary', value: null }],
      after: userWith((u) => delete (u.emails as Row[])[0]!.primary),
    },
    {
      name: 'a sub-attribute of a multi-valued attribute without filter applies to every element',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'emails.display', value: 'B' }],
      after: userWith((u) => (u.emails as Row[]).forEach((e) => (e.display = 'B'))),
    },
    {
      name: 'filter comparisons follow caseExact (type is case-insensitive)',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'emails[type eq "WORK"].value', value: 'babs@example.com' }],
      after: userWith((u) => ((u.emails as Row[])[0]!.value = 'babs@example.com')),
    },
    { name: 'add with no match and an or filter is noTarget', before: sampleUser(), ops: [{ op: 'add', path: 'emails[type eq "a" or type eq "b"].value', value: 'x@y' }], error: 'no_target' },
  ]);
});
