// mapDatabaseError: what node-postgres, pg-pool and the server say when the database is away becomes 503 + Retry-After.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../errors.ts';
import { mapDatabaseError } from './database-errors.ts';

function withCode(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

describe('mapDatabaseError (issue 6: database outage answers 503)', () => {
  const unavailable: [string, unknown][] = [
    ['socket closed mid-query', new Error('Connection terminated unexpectedly')],
    ['connect timeout of pg-pool', new Error('timeout exceeded when trying to connect')],
    ['connect timeout of pg', new Error('Connection terminated due to connection timeout')],
    ['refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5999')],
    ['reset', withCode('ECONNRESET', 'read ECONNRESET')],
    ['client reused after a broken connection', new Error('Client has encountered a connection error and is not queryable')],
    ['server shutting down', withCode('57P01', 'terminating connection due to administrator command')],
    ['cannot connect now', withCode('57P03', 'the database system is starting up')],
    ['too many connections', withCode('53300', 'sorry, too many clients already')],
    ['statement timeout', withCode('57014', 'canceling statement due to statement timeout')],
  ];
  for (const [name, error] of unavailable) {
    it(`maps ${name} to unavailable with Retry-After`, () => {
      const mapped = mapDatabaseError(error);
      assert.ok(mapped instanceof RosterError);
      assert.equal(mapped.code, 'unavailable');
      assert.equal(mapped.status, 503);
      assert.equal(mapped.details.retryAfter, 5);
    });
  }

  it('maps data exceptions (class 22: a non-UUID id, a NUL in text) to invalid_value 400', () => {
    for (const code of ['22P02', '22021', '22003', '22P05']) {
      const mapped = mapDatabaseError(withCode(code, 'invalid input syntax for type uuid: "z"'));
      assert.ok(mapped instanceof RosterError);
      assert.equal(mapped.status, 400);
      assert.equal(mapped.code, 'invalid_value');
    }
  });

  it('maps a value too large for an index (54000, program limit exceeded) to invalid_value 400', () => {
    const mapped = mapDatabaseError(withCode('54000', 'index row size 4608 exceeds btree version 4 maximum 2704 for index "groups_external_id"'));
    assert.ok(mapped instanceof RosterError);
    assert.deepEqual([mapped.status, mapped.code], [400, 'invalid_value']);
  });

  it('maps a prepared plan gone stale under a schema change (0A000) to unavailable, retry in 1 s', () => {
    const mapped = mapDatabaseError(withCode('0A000', 'cached plan must not change result type'));
    assert.ok(mapped instanceof RosterError);
    assert.deepEqual([mapped.status, mapped.code, mapped.details.retryAfter], [503, 'unavailable', 1]);
    const other = withCode('0A000', 'feature not supported');
    assert.equal(mapDatabaseError(other), other);
  });

  it('passes other errors through (they are bugs, answered 500 and logged)', () => {
    const bug = new TypeError('x is undefined');
    assert.equal(mapDatabaseError(bug), bug);
    const syntax = withCode('42601', 'syntax error');
    assert.equal(mapDatabaseError(syntax), syntax);
  });
});
