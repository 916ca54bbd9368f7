import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import { cloneJson } from './patch-util.ts';

const refused = (value: unknown) => () => cloneJson(value, 'value');
const isInvalidValue = (e: unknown) => e instanceof RosterError && e.code === 'invalid_value';

describe('cloneJson', () => {
  it('copies every object and array, so changing the copy leaves the input as it was', () => {
    const input = { a: 1, b: 'x', c: true, d: null, e: [1, { f: [2, 3] }], g: { h: { i: 'deep' } }, u: undefined };
    const copy = cloneJson(input, 'value');
    assert.deepStrictEqual(copy, input);
    assert.notEqual(copy.e, input.e);
    assert.notEqual(copy.e[1], input.e[1]);
    assert.notEqual(copy.g.h, input.g.h);
    (copy.g.h as { i: string }).i = 'changed';
    (copy.e as unknown[]).push(4);
    assert.equal(input.g.h.i, 'deep');
    assert.equal(input.e.length, 2);
  });

  it('copies a frozen value into one that can be changed', () => {
    const input = Object.freeze({ members: Object.freeze([Object.freeze({ value: 'u1' })]) });
    const copy = cloneJson(input as { members: { value: string }[] }, 'value');
    copy.members[0]!.value = 'u2';
    assert.equal(input.members[0]!.value, 'u1');
  });

  it('keeps an own "__proto__" key as a key, never as the prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = cloneJson(input, 'value');
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal((copy as { polluted?: boolean }).polluted, undefined);
    assert.deepEqual(Object.keys(copy), ['__proto__', 'a']);
    assert.deepStrictEqual(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value, { polluted: true });
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  it('refuses what JSON cannot carry with invalid_value, not a crash', () => {
    for (const bad of [() => 1, Symbol('s'), 10n, new Date(0), new Map(), { nested: [new Set()] }]) {
      assert.throws(refused(bad), isInvalidValue, String(bad));
    }
  });

  it('refuses a value nested past 1,000 levels, or a cycle, with invalid_value rather than overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.throws(refused(deep), isInvalidValue);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(refused(cycle), isInvalidValue);
    let ok: unknown = 'leaf';
    for (let i = 0; i < 999; i++) ok = { x: ok };
    assert.doesNotThrow(refused(ok));
  });
});
