// Small JSON helpers for the PATCH engine: object checks, order-insensitive equality, cloning.
import { RosterError } from '../../errors.ts';
import { coerceElement } from '../resource/coerce-value.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resolve-path.ts';

export type JsonObject = Record<string, unknown>;

/** True for a JSON object (RFC 7159 object), not an array or null. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Structural equality where object key order does not matter (JSON values only); decides
 * whether an added value "already exists" (RFC 7644 §3.5.2.1).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Clones client input so nothing the engine stores aliases the caller's objects, which keeps
 * PATCH atomic (RFC 7644 §3.5.2); values that JSON cannot carry are a client error, not a crash.
 */
export function cloneJson<T>(value: T, what: string): T {
  try {
    return structuredClone(value);
  } catch {
    throw new RosterError('invalid_value', `The ${what} is not plain JSON.`);
  }
}

/**
 * True when `element` holds every sub-attribute `wanted` gives, comparing strings without case
 * unless the sub-attribute is caseExact. Used for value-based removal (RFC 7644 §3.5.2.2 leaves
 * it open; Microsoft Entra removes by value).
 */
export function matchesGiven(attribute: AttributeDef, element: unknown, wanted: unknown): boolean {
  if (!isObject(wanted) || !isObject(element)) return sameScalar(attribute, element, wanted);
  const keys = Object.keys(wanted).filter((k) => wanted[k] !== undefined);
  if (keys.length === 0) return false;
  return keys.every((k) => {
    const sub = findAttribute(attribute.subAttributes ?? [], k);
    return sub !== undefined && sameScalar(sub, element[sub.name], wanted[k]);
  });
}

function sameScalar(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && !def.caseExact) return a.toLowerCase() === b.toLowerCase();
  return deepEqual(a, b);
}

/** True for unassigned values the canonical form never keeps: null, undefined, {} and [] (RFC 7643 §2.5). */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).every((k) => value[k] === undefined);
  return false;
}

/** One element of a multi-valued attribute in canonical form (RFC 7643 §2.4); a one-element array is unwrapped. */
export function coerceOne(def: AttributeDef, value: unknown, path: string): unknown {
  const input = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return coerceElement(def, input, path);
}
