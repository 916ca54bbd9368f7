// The replay runner's matching and placeholders, so a recording cannot pass by matching nothing.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadRecording } from './replay.ts';
import { at, matchSubset, substitute } from './recording.ts';

describe('recording matchers', () => {
  it('matches objects by their listed keys, and fails on a differing value', () => {
    assert.equal(matchSubset({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } }), undefined);
    assert.equal(matchSubset({ a: 1, b: { c: 2 } }, { b: { c: 3 } }), '$.b.c');
    assert.equal(matchSubset(undefined, { a: 1 }), '$');
  });

  it('matches arrays of the same length in any order', () => {
    assert.equal(matchSubset([{ v: 1, x: 0 }, { v: 2 }], [{ v: 2 }, { v: 1 }]), undefined);
    assert.equal(matchSubset([{ v: 1 }, { v: 2 }], [{ v: 1 }]), '$');
    assert.equal(matchSubset([{ v: 1 }, { v: 1 }], [{ v: 1 }, { v: 2 }]), '$[1]');
  });

  it('knows $absent, $any, $integer and $string', () => {
    assert.equal(matchSubset({ a: 1 }, { b: '$absent', a: '$any' }), undefined);
    assert.equal(matchSubset({ a: 1 }, { a: '$absent' }), '$.a');
    assert.equal(matchSubset({ n: '1' }, { n: '$integer' }), '$.n');
    assert.equal(matchSubset({ s: '' }, { s: '$string' }), '$.s');
  });

  it('substitutes placeholders everywhere and refuses unknown ones', () => {
    assert.deepEqual(substitute({ p: '/Users/{{id}}', l: ['{{id}}'] }, { id: 'u1' }), { p: '/Users/u1', l: ['u1'] });
    assert.throws(() => substitute('{{nope}}', {}), /nope/);
    assert.equal(at({ Resources: [{ id: 'x' }] }, 'Resources.0.id'), 'x');
  });
});

describe('recordings', () => {
  const files = readdirSync(new URL('./recordings/', import.meta.url)).filter((f) => f.endsWith('.json'));

  it('cover every provider', () => {
    const providers = new Set(files.map((f) => loadRecording(f).provider));
    assert.deepEqual([...providers].sort(), ['entra', 'generic', 'google', 'jumpcloud', 'okta', 'onelogin', 'ping', 'rippling']);
  });

  for (const file of files) {
    it(`${file} names its sources and expects a status on every step`, () => {
      const r = loadRecording(file);
      assert.ok(r.sources.length > 0);
      assert.ok(r.steps.length > 0);
      for (const step of r.steps) assert.equal(typeof step.expect.status, 'number', step.name);
    });
  }
});
