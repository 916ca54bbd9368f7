// Every error code in the registry is documented in docs/errors.md with its status.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, RosterError } from './errors.ts';

describe('error registry', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  for (const [code, spec] of Object.entries(ERROR_CODES)) {
    it(`documents ${code}`, () => {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      assert.ok(row, `docs/errors.md has no row for ${code}`);
      assert.match(row, new RegExp(`\\| ${spec.status} \\|`));
      if ('scimType' in spec && spec.scimType) assert.match(row, new RegExp(`\\| ${spec.scimType} \\|`));
    });
  }
  it('carries status, scimType and details', () => {
    const e = new RosterError('uniqueness', 'taken', { attribute: 'userName', resourceId: 'u1' });
    assert.equal(e.status, 409);
    assert.equal(e.scimType, 'uniqueness');
    assert.equal(e.details.resourceId, 'u1');
    assert.equal(new RosterError('not_found').message, ERROR_CODES.not_found.message);
  });
});
