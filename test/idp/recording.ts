// The shape of a recorded IdP request sequence (test/idp/recordings/*.json) and how its expectations match.
import assert from 'node:assert/strict';

/** One event the step must write, by type, with an optional subset of its data. */
export type EventExpectation = string | { type: string; objectId?: string; data?: unknown };

export interface Expectation {
  status: number;
  /** A subset of the response body (see matchSubset); `"$empty"` for no body at all. */
  body?: unknown;
  /** Response headers that must have exactly these values (`"$absent"` for none). */
  headers?: Record<string, string>;
  /** Every event the step wrote in the directory, in order (directory.activated aside). */
  events?: EventExpectation[];
}

export interface Step {
  name: string;
  /** Where the payload comes from, or why the IdP sends it at this point. */
  note?: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the directory's SCIM base URL, as the IdP writes it; `{{var}}` placeholders. */
  path: string;
  body?: unknown;
  /** Variables to take from the response body: name → dotted path (`id`, `Resources.0.id`). */
  capture?: Record<string, string>;
  expect: Expectation;
  /**
   * Expectations that depend on rules another change has not landed yet (docs/lifecycle.md):
   * checked in a node:test `todo` test, so they are reported but do not fail the run.
   */
  todo?: { reason: string; expect: Omit<Expectation, 'status'> & { status?: number } };
}

export interface Recording {
  provider: string;
  title: string;
  /** The documents the payloads were written from (see /work/shared/docs/idp-quirks.md). */
  sources: string[];
  steps: Step[];
}

export type Vars = Record<string, string>;

/** Replaces `{{name}}` in every string of a JSON value; an unknown name is an error in the recording. */
export function substitute<T>(value: T, vars: Vars): T {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`recording uses {{${name}}} before any step captured it`);
      return vars[name] as string;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)])) as T;
  }
  return value;
}

/** The value at a dotted path (`Resources.0.id`). */
export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined), value);
}

const SPECIAL: Record<string, (v: unknown) => boolean> = {
  $any: (v) => v !== undefined,
  $absent: (v) => v === undefined,
  $integer: (v) => Number.isInteger(v),
  $string: (v) => typeof v === 'string' && v !== '',
};

/**
 * Whether `actual` contains `expected`: objects by their listed keys only, arrays with the same
 * length whose elements match in any order (the server may order members differently), other
 * values by equality, and the markers `$any`, `$absent`, `$integer`, `$string`. Returns the path
 * of the first mismatch, or undefined.
 */
export function matchSubset(actual: unknown, expected: unknown, where = '$'): string | undefined {
  if (typeof expected === 'string' && expected in SPECIAL) return SPECIAL[expected]?.(actual) ? undefined : where;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return where;
    const free = [...actual];
    for (const [i, e] of expected.entries()) {
      const hit = free.findIndex((a) => matchSubset(a, e) === undefined);
      if (hit < 0) return `${where}[${i}]`;
      free.splice(hit, 1);
    }
    return undefined;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return where;
    for (const [k, e] of Object.entries(expected)) {
      const miss = matchSubset((actual as Record<string, unknown>)[k], e, `${where}.${k}`);
      if (miss) return miss;
    }
    return undefined;
  }
  return actual === expected ? undefined : where;
}

/** Asserts a subset match with a message that shows both sides. */
export function assertSubset(actual: unknown, expected: unknown, what: string): void {
  const miss = matchSubset(actual, expected);
  assert.ok(miss === undefined, `${what} differs at ${miss}\nexpected ⊆ ${JSON.stringify(expected)}\nactual    ${JSON.stringify(actual)}`);
}
