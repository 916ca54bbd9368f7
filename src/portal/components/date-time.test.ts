// The portal's datetime-local fields and the API's ISO 8601 times (the sync log's range, return dates, grant ends).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromLocalInput, toLocalInput } from './date-time.ts';

describe('date-time fields', () => {
  it('reads a datetime-local value as the browser-local time, and an empty or broken one as no time', () => {
    assert.equal(fromLocalInput('2026-03-01T10:30'), new Date(2026, 2, 1, 10, 30).toISOString());
    assert.equal(fromLocalInput(''), null);
    assert.equal(fromLocalInput('not a date'), null);
  });

  it('shows an ISO time in the field to the minute, and reads it back as the same minute', () => {
    const iso = new Date(2027, 2, 31, 18, 0, 42).toISOString();
    assert.equal(toLocalInput(iso), '2027-03-31T18:00');
    assert.equal(fromLocalInput(toLocalInput(iso)), new Date(2027, 2, 31, 18, 0).toISOString());
    assert.equal(toLocalInput(null), '');
  });
});
