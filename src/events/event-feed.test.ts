// The Events API's query parsing and its opaque cursor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../errors.ts';
import { decodeCursor, encodeCursor, parseEventQuery } from './event-feed.ts';

const invalid = (attribute: string) => (e: unknown) => e instanceof RosterError && e.code === 'invalid_value' && e.details.attribute === attribute;

describe('event feed query', () => {
  it('round-trips a cursor that does not look like a number', () => {
    const c = encodeCursor('12345678901234');
    assert.doesNotMatch(c, /^\d+$/);
    assert.equal(decodeCursor(c), '12345678901234');
  });

  it('refuses a cursor it did not make', () => {
    for (const bad of ['123', 'garbage', encodeCursor('-1'), encodeCursor('01'), Buffer.from('seq:1e9').toString('base64url')]) {
      assert.throws(() => decodeCursor(bad), invalid('after'), bad);
    }
  });

  it('defaults to the start of the log, 100 per page, every type', () => {
    assert.deepEqual(parseEventQuery({}), { organizationId: undefined, directoryId: undefined, types: { exact: [], prefixes: [] }, after: '0', limit: 100 });
  });

  it('takes types as one comma list or repeated, and limits 1 to 1000', () => {
    assert.deepEqual(parseEventQuery({ types: 'user.created,group.*' }).types, { exact: ['user.created'], prefixes: ['group.'] });
    assert.deepEqual(parseEventQuery({ types: ['user.created', 'group.*'] }).types, { exact: ['user.created'], prefixes: ['group.'] });
    assert.equal(parseEventQuery({ limit: '1000' }).limit, 1000);
    for (const limit of ['0', '1001', '2.5', 'ten']) assert.throws(() => parseEventQuery({ limit }), invalid('limit'));
  });

  it('checks ids are UUIDs and lower-cases them', () => {
    const id = '01A20000-0000-7000-8000-000000000001';
    assert.equal(parseEventQuery({ organizationId: id }).organizationId, id.toLowerCase());
    assert.throws(() => parseEventQuery({ directoryId: 'x' }), invalid('directoryId'));
  });
});
