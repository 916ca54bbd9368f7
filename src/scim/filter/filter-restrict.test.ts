// Tests for restrictFilter: folding attributes a resource type lacks into constants (RFC 7644 §3.4.2.1).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttrPath } from './filter-ast.ts';
import { parseFilter } from './filter-parser.ts';
import { printFilter } from './filter-printer.ts';
import { restrictFilter } from './filter-restrict.ts';

// A Group-like type: it defines displayName and members, not userName or emails.
const defines = (p: AttrPath) => ['displayname', 'members'].includes(p.attr.toLowerCase());
const restrict = (text: string) => {
  const r = restrictFilter(parseFilter(text), defines);
  return typeof r === 'boolean' ? r : printFilter(r);
};

describe('restrictFilter', () => {
  const cases: [string, string | boolean][] = [
    ['displayName eq "Ops"', 'displayName eq "Ops"'],
    ['userName eq "a"', false],
    ['userName ne "a"', true],
    ['userName eq null', true],
    ['userName ne null', false],
    ['userName gt "a"', false],
    ['userName pr', false],
    ['emails[type eq "work"]', false],
    ['not (userName pr)', true],
    ['displayName eq "Ops" or userName eq "bob"', 'displayName eq "Ops"'],
    ['displayName eq "Ops" and userName eq "bob"', false],
    ['displayName eq "Ops" and not (userName eq "bob")', 'displayName eq "Ops"'],
    ['userName pr or emails pr', false],
    ['userName ne "x" or displayName pr', true],
    ['not (displayName pr and userName pr)', true],
    ['not (displayName pr or userName pr)', 'not (displayName pr)'],
    ['members[value eq "1"] and (displayName sw "a" or userName sw "b")', 'members[value eq "1"] and displayName sw "a"'],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${String(expected)}`, () => assert.deepEqual(restrict(text), expected));
  }

  it('returns the very same filter when every path is defined', () => {
    const f = parseFilter('displayName eq "a" and not (members pr)');
    assert.equal(restrictFilter(f, () => true), f);
  });
});
