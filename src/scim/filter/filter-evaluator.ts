// In-memory evaluation of SCIM filters against canonical resources and multi-valued elements (RFC 7644 §3.4.2.2).
import { RosterError } from '../../errors.ts';
import type { AttributeDef, ResourceSchema, ScimResource } from '../schema/attribute.ts';
import { findAttribute, findSchema, resolvePath, type ResolvedPath } from '../schema/resolve-path.ts';
import type { AttrPath, CompareOp, Filter, FilterValue } from './filter-ast.ts';
import { printAttrPath, printValue } from './filter-printer.ts';

// Semantics chosen where RFC 7644 §3.4.2.2 is silent (tests pin each one):
// - `attr eq null` is true when the attribute is not present (same as `not (attr pr)`);
//   `attr ne null` is true when it is present. Other operators with null are invalid_filter.
// - `ne` is true when no value equals the compare value, so it is true for absent attributes.
// - A multi-valued attribute matches when ANY of its values matches.
// - A complex attribute without a sub-attribute (`emails co "x"`, `manager eq "id"`) compares its
//   `value` sub-attribute; a complex attribute without one (`name eq "x"`) is invalid_filter.
// - Numbers and booleans compared with a string attribute are compared as their text
//   (`externalId eq 12345` from clients that forget quotes); "true"/"false" in any case compare
//   with boolean attributes; numeric strings compare with integer/decimal attributes.
// - dateTime values compare as instants; a date-time without an offset is read as UTC so the
//   result never depends on the server's time zone. co/sw/ew on dateTime compare the text.
// - Every path is checked against the schema before any resource is looked at, so an unknown
//   attribute is an error even when short-circuiting would never reach it.

type Predicate = (target: unknown) => boolean;

/** Where the paths of a (sub-)filter point: the resource, or the elements of one attribute. */
interface Scope {
  rs: ResourceSchema;
  element?: AttributeDef;
}

/** A path bound to its definition and to a reader of its raw value in a target. */
interface Binding {
  label: string;
  attribute: AttributeDef;
  sub: AttributeDef | undefined;
  raw: (target: unknown) => unknown;
}

/**
 * Evaluates a filter against one canonical resource (RFC 7644 §3.4.2.2). Throws
 * RosterError('invalid_filter') for unknown attributes and comparisons the types do not allow.
 */
export function evaluateFilter(filter: Filter, resource: ScimResource, rs: ResourceSchema): boolean {
  return compileFilter(filter, rs)(resource);
}

/**
 * Checks a filter against the schema once and returns a predicate for many resources, e.g. to
 * filter a page in memory (RFC 7644 §3.4.2.2). Throws RosterError('invalid_filter') up front.
 */
export function compileFilter(filter: Filter, rs: ResourceSchema): (resource: ScimResource) => boolean {
  return compile(filter, { rs });
}

/**
 * Evaluates a value filter against one element of a multi-valued attribute, e.g. `type eq "work"`
 * against an email for the PATCH path `emails[type eq "work"]` (RFC 7644 §3.5.2). Paths in the
 * filter name sub-attributes of `attribute`.
 */
export function matchesElement(filter: Filter, element: unknown, attribute: AttributeDef, rs: ResourceSchema): boolean {
  return compileElementFilter(filter, attribute, rs)(element);
}

/** Like matchesElement, compiled once for many elements (RFC 7644 §3.5.2). */
export function compileElementFilter(filter: Filter, attribute: AttributeDef, rs: ResourceSchema): (element: unknown) => boolean {
  return compile(filter, { rs, element: attribute });
}

/**
 * Resolves a filter's attribute path like resolvePath (RFC 7644 §3.4.2.2, §3.10), but throws
 * RosterError('invalid_filter') naming the unknown schema, attribute or sub-attribute.
 */
export function resolveFilterPath(rs: ResourceSchema, path: AttrPath): ResolvedPath {
  const resolved = resolvePath(rs, path);
  // A never-returned attribute (password) is not stored in a comparable form: refuse, as the SQL back end does.
  if (resolved && (resolved.sub ?? resolved.attribute).returned === 'never') {
    invalid(`"${printAttrPath(path)}" cannot be used in a filter`, printAttrPath(path));
  }
  if (resolved) return resolved;
  const label = printAttrPath(path);
  if (isSchemasPath(rs, path)) return { schema: undefined, extension: false, attribute: SCHEMAS_ATTRIBUTE };
  if (path.schema !== undefined && !findSchema(rs, path.schema)) {
    invalid(`Unknown attribute "${label}" in filter: ${rs.type} resources have no schema "${path.schema}"`, label);
  }
  const top = resolvePath(rs, { ...path, sub: undefined });
  if (!top) invalid(`Unknown attribute "${label}" in filter`, label, `Use an attribute of the ${rs.type} schema, such as the ones listed at /Schemas.`);
  invalid(`Unknown attribute "${label}" in filter: "${top.attribute.name}" has no sub-attribute "${path.sub ?? ''}"`, label);
}

