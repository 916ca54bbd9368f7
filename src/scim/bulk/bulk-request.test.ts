import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import { parseBulkRequest } from './bulk-request.ts';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

describe('parseBulkRequest', () => {
  it('refuses a method that is not a string with invalidSyntax, even one whose toString is not a function (found by the SCIM fuzzer)', () => {
    for (const method of [{ toString: 'x' }, { valueOf: 1, toString: null }, ['POST'], 1]) {
      assert.throws(
        () => parseBulkRequest({ schemas: [BULK], Operations: [{ method, path: '/Users', bulkId: 'a', data: {} }] }, 10),
        (e: unknown) => e instanceof RosterError && e.code === 'invalid_syntax' && e.details.attribute === 'method',
        JSON.stringify(method),
      );
    }
  });
});
