// Tests for parseListParams and parseSearchRequest (RFC 7644 §3.4.2, §3.4.3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import { parseListParams, parseSearchRequest } from './list-params.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof RosterError ? error.code : 'not a RosterError';
  }
  return 'no error';
};

describe('parseListParams', () => {
  it('reads startIndex below 1 as 1 and caps it where an SQL offset still fits', () => {
    assert.equal(parseListParams({ startIndex: '-4' }, 100).startIndex, 1);
    assert.equal(parseListParams({ startIndex: '99999999999999999999' }, 100).startIndex, Number.MAX_SAFE_INTEGER);
    assert.equal(parseListParams({ startindex: 1e300 }, 100).startIndex, Number.MAX_SAFE_INTEGER);
  });

  it('lowers count to the maximum and reads negative counts as 0', () => {
    assert.equal(parseListParams({ count: '5000' }, 100).count, 100);
    assert.equal(parseListParams({ COUNT: '-1' }, 100).count, 0);
    assert.equal(parseListParams({}, 20).count, 20);
    assert.equal(code(() => parseListParams({ count: 'ten' }, 100)), 'invalid_value');
  });
});

describe('parseSearchRequest', () => {
  it('takes an object, with or without the SearchRequest schema, and no body as no parameters', () => {
    assert.equal(parseSearchRequest(undefined, 10).count, 10);
    assert.equal(parseSearchRequest({ count: 3 }, 10).count, 3);
    assert.equal(parseSearchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], startIndex: 2 }, 10).startIndex, 2);
  });

  it('refuses anything else with invalid_syntax', () => {
    for (const body of [[1], 'filter', 5, { schemas: ['urn:wrong'] }, { schemas: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest' }]) {
      assert.equal(code(() => parseSearchRequest(body, 10)), 'invalid_syntax', JSON.stringify(body));
    }
  });
});
