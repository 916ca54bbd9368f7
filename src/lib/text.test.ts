// withoutTrailingDots: the same answer as /\.+$/ removal (which takes seconds on a long run of dots).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutTrailingDots } from './text.ts';

describe('withoutTrailingDots', () => {
  it('removes the full stops a text ends with, and only those', () => {
    for (const [input, output] of [['Done.', 'Done'], ['Wait...', 'Wait'], ['a.b', 'a.b'], ['...', ''], ['', ''], ['no dot', 'no dot'], ['.x.', '.x']]) {
      assert.equal(withoutTrailingDots(input as string), output);
    }
  });

  it('agrees with /\.+$/ removal on random texts of dots and letters', () => {
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(Math.random() * 12) }, () => (Math.random() < 0.6 ? '.' : 'ab'[Math.floor(Math.random() * 2)])).join('');
      assert.equal(withoutTrailingDots(text), text.replace(/\.+$/, ''), JSON.stringify(text));
    }
  });
});
