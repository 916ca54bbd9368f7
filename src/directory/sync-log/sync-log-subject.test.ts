// Which user or group a sync-log entry is about, from each source a request offers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import { requestSubject, type RequestFacts } from './sync-log-subject.ts';

const ID = '01a20000-0000-7000-8000-00000000000a';
const OTHER = '01a20000-0000-7000-8000-00000000000b';
const USERS = '/scim/v2/:directoryId/Users';
const facts = (extra: Partial<RequestFacts>): RequestFacts => ({ route: USERS, urlId: undefined, location: undefined, body: undefined, filter: undefined, error: null, ...extra });

describe('requestSubject', () => {
  it('takes the id from the URL, then from the Location of a create', () => {
    assert.equal(requestSubject(facts({ route: `${USERS}/:id`, urlId: ID.toUpperCase() })).id, ID);
    assert.equal(requestSubject(facts({ location: `http://x/scim/v2/d/Users/${ID}` })).id, ID);
  });

  it('points a failed create at the user already holding the value (uniqueness), and at nothing otherwise', () => {
    const dup = new RosterError('uniqueness', 'taken', { resourceId: OTHER });
    assert.equal(requestSubject(facts({ error: dup })).id, OTHER);
    const other = new RosterError('invalid_value', 'bad', { resourceId: OTHER });
    assert.equal(requestSubject(facts({ error: other })).id, null);
  });

  it('reads userName from a body, a PatchOp that sets it, or a userName eq lookup', () => {
    assert.equal(requestSubject(facts({ body: { userName: 'a@b.com' } })).userName, 'a@b.com');
    assert.equal(requestSubject(facts({ body: { Operations: [{ op: 'replace', path: 'userName', value: 'n@b.com' }] } })).userName, 'n@b.com');
    assert.equal(requestSubject(facts({ body: { Operations: [{ op: 'replace', value: { userName: 'v@b.com' } }] } })).userName, 'v@b.com');
    assert.equal(requestSubject(facts({ filter: 'USERNAME Eq "q\\"x@b.com"' })).userName, 'q"x@b.com');
    assert.equal(requestSubject(facts({ body: { filter: 'userName eq "s@b.com"' } })).userName, 's@b.com');
    assert.equal(requestSubject(facts({ filter: 'userName eq "a" or userName eq "b"' })).userName, null);
  });

  it('types groups as Group with no userName, and Bulk, discovery and unknown endpoints as nothing', () => {
    assert.deepEqual(requestSubject(facts({ route: '/scim/v2/:directoryId/Groups/:id', urlId: ID, body: { userName: 'x' } })), { type: 'Group', id: ID, userName: null });
    for (const route of ['/scim/v2/:directoryId/Bulk', '/scim/v2/:directoryId/Schemas', undefined]) {
      assert.deepEqual(requestSubject(facts({ route, urlId: ID })), { type: null, id: null, userName: null });
    }
  });
});
