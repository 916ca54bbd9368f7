// Every provider's dialect on the same inputs: which quirks each one rewrites, and that the rest pass through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatchOperation } from './dialect.ts';
import { DIALECTS, dialectFor } from './registry.ts';

const PROVIDERS = ['okta', 'entra', 'onelogin', 'jumpcloud', 'ping', 'rippling', 'google', 'generic'];

/** The inputs each rule is about, and which providers rewrite them. */
const CASES: { name: string; rewrittenBy: string[]; run: (p: string) => unknown; input: unknown }[] = [
  {
    name: 'a blank title in a PUT',
    rewrittenBy: ['okta', 'entra', 'onelogin'],
    input: { userName: 'a', title: '' },
    run: (p) => dialectFor(p).normalizeBody('User', { userName: 'a', title: '' }),
  },
  {
    name: 'remove members with a value array',
    rewrittenBy: ['entra', 'jumpcloud'],
    input: [{ op: 'remove', path: 'members', value: [{ value: 'u1' }] }],
    run: (p) => dialectFor(p).normalizePatch('Group', [{ op: 'remove', path: 'members', value: [{ value: 'u1' }] }]),
  },
  {
    name: 'a SCIM 1.1 core URN',
    rewrittenBy: ['onelogin'],
    input: { schemas: ['urn:scim:schemas:core:1.0'], userName: 'a' },
    run: (p) => dialectFor(p).normalizeBody('User', { schemas: ['urn:scim:schemas:core:1.0'], userName: 'a' }),
  },
  {
    name: 'a flat employeeNumber',
    rewrittenBy: ['rippling'],
    input: { userName: 'a', employeeNumber: '7' },
    run: (p) => dialectFor(p).normalizeBody('User', { userName: 'a', employeeNumber: '7' }),
  },
  {
    name: 'a manager filter',
    rewrittenBy: ['entra', 'rippling'],
    input: { filter: 'manager eq "m1"' },
    run: (p) => dialectFor(p).normalizeQuery('User', { filter: 'manager eq "m1"' }),
  },
  {
    name: "the echoed id in Okta's group rename",
    rewrittenBy: ['okta'],
    input: [{ op: 'replace', value: { id: 'g1', displayName: 'x' } }],
    run: (p) => dialectFor(p).normalizePatch('Group', [{ op: 'replace', value: { id: 'g1', displayName: 'x' } }]),
  },
];

describe('dialect registry', () => {
  it('has a dialect for every provider a directory can have', () => {
    assert.deepEqual(Object.keys(DIALECTS).sort(), [...PROVIDERS].sort());
    for (const p of PROVIDERS) assert.equal(dialectFor(p).provider, p);
  });

  it('gives an unknown provider the generic dialect, and no prototype key resolves', () => {
    assert.equal(dialectFor('workday').provider, 'generic');
    assert.equal(dialectFor('__proto__').provider, 'generic');
    assert.equal(dialectFor('toString').provider, 'generic');
  });

  it('answers a user PATCH with 204 only for Entra, a group PATCH with 204 for Entra and Okta', () => {
    assert.deepEqual(PROVIDERS.filter((p) => dialectFor(p).patchResponse.User === 'no-content'), ['entra']);
    assert.deepEqual(PROVIDERS.filter((p) => dialectFor(p).patchResponse.Group === 'no-content').sort(), ['entra', 'okta']);
  });

  for (const c of CASES) {
    it(`rewrites ${c.name} for ${c.rewrittenBy.join(', ')} only`, () => {
      const rewriting = PROVIDERS.filter((p) => JSON.stringify(c.run(p)) !== JSON.stringify(c.input));
      assert.deepEqual(rewriting, c.rewrittenBy);
    });
  }

  it('never mutates its input', () => {
    const body = { schemas: ['urn:scim:schemas:core:1.0'], userName: 'a', title: '', employeeNumber: '7' };
    const ops: PatchOperation[] = [{ op: 'remove', path: 'members', value: [{ value: 'u1' }] }, { op: 'replace', value: { id: 'g', title: '' } }];
    const query = { filter: 'manager eq "m1"' };
    const snapshot = structuredClone({ body, ops, query });
    for (const p of PROVIDERS) {
      dialectFor(p).normalizeBody('User', body);
      dialectFor(p).normalizePatch('Group', ops);
      dialectFor(p).normalizePatch('User', ops);
      dialectFor(p).normalizeQuery('User', query);
    }
    assert.deepEqual({ body, ops, query }, snapshot);
  });
});
