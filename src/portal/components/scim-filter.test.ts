// The portal's search filters: quoted and escaped, so any text a person types is a value, never filter syntax.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFilter } from '../../scim/filter/filter-parser.ts';
import { groupFilter, quote, userFilter } from './scim-filter.ts';

describe('portal search filters', () => {
  it('builds the user search, the group filter and both together', () => {
    assert.equal(userFilter('  ', ''), undefined);
    assert.equal(userFilter('ada', ''), '(userName co "ada" or displayName co "ada" or emails.value co "ada")');
    assert.equal(userFilter('', 'g-1'), 'groups.value eq "g-1"');
    assert.equal(userFilter('ada', 'g-1'), '(userName co "ada" or displayName co "ada" or emails.value co "ada") and groups.value eq "g-1"');
    assert.equal(groupFilter('Eng'), 'displayName co "Eng"');
  });

  it('escapes quotes and backslashes so typed text parses as one value', () => {
    for (const typed of ['a"b', 'a\\\\b', '" or userName pr or "', 'x\\"']) {
      assert.doesNotThrow(() => parseFilter(userFilter(typed, '') ?? ''), typed);
      const parsed = parseFilter(`userName co ${quote(typed)}`) as { kind: string; value?: unknown };
      assert.deepEqual([parsed.kind, parsed.value], ['Compare', typed]);
    }
  });
});
