// Event type patterns: exact names, `prefix.*`, `*`, and refusals that name the bad pattern.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../errors.ts';
import { parseTypePatterns, typeMatches } from './event-types.ts';

describe('event type patterns', () => {
  it('splits exact names from prefixes and drops duplicates', () => {
    assert.deepEqual(parseTypePatterns(['user.created', 'group.*', 'user.created', ' '], 'types'), {
      exact: ['user.created'],
      prefixes: ['group.'],
    });
  });

  it('treats * as every type', () => {
    assert.deepEqual(parseTypePatterns(['user.created', '*'], 'types'), { exact: [], prefixes: [] });
  });

  it('matches by name and by prefix only at a dot', () => {
    const m = parseTypePatterns(['user.*', 'group.member_added'], 'types');
    assert.ok(typeMatches('user.created', m));
    assert.ok(typeMatches('group.member_added', m));
    assert.ok(!typeMatches('group.member_removed', m));
    assert.ok(!typeMatches('users.created', m));
  });

  it('refuses what is not a type or pattern, naming it', () => {
    for (const bad of ['user.', 'User.created', 'user.*.x', '%', 'user*']) {
      assert.throws(() => parseTypePatterns([bad], 'eventTypes'), (e: unknown) => e instanceof RosterError && e.code === 'invalid_value' && e.details.attribute === 'eventTypes' && e.message.includes(bad));
    }
  });
});
