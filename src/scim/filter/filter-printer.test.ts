// Tests for printFilter, printAttrPath and printPatchPath: canonical text and round trips.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Filter } from './filter-ast.ts';
import { parseFilter, parsePatchPath } from './filter-parser.ts';
import { printAttrPath, printFilter, printPatchPath } from './filter-printer.ts';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const a: Filter = { kind: 'Present', path: { attr: 'a' } };
const b: Filter = { kind: 'Present', path: { attr: 'b' } };
const c: Filter = { kind: 'Present', path: { attr: 'c' } };
const and = (left: Filter, right: Filter): Filter => ({ kind: 'And', left, right });
const or = (left: Filter, right: Filter): Filter => ({ kind: 'Or', left, right });
const not = (filter: Filter): Filter => ({ kind: 'Not', filter });

describe('printFilter: minimal parentheses', () => {
  const cases: [Filter, string][] = [
    [or(a, and(b, c)), 'a pr or b pr and c pr'],
    [and(or(a, b), c), '(a pr or b pr) and c pr'],
    [and(a, or(b, c)), 'a pr and (b pr or c pr)'],
    [or(or(a, b), c), 'a pr or b pr or c pr'],
    [or(a, or(b, c)), 'a pr or (b pr or c pr)'],
    [and(and(a, b), c), 'a pr and b pr and c pr'],
    [and(a, and(b, c)), 'a pr and (b pr and c pr)'],
    [or(and(a, b), and(b, c)), 'a pr and b pr or b pr and c pr'],
    [not(or(a, b)), 'not (a pr or b pr)'],
    [and(not(a), b), 'not (a pr) and b pr'],
    [{ kind: 'ValuePath', path: { attr: 'emails' }, filter: or(a, b) }, 'emails[a pr or b pr]'],
  ];
  for (const [filter, text] of cases) {
    it(text, () => {
      assert.equal(printFilter(filter), text);
      assert.deepEqual(parseFilter(text), filter);
    });
  }
});

describe('printFilter: values and paths', () => {
  const cases: [string, string][] = [
    ['userName EQ bjensen', 'userName eq "bjensen"'],
    ['x eq "a\\"b\\\\c\\/d\\u00e9\\n"', 'x eq "a\\"b\\\\c/dé\\n"'],
    ['x eq 1E3', 'x eq 1000'],
    ['x eq -0', 'x eq -0'],
    ['x eq -2.5e-7', 'x eq -2.5e-7'],
    ['x eq 1e21', 'x eq 1e+21'],
    ['x eq TRUE', 'x eq true'],
    ['x ne NULL', 'x ne null'],
    ['x eq "42"', 'x eq "42"'],
    ['meta.Created gt 2015-10-10T14:38:21.86-07:00', 'meta.Created gt "2015-10-10T14:38:21.86-07:00"'],
    [`${ENT}:manager.value pr`, `${ENT}:manager.value pr`],
    ['emails[type eq "work"].value eq "x"', 'emails[type eq "work" and value eq "x"]'],
    ['NOT( a pr )', 'not (a pr)'],
  ];
  for (const [input, canonical] of cases) {
    it(input, () => {
      assert.equal(printFilter(parseFilter(input)), canonical);
      assert.equal(printFilter(parseFilter(canonical)), canonical);
    });
  }
});

describe('printAttrPath and printPatchPath', () => {
  it('prints paths', () => {
    assert.equal(printAttrPath({ attr: 'userName' }), 'userName');
    assert.equal(printAttrPath({ attr: 'name', sub: 'givenName' }), 'name.givenName');
    assert.equal(printAttrPath({ schema: ENT, attr: 'manager', sub: 'value' }), `${ENT}:manager.value`);
  });
  for (const text of ['members', 'name.givenName', 'emails[type eq "work"].value', 'members[value eq "2819c223"]', `${ENT}:manager`]) {
    it(text, () => assert.equal(printPatchPath(parsePatchPath(text)), text));
  }
});
