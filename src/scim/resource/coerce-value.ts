// Turns the value a client sent for one attribute into its canonical stored form (RFC 7643 §2.3, §2.4).
import { RosterError } from '../../errors.ts';
import type { AttributeDef, AttributeType } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resolve-path.ts';

/**
 * Called with the path of a sub-attribute that the schema does not define. Dropping it is the
 * lenient choice; the caller (the normaliser) decides whether to warn or, in a strict mode, throw.
 */
export type UnknownHandler = (path: string) => void;

type Plain = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Coerces what a client sent for one attribute (RFC 7643 §2.3 data types, §2.4 multi-valued).
 * Returns `undefined` when the value means "unassigned": null, or an empty array for a
 * multi-valued attribute (RFC 7643 §2.5). A multi-valued attribute given a single value is
 * wrapped in an array, because real clients send `"emails": {...}` and `"members": "id"`.
 * Throws RosterError `invalid_value` naming `path` when a value has the wrong type.
 */
export function coerceAttributeValue(def: AttributeDef, value: unknown, path: string, onUnknown?: UnknownHandler): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    const out: unknown[] = [];
    for (const element of Array.isArray(value) ? value : [value]) {
      const coerced = coerceElement(def, element, path, onUnknown);
      if (coerced !== undefined) out.push(coerced);
    }
    return out.length > 0 ? out : undefined;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    throw invalid(path, `must be a single value, got an array`, `Send one ${typeWord(def)}, not a list.`);
  }
  return coerceElement(def, value, path, onUnknown);
}

/**
 * Coerces one value of an attribute: one element of a multi-valued attribute, or the value of a
 * singular one (RFC 7643 §2.3, §2.4). A complex value becomes an object with canonical sub-attribute
 * names. A bare primitive given for a complex attribute that has a `value` sub-attribute becomes
 * `{ value }`: Microsoft's conformance tests send a member as a bare id, Entra a manager as one.
 * Returns `undefined` when nothing assigned is left (null, or a complex value with no known,
 * writable, non-null sub-attribute).
 */
export function coerceElement(def: AttributeDef, value: unknown, path: string, onUnknown?: UnknownHandler): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.type !== 'complex') {
    if (Array.isArray(value)) throw invalid(path, `must hold ${typeWord(def)} values, got a nested array`, hintFor(def));
    return coerceSimple(def, value, path);
  }
  if (isJsonObject(value)) return coerceComplex(def, value, path, onUnknown);
  const valueSub = findAttribute(def.subAttributes ?? [], 'value');
  if (valueSub && isPrimitive(value)) return coerceComplex(def, { value }, path, onUnknown);
  throw invalid(path, `must be an object, got ${describe(value)}`, hintFor(def));
}

/**
 * Coerces the value of one sub-attribute, as when a PATCH targets `name.givenName` or
 * `emails[type eq "work"].value` directly (RFC 7644 §3.5.2). It does not check mutability:
 * whether the write is allowed is the caller's decision (complex values drop readOnly
 * sub-attributes themselves; an explicit PATCH path should answer `mutability`).
 */
export function coerceSubValue(sub: AttributeDef, value: unknown, path: string): unknown {
  return coerceAttributeValue(sub, value, path);
}

// readOnly sub-attributes (manager.displayName, groups.*) are the server's to fill; RFC 7643 §2.2
// says a client's value for them is ignored, not refused.
function coerceComplex(def: AttributeDef, value: Plain, path: string, onUnknown: UnknownHandler | undefined): Plain | undefined {
  const out: Plain = {};
  for (const key of Object.keys(value)) {
    const sub = findAttribute(def.subAttributes ?? [], key);
    if (!sub) {
      onUnknown?.(`${path}.${key}`);
      continue;
    }
    if (sub.mutability === 'readOnly') continue;
    const coerced = coerceAttributeValue(sub, value[key], `${path}.${sub.name}`, onUnknown);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// xsd:dateTime (RFC 7643 §2.3.5) and the date-only and space-separated forms clients also send.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

function coerceSimple(def: AttributeDef, value: unknown, path: string): unknown {
  // A write-only attribute (password) is never echoed: error messages reach the IdP's log, the sync log and ours.
  const shown = def.returned === 'never' ? 'a value of the wrong type' : describe(value);
  const fail = () => invalid(path, `must be ${typeWord(def)}, got ${shown}`, hintFor(def));
  switch (def.type) {
    case 'string':
      if (typeof value === 'string') return def.enforceCanonicalValues ? canonical(def, value, path) : value;
      throw fail();
    case 'reference':
    case 'binary':
      if (typeof value === 'string') return value;
      throw fail();
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // Entra sends "True" and "False" as strings.
      if (typeof value === 'string') {
        const lowered = value.toLowerCase();
        if (lowered === 'true') return true;
        if (lowered === 'false') return false;
      }
      throw fail();
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (typeof value === 'string' && INTEGER.test(value.trim()) && Number.isSafeInteger(Number(value))) return Number(value);
      throw fail();
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && DECIMAL.test(value.trim()) && Number.isFinite(Number(value))) return Number(value);
      throw fail();
    case 'dateTime':
      if (typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return value;
      throw fail();
    case 'complex':
      throw fail();
  }
}

/**
 * A declared attribute's value must be one of its canonicalValues (custom-schema.ts); without
 * caseExact any case matches and the declared spelling is stored, so filters and apps see one form.
 */
function canonical(def: AttributeDef, value: string, path: string): string {
  const values = def.canonicalValues ?? [];
  const found = def.caseExact ? values.find((v) => v === value) : values.find((v) => v.toLowerCase() === value.toLowerCase());
  if (found !== undefined) return found;
  const listed = values.slice(0, 10).map((v) => JSON.stringify(v)).join(', ');
  throw invalid(path, `must be one of ${listed}${values.length > 10 ? ', …' : ''}; got ${def.returned === 'never' ? 'another value' : describe(value)}`, `Send one of the values declared for "${def.name}" in the directory's schema, or add this one to its canonicalValues.`);
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

const TYPE_WORDS: Record<AttributeType, string> = {
  string: 'a string',
  boolean: 'a boolean',
  integer: 'an integer',
  decimal: 'a number',
  dateTime: 'an ISO 8601 date and time',
  reference: 'a URI string',
  binary: 'a base64 string',
  complex: 'an object',
};

function typeWord(def: AttributeDef): string {
  return TYPE_WORDS[def.type];
}

function hintFor(def: AttributeDef): string {
  switch (def.type) {
    case 'string':
      return 'Send a JSON string; quote numbers, e.g. "1234".';
    case 'boolean':
      return 'Send true or false (the strings "true" and "false" in any case are accepted too).';
    case 'integer':
      return 'Send a whole number, e.g. 42.';
    case 'decimal':
      return 'Send a number, e.g. 4.5.';
    case 'dateTime':
      return 'Send an ISO 8601 date and time, e.g. "2025-01-31T12:00:00Z".';
    case 'reference':
      return 'Send the URI as a JSON string.';
    case 'binary':
      return 'Send the base64-encoded bytes as a JSON string.';
    case 'complex': {
      const names = (def.subAttributes ?? []).filter((s) => s.mutability !== 'readOnly').map((s) => `"${s.name}"`);
      return `Send a JSON object with the sub-attributes ${names.join(', ')}.`;
    }
  }
}

/** A short, safe rendering of any value for an error message; never calls a client's toString. */
function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function invalid(path: string, problem: string, hint: string): RosterError {
  return new RosterError('invalid_value', `Attribute "${path}" ${problem}`, { attribute: path, hint });
}
