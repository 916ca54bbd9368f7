import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUuid, newId } from './ids.ts';

describe('newId', () => {
  it('makes UUIDv7s, distinct and in creation order across many refills of its random pool', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    for (const id of ids) {
      assert.ok(isUuid(id), id);
      assert.equal(id[14], '7', `version 7: ${id}`);
      assert.match(id[19] as string, /[89ab]/, `RFC 9562 variant: ${id}`);
    }
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids, 'sorted as created');
    // The random tail is not reused between ids (a pool handed out twice would repeat it).
    assert.equal(new Set(ids.map((id) => id.slice(24))).size, ids.length);
  });
});