/**
 * `schemas` (RFC 7643 §3) is on every resource but in no schema's attribute list, and RFC 7644
 * §3.4.2.2 filters on it (`schemas eq "urn:…:enterprise:2.0:User"`); used when the resource
 * type does not define it itself.
 */
export const SCHEMAS_ATTRIBUTE: AttributeDef = {
  name: 'schemas',
  type: 'reference',
  multiValued: true,
  description: 'The schema URNs the resource conforms to.',
  required: true,
  caseExact: false,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'none',
  referenceTypes: ['uri'],
};

function isSchemasPath(rs: ResourceSchema, path: AttrPath): boolean {
  if (path.sub !== undefined || path.attr.toLowerCase() !== 'schemas') return false;
  return path.schema === undefined || path.schema.toLowerCase() === rs.core.id.toLowerCase();
}

function invalid(message: string, attribute?: string, hint?: string): never {
  throw new RosterError('invalid_filter', message, {
    ...(attribute !== undefined ? { attribute } : {}),
    ...(hint !== undefined ? { hint } : {}),
  });
}

function compile(filter: Filter, scope: Scope): Predicate {
  switch (filter.kind) {
    case 'And': {
      const left = compile(filter.left, scope);
      const right = compile(filter.right, scope);
      return (t) => left(t) && right(t);
    }
    case 'Or': {
      const left = compile(filter.left, scope);
      const right = compile(filter.right, scope);
      return (t) => left(t) || right(t);
    }
    case 'Not': {
      const inner = compile(filter.filter, scope);
      return (t) => !inner(t);
    }
    case 'Present': {
      const binding = bind(filter.path, scope);
      return (t) => presentValues(binding, t).some(isPresent);
    }
    case 'Compare':
      return compileCompare(bind(filter.path, scope), filter.op, filter.value);
    case 'ValuePath':
      return compileValuePath(filter.path, filter.filter, scope);
  }
}

function compileValuePath(path: AttrPath, inner: Filter, scope: Scope): Predicate {
  const label = printAttrPath(path);
  if (scope.element) invalid(`Value filters cannot be nested: "${label}[…]" inside "${scope.element.name}[…]"`, label);
  const resolved = resolveFilterPath(scope.rs, path);
  if (resolved.sub) invalid(`A value filter "[…]" needs a multi-valued attribute, not the sub-attribute "${label}"`, label);
  if (resolved.attribute.type !== 'complex') {
    invalid(`Attribute "${label}" has no sub-attributes, so it cannot take a value filter "[…]"`, label);
  }
  const elementMatches = compile(inner, { rs: scope.rs, element: resolved.attribute });
  const raw = topLevelReader(resolved);
  return (t) => toArray(raw(t)).some(elementMatches);
}

function bind(path: AttrPath, scope: Scope): Binding {
  const label = printAttrPath(path);
  const parent = scope.element;
  if (!parent) {
    const resolved = resolveFilterPath(scope.rs, path);
    return { label, attribute: resolved.attribute, sub: resolved.sub, raw: topLevelReader(resolved) };
  }
  let sub: AttributeDef | undefined;
  if (path.schema === undefined && path.sub === undefined) {
    sub = findAttribute(parent.subAttributes ?? [], path.attr);
    if (!sub) invalid(`Unknown attribute "${parent.name}.${path.attr}" in filter: "${parent.name}" has no sub-attribute "${path.attr}"`, label);
  } else {
    // Tolerate a fully written path inside brackets, e.g. `emails[emails.type eq "work"]`.
    const resolved = resolveFilterPath(scope.rs, path);
    if (!resolved.sub || resolved.attribute.name.toLowerCase() !== parent.name.toLowerCase()) {
      invalid(`"${label}" is not a sub-attribute of "${parent.name}" in its value filter`, label);
    }
    sub = resolved.sub;
  }
  const name = sub.name;
  return { label: `${parent.name}.${name}`, attribute: sub, sub: undefined, raw: (element) => getKey(element, name) };
}

function topLevelReader(resolved: ResolvedPath): (target: unknown) => unknown {
  const name = resolved.attribute.name;
  const container = resolved.extension ? resolved.schema?.id : undefined;
  if (container === undefined) return (t) => getKey(t, name);
  return (t) => getKey(getKey(t, container), name);
}

/** Values `pr` looks at: the sub-attribute of every element, or the attribute itself. */
function presentValues(b: Binding, target: unknown): unknown[] {
  const raw = toArray(b.raw(target));
  if (!b.sub) return raw;
  const name = b.sub.name;
  return raw.flatMap((el) => toArray(getKey(el, name)));
}

