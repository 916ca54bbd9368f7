// Failed operations inside a 200 Bulk response, found for the sync log.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bulkFailure } from './bulk-summary.ts';

const ok = { method: 'POST', bulkId: 'a', status: '201', location: 'http://x/Users/1' };
const failed = (status: string, scimType: string | undefined, detail: string, extra: Record<string, unknown> = {}) => ({
  method: 'PATCH', location: 'http://x/Groups/9', status, response: { status, ...(scimType ? { scimType } : {}), detail }, ...extra,
});

describe('bulkFailure', () => {
  it('is undefined when every operation succeeded, or the payload is not a BulkResponse', () => {
    assert.equal(bulkFailure(JSON.stringify({ Operations: [ok] })), undefined);
    assert.equal(bulkFailure('not json'), undefined);
    assert.equal(bulkFailure('{"Resources":[]}'), undefined);
  });

  it('counts the failures and names the first with its detail and its registry code', () => {
    const payload = JSON.stringify({ Operations: [ok, failed('400', 'invalidValue', 'Member x not found. Provision it first.'), failed('412', undefined, 'stale')] });
    const error = bulkFailure(payload);
    assert.equal(error?.code, 'invalid_value');
    assert.equal(error?.message, '2 of 3 Bulk operations failed; the first (PATCH http://x/Groups/9) answered 400: Member x not found. Provision it first.');
  });

  it('maps a status without scimType to the code of that status', () => {
    assert.equal(bulkFailure(JSON.stringify({ Operations: [failed('412', undefined, 'stale')] }))?.code, 'precondition_failed');
    assert.equal(bulkFailure(JSON.stringify({ Operations: [failed('409', 'uniqueness', 'taken', { method: 'POST', bulkId: 'u1', location: undefined })] }))?.message,
      '1 of 1 Bulk operations failed; the first (POST bulkId "u1") answered 409: taken');
  });
});
