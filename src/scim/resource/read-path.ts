// Reads the values at a SCIM path from a stored resource without a schema (RFC 7644 §3.10, §3.5.2 valuePath),
// so URN-qualified attributes of extensions nobody declared are read like the enterprise ones.
import { RosterError } from '../../errors.ts';
import type { AttrPath, Filter, FilterValue, PatchPath } from '../filter/filter-ast.ts';
import { parsePatchPath } from '../filter/filter-parser.ts';
import { SCHEMA_URN } from '../schema/resource-types.ts';

type Json = Record<string, unknown>;
/** Every value a path reaches in one resource (none, one, or several from a multi-valued attribute). */
export type PathReader = (resource: Json) => unknown[];

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A key of `obj` matching `name` in any case (RFC 7643 §2.1: attribute names are case-insensitive). */
function member(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (name in obj) return obj[name];
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

const spread = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined) : [v]);

/** Where an attribute lives: the resource itself (core schema, or no URN) or the extension object keyed by its URN. */
function container(resource: Json, schema: string | undefined): unknown {
  if (schema === undefined || schema.toLowerCase() === SCHEMA_URN.user.toLowerCase()) return resource;
  return member(resource, schema);
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v).toLowerCase();
  return undefined;
}

/** One comparison on one element's sub-attribute: strings without regard to case, numbers as numbers. */
function compare(actual: unknown, op: string, expected: FilterValue): boolean {
  if (expected === null) return op === 'eq' ? actual === undefined || actual === null : actual !== undefined && actual !== null;
  if (typeof actual === 'number' && typeof expected === 'number') {
    switch (op) {
      case 'eq': return actual === expected;
      case 'ne': return actual !== expected;
      case 'gt': return actual > expected;
      case 'ge': return actual >= expected;
      case 'lt': return actual < expected;
      case 'le': return actual <= expected;
    }
  }
  const a = text(actual);
  const e = text(expected);
  if (a === undefined || e === undefined) return op === 'ne';
  switch (op) {
    case 'eq': return a === e;
    case 'ne': return a !== e;
    case 'co': return a.includes(e);
    case 'sw': return a.startsWith(e);
    case 'ew': return a.endsWith(e);
    case 'gt': return a > e;
    case 'ge': return a >= e;
    case 'lt': return a < e;
    case 'le': return a <= e;
  }
  return false;
}

function subValues(element: unknown, path: AttrPath): unknown[] {
  // Inside brackets a path names a sub-attribute of the element (`type`), or rarely `attr.sub` of a complex sub-attribute.
  const first = member(element, path.attr);
  return spread(path.sub === undefined ? first : member(first, path.sub));
}

/** A value filter evaluated on one element of a multi-valued attribute, untyped. */
function matches(filter: Filter, element: unknown): boolean {
  switch (filter.kind) {
    case 'And': return matches(filter.left, element) && matches(filter.right, element);
    case 'Or': return matches(filter.left, element) || matches(filter.right, element);
    case 'Not': return !matches(filter.filter, element);
    case 'Present': return subValues(element, filter.path).some((v) => v !== '');
    case 'Compare': {
      const values = subValues(element, filter.path);
      if (values.length === 0) return compare(undefined, filter.op, filter.value);
      return filter.op === 'ne' ? values.every((v) => compare(v, 'ne', filter.value)) : values.some((v) => compare(v, filter.op, filter.value));
    }
    case 'ValuePath': return subValues(element, filter.path).some((v) => matches(filter.filter, v));
  }
}

function primaryFirst(values: unknown[]): unknown[] {
  const i = values.findIndex((v) => isObject(v) && member(v, 'primary') === true);
  return i <= 0 ? values : [values[i], ...values.slice(0, i), ...values.slice(i + 1)];
}

/** Parses a path once; throws RosterError('invalid_path') naming what is wrong. */
export function parseReadPath(text: string): PatchPath {
  const parsed = parsePatchPath(text);
  // `urn:…:2.0:User` alone (a whole extension) is not a value a field can take.
  if (parsed.path.schema !== undefined && parsed.path.attr.toLowerCase() === 'user' && parsed.path.sub === undefined && !parsed.filter) {
    throw new RosterError('invalid_path', `"${text}" names a whole schema, not an attribute`, { attribute: text, hint: 'Add the attribute after the URN, such as …:User:department' });
  }
  return parsed;
}

/**
 * Compiles a path such as `title`, `name.givenName`, `addresses[type eq "work"].locality` or
 * `urn:ietf:params:scim:schemas:extension:Acme:2.0:User:badge` into a reader of the stored resource.
 * A complex value read without a sub-attribute (enterprise `manager`) gives its `value`.
 */
export function compileReadPath(text: string): PathReader {
  const { path, filter, subAfterFilter } = parseReadPath(text);
  const sub = filter ? subAfterFilter : path.sub;
  return (resource) => {
    // The primary element first: a single-valued field read from `emails.value` takes the primary email.
    let values = primaryFirst(spread(member(container(resource, path.schema), path.attr)));
    if (filter) values = values.filter((v) => matches(filter, v));
    if (sub !== undefined) values = values.flatMap((v) => spread(member(v, sub)));
    return values.map((v) => (isObject(v) && member(v, 'value') !== undefined ? member(v, 'value') : v)).filter((v) => v !== undefined && v !== null);
  };
}