function compileCompare(b: Binding, op: CompareOp, value: FilterValue): Predicate {
  let leaf = b.sub ?? b.attribute;
  let label = b.label;
  let read = (t: unknown) => presentValues(b, t);
  if (!b.sub && b.attribute.type === 'complex') {
    const valueSub = findAttribute(b.attribute.subAttributes ?? [], 'value');
    if (!valueSub) {
      const example = b.attribute.subAttributes?.[0]?.name ?? 'value';
      invalid(`Attribute "${b.label}" is complex; compare one of its sub-attributes, e.g. "${b.label}.${example}"`, b.label);
    }
    leaf = valueSub;
    label = `${b.label}.value`;
    read = (t) => toArray(b.raw(t)).flatMap((el) => toArray(getKey(el, valueSub.name)));
  }
  if (value === null) {
    if (op === 'eq') return (t) => !read(t).some(isPresent);
    if (op === 'ne') return (t) => read(t).some(isPresent);
    invalid(`Operator "${op}" cannot compare "${label}" with null; only eq and ne can`, label);
  }
  const test = valueTest(leaf, label, op === 'ne' ? 'eq' : op, value);
  if (op === 'ne') return (t) => !read(t).some((v) => v !== null && v !== undefined && test(v));
  return (t) => read(t).some((v) => v !== null && v !== undefined && test(v));
}

type Test = (candidate: unknown) => boolean;

/** A test of one attribute value against the compare value, by the attribute's type (RFC 7643 §2.3). */
function valueTest(leaf: AttributeDef, label: string, op: CompareOp, value: string | number | boolean): Test {
  switch (leaf.type) {
    case 'boolean': {
      if (op !== 'eq') invalid(`Operator "${op}" cannot be used with the boolean attribute "${label}"; use eq, ne or pr`, label);
      const wanted = toBoolean(value);
      if (wanted === undefined) invalid(`Attribute "${label}" is boolean; compare it with true or false, not ${printValue(value)}`, label);
      return (v) => toBoolean(v) === wanted;
    }
    case 'integer':
    case 'decimal': {
      if (op === 'co' || op === 'sw' || op === 'ew') {
        invalid(`Operator "${op}" cannot be used with the numeric attribute "${label}"; use eq, ne, gt, ge, lt, le or pr`, label);
      }
      const wanted = toNumber(value);
      if (wanted === undefined) invalid(`Attribute "${label}" is a number; compare it with a number, not ${printValue(value)}`, label);
      return (v) => {
        const n = toNumber(v);
        return n !== undefined && order(n, wanted, op);
      };
    }
    case 'dateTime': {
      if (op === 'co' || op === 'sw' || op === 'ew') return textTest(leaf, op, value);
      const wanted = typeof value === 'string' ? toInstant(value) : undefined;
      if (wanted === undefined) {
        invalid(`${printValue(value)} is not a valid dateTime for "${label}"; use ISO 8601, e.g. "2011-05-13T04:42:34Z"`, label);
      }
      return (v) => {
        const instant = v instanceof Date ? v.getTime() : typeof v === 'string' ? toInstant(v) : undefined;
        return instant !== undefined && order(instant, wanted, op);
      };
    }
    case 'complex':
      invalid(`Attribute "${label}" is complex; compare one of its sub-attributes`, label);
    default:
      return textTest(leaf, op, value);
  }
}

/** string, reference and binary values: case-insensitive unless the attribute is caseExact (RFC 7643 §2.3.1). */
function textTest(leaf: AttributeDef, op: CompareOp, value: string | number | boolean): Test {
  const norm = leaf.caseExact ? (s: string) => s : (s: string) => s.toLowerCase();
  const wanted = norm(String(value));
  return (v) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
    const text = norm(String(v));
    switch (op) {
      case 'co':
        return text.includes(wanted);
      case 'sw':
        return text.startsWith(wanted);
      case 'ew':
        return text.endsWith(wanted);
      default:
        return order(codePoints(text), codePoints(wanted), op);
    }
  };
}

/**
 * A string whose UTF-16 order is its code-point order (RFC 7643 §2.3.1: strings are Unicode
 * characters; SQL's `collate "C"` orders by code point). Astral characters are mapped above the BMP.
 */
function codePoints(s: string): string {
  if (!/[\uD800-\uDFFF]/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    // Surrogate pairs sort below U+E000–U+FFFF in UTF-16; lift them past every BMP code unit.
    out += cp > 0xffff ? `\uFFFF${ch}` : ch;
  }
  return out;
}

function order<T extends number | string>(a: T, b: T, op: CompareOp): boolean {
  switch (op) {
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return a === b;
  }
}

function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an RFC 3339 / xsd:dateTime string to epoch milliseconds; undefined when it is not one. */
function toInstant(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const hasTime = text.length > 10;
  const ms = Date.parse(hasTime && m[1] === undefined ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** RFC 7644 §3.4.2.2 `pr`: has a non-empty value (not null, "", [] or an object of empty values). */
function isPresent(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return false;
  if (Array.isArray(v)) return v.some(isPresent);
  if (typeof v === 'object' && !(v instanceof Date)) return Object.values(v).some(isPresent);
  return true;
}

function toArray(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Reads a property by its canonical name, falling back to any case for hand-built resources. */
function getKey(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const record = obj as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : record[key];
}
