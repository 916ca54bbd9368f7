// Compiles the SCIM filter AST (RFC 7644 §3.4.2.2) into one parameterised SQL boolean over alias `r`.
// The in-memory evaluator (scim/filter/filter-evaluator.ts) defines the meaning; this compiler must
// select exactly the resources it accepts and refuse exactly the filters it refuses
// (filter-equivalence.test.ts checks both on a seeded database).
import { sql, type RawBuilder } from 'kysely';
import { RosterError } from '../../errors.ts';
import type { AttrPath, CompareOp, Filter, FilterValue } from '../../scim/filter/filter-ast.ts';
import { SCHEMAS_ATTRIBUTE } from '../../scim/filter/filter-evaluator.ts';
import type { AttributeDef, ResourceSchema } from '../../scim/schema/attribute.ts';
import { findAttribute, resolvePath, type ResolvedPath } from '../../scim/schema/resolve-path.ts';
import { targetFor, type ElementsTarget, type SqlValue, type Target, type TargetOptions } from './attribute-sql.ts';

type Sql = RawBuilder<unknown>;

export type CompileOptions = TargetOptions;

/** Where the compiler is: whether a NULL could flip a result, and the element scope of a value filter. */
interface Scope {
  rs: ResourceSchema;
  opts: CompileOptions;
  /**
   * True under `not`. Elsewhere a NULL comparison already behaves as false (AND/OR are monotone and
   * WHERE keeps only true), so plain `col = $1` is kept for index use; under `not` every comparison
   * that may be NULL is wrapped in `coalesce(…, false)` so absent values keep RFC meaning.
   */
  negated: boolean;
  /** The attribute whose elements a value filter `attr[…]` looks at. */
  element?: ElementsTarget;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function pathText(path: AttrPath): string {
  const name = path.sub ? `${path.attr}.${path.sub}` : path.attr;
  return path.schema ? `${path.schema}:${name}` : name;
}

function invalid(message: string, attribute: string, hint?: string): RosterError {
  return new RosterError('invalid_filter', message, { attribute, ...(hint !== undefined ? { hint } : {}) });
}

function unknownAttribute(path: AttrPath): RosterError {
  return invalid(`Unknown attribute "${pathText(path)}" in filter`, pathText(path), 'Use an attribute listed in /Schemas for this resource type.');
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function textValue(value: FilterValue, attribute: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(`A value is required to compare "${attribute}"`, attribute);
}

function cannot(op: CompareOp, kind: string, attribute: string): RosterError {
  return invalid(`Operator "${op}" cannot compare the ${kind} attribute "${attribute}"`, attribute, kind === 'boolean' ? 'Booleans support eq and ne.' : 'Use eq, ne, gt, ge, lt or le.');
}

// The evaluator's reading of dateTime values: ISO 8601 only; without an offset, UTC.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

function toInstant(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(text.length > 10 && m[1] === undefined ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** An instant as PostgreSQL timestamptz input: years ≤ 0 as BC, years past 9999 without `+00`. */
function pgInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  const m = /^([+-]?\d+)(-.*)$/.exec(iso);
  const year = Number(m?.[1]);
  const rest = m?.[2] ?? '';
  return year <= 0 ? `${String(1 - year).padStart(4, '0')}${rest} BC` : `${String(year).padStart(4, '0')}${rest}`;
}

const ORDER_OPS: Record<string, string> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/** A comparison that may be NULL when the value is absent, made NULL-free where a NULL could matter. */
function guard(condition: Sql, v: SqlValue, scope: Scope): Sql {
  return v.nullable && scope.negated ? sql`coalesce(${condition}, false)` : condition;
}

/** `v op value` for one value (RFC 7644 §3.4.2.2), with the evaluator's type rules. */
function compare(v: SqlValue, op: CompareOp, value: FilterValue, attribute: string, scope: Scope): Sql {
  if (value === null) {
    if (op === 'eq') return sql`(not ${v.present})`;
    if (op === 'ne') return v.present;
    throw invalid(`Operator "${op}" cannot compare "${attribute}" with null; only eq and ne can`, attribute);
  }
  if (op === 'ne') return sql`(not ${compare(v, 'eq', value, attribute, { ...scope, negated: true })})`;
  const order = ORDER_OPS[op];
  switch (v.kind) {
    case 'uuid': {
      if (op !== 'eq') return compare({ ...v, expr: sql`${v.expr}::text`, kind: 'text' }, op, value, attribute, scope);
      // A uuid column prints lower-case; any other spelling never equals it case-exactly.
      const text = textValue(value, attribute);
      if (!(v.caseExact ? LOWER_UUID : UUID).test(text)) return sql`false`;
      return guard(sql`${v.expr} = ${text.toLowerCase()}::uuid`, v, scope);
    }
    case 'boolean': {
      if (op !== 'eq') throw cannot(op, 'boolean', attribute);
      const b = typeof value === 'boolean' ? value : typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined;
      if (b === undefined) throw invalid(`"${attribute}" is a boolean: compare it with true or false`, attribute);
      return guard(sql`${v.expr} = ${b}`, v, scope);
    }
    case 'number': {
      if (!order && op !== 'eq') throw cannot(op, 'numeric', attribute);
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) throw invalid(`"${attribute}" is a number: compare it with a number`, attribute);
      return guard(sql`${v.expr} ${sql.raw(order ?? '=')} ${String(n)}::numeric`, v, scope);
    }
    case 'timestamp': {
      // co/sw/ew read the text the view shows; the others compare instants.
      if (!order && op !== 'eq') return compare({ ...v, expr: v.text ?? v.expr, kind: 'text' }, op, value, attribute, scope);
      const ms = typeof value === 'string' ? toInstant(value) : undefined;
      if (ms === undefined) {
        throw invalid(`"${attribute}" is a dateTime: compare it with an ISO 8601 date such as "2026-11-02T10:00:00Z"`, attribute);
      }
      // Views show milliseconds and rows keep microseconds: compare the millisecond the view shows,
      // as ranges so an index on the column still answers.
      const from = sql`${pgInstant(ms)}::timestamptz`;
      const next = sql`${pgInstant(ms + 1)}::timestamptz`;
      const x = v.expr;
      const range: Record<string, Sql> = {
        eq: sql`(${x} >= ${from} and ${x} < ${next})`,
        gt: sql`${x} >= ${next}`,
        ge: sql`${x} >= ${from}`,
        lt: sql`${x} < ${from}`,
        le: sql`${x} < ${next}`,
      };
      return guard(range[op] as Sql, v, scope);
    }
    default: {
      const text = textValue(value, attribute);
      const expr = v.text ?? v.expr;
      const a = v.caseExact ? expr : sql`lower(${expr})`;
      const param = v.caseExact ? sql`${text}::text` : sql`lower(${text}::text)`;
      if (op === 'eq') return guard(sql`${a} = ${param}`, v, scope);
      if (order) return guard(sql`${a} collate "C" ${sql.raw(order)} ${param} collate "C"`, v, scope);
      const pattern = op === 'co' ? `%${escapeLike(text)}%` : op === 'sw' ? `${escapeLike(text)}%` : `%${escapeLike(text)}`;
      const p = v.caseExact ? sql`${pattern}::text` : sql`lower(${pattern}::text)`;
      return guard(sql`${a} like ${p}`, v, scope);
    }
  }
}

/** A complex attribute compared without a sub-attribute compares its `value` (RFC 7644 §3.4.2.2). */
function defaultSub(attr: AttributeDef, path: AttrPath): AttributeDef | undefined {
  if (attr.type !== 'complex') return undefined;
  const value = findAttribute(attr.subAttributes ?? [], 'value');
  if (!value) {
    const label = pathText(path);
    throw invalid(`Attribute "${label}" is complex; compare one of its sub-attributes, e.g. "${label}.${attr.subAttributes?.[0]?.name ?? 'value'}"`, label);
  }
  return value;
}

function exists(target: ElementsTarget, condition: Sql): Sql {
  return sql`exists (select 1 from ${target.from} where ${condition})`;
}

/** The lower-cased text `emails.value eq` looks up in the GIN-indexed column; undefined when it cannot. */
function arrayLookup(v: SqlValue, op: CompareOp, value: FilterValue): string | undefined {
  if (!v.lowerArray || v.caseExact || op !== 'eq' || value === null) return undefined;
  const text = String(value);
  // The column holds every non-empty string value, lower-cased as userColumns does (in JS).
  return text === '' ? undefined : text.toLowerCase();
}

/** `attr[.sub] op value` on a multi-valued attribute: true when any element matches. */
function compareElements(target: ElementsTarget, sub: AttributeDef | undefined, op: CompareOp, value: FilterValue, name: string, scope: Scope): Sql {
  const leaf = { ...target.element(sub), ...((sub?.name ?? 'value') === 'value' && target.lowerArray ? { lowerArray: target.lowerArray } : {}) };
  if (value === null) {
    if (op === 'eq') return sql`(not ${exists(target, leaf.present)})`;
    if (op === 'ne') return exists(target, leaf.present);
    return compare(leaf, op, value, name, scope);
  }
  if (op === 'ne') return sql`(not ${compareElements(target, sub, 'eq', value, name, { ...scope, negated: true })})`;
  const lookup = arrayLookup(leaf, op, value);
  if (lookup !== undefined && leaf.lowerArray) return sql`${leaf.lowerArray} @> array[${lookup}::text]`;
  return exists(target, compare(leaf, op, value, name, { ...scope, negated: false }));
}

/** Inside `attr[…]`, a path names a sub-attribute of the element (or repeats `attr.sub` in full). */
function elementValue(target: ElementsTarget, path: AttrPath, rs: ResourceSchema): SqlValue {
  const parent = target.attribute;
  if (path.schema === undefined && path.sub === undefined) {
    const sub = findAttribute(parent.subAttributes ?? [], path.attr);
    if (!sub) throw invalid(`Unknown attribute "${parent.name}.${path.attr}" in filter`, pathText(path));
    return target.element(sub);
  }
  const resolved = resolveFilterPath(rs, path);
  if (!resolved.sub || resolved.attribute.name.toLowerCase() !== parent.name.toLowerCase()) {
    throw invalid(`"${pathText(path)}" is not a sub-attribute of "${parent.name}" in its value filter`, pathText(path));
  }
  return target.element(resolved.sub);
}

function conjuncts(filter: Filter): Filter[] {
  return filter.kind === 'And' ? [...conjuncts(filter.left), ...conjuncts(filter.right)] : [filter];
}

/** `emails[… and value eq "x" …]` can only match rows whose indexed emails column holds "x". */
function indexedPrefilter(target: ElementsTarget, inner: Filter): Sql | undefined {
  if (!target.lowerArray) return undefined;
  const value = findAttribute(target.attribute.subAttributes ?? [], 'value');
  if (!value) return undefined;
  for (const f of conjuncts(inner)) {
    if (f.kind !== 'Compare' || f.path.schema !== undefined || f.path.sub !== undefined || f.path.attr.toLowerCase() !== 'value') continue;
    const lookup = arrayLookup({ ...target.element(value), lowerArray: target.lowerArray }, f.op, f.value);
    if (lookup !== undefined) return sql`${target.lowerArray} @> array[${lookup}::text]`;
  }
  return undefined;
}

function compileWith(filter: Filter, scope: Scope): Sql {
  switch (filter.kind) {
    case 'And':
      return sql`(${compileWith(filter.left, scope)} and ${compileWith(filter.right, scope)})`;
    case 'Or':
      return sql`(${compileWith(filter.left, scope)} or ${compileWith(filter.right, scope)})`;
    case 'Not':
      return sql`(not ${compileWith(filter.filter, { ...scope, negated: true })})`;
    case 'ValuePath': {
      const label = pathText(filter.path);
      if (scope.element) throw invalid(`Value filters cannot be nested: "${label}[…]" inside "${scope.element.attribute.name}[…]"`, label);
      const resolved = resolveFilterPath(scope.rs, filter.path);
      if (resolved.sub) throw invalid(`A value filter "[…]" needs a multi-valued attribute, not the sub-attribute "${label}"`, label);
      if (resolved.attribute.type !== 'complex') throw invalid(`Attribute "${label}" has no sub-attributes, so it cannot take a value filter "[…]"`, label);
      const target = targetOf(scope, resolved) as ElementsTarget;
      // Inside exists(…) a NULL is false again, whatever surrounds it.
      const inner = exists(target, compileWith(filter.filter, { ...scope, negated: false, element: target }));
      const prefilter = indexedPrefilter(target, filter.filter);
      return prefilter ? sql`(${prefilter} and ${inner})` : inner;
    }
    case 'Present': {
      if (scope.element) return elementValue(scope.element, filter.path, scope.rs).present;
      const resolved = resolveFilterPath(scope.rs, filter.path);
      const target = targetOf(scope, resolved);
      if (target.form === 'scalar') return target.present;
      return exists(target, target.element(resolved.sub).present);
    }
    case 'Compare': {
      const name = pathText(filter.path);
      if (scope.element) return compare(elementValue(scope.element, filter.path, scope.rs), filter.op, filter.value, name, scope);
      let resolved = resolveFilterPath(scope.rs, filter.path);
      // A singular complex attribute compares its `value` (`manager eq "id"`).
      if (!resolved.attribute.multiValued && !resolved.sub && resolved.attribute.type === 'complex') {
        resolved = { ...resolved, sub: defaultSub(resolved.attribute, filter.path) as AttributeDef };
      }
      const target = targetOf(scope, resolved);
      if (target.form === 'scalar') return compare(target, filter.op, filter.value, name, scope);
      const sub = resolved.sub ?? defaultSub(target.attribute, filter.path);
      return compareElements(target, sub, filter.op, filter.value, name, scope);
    }
  }
}

/** The SQL target of a resolved path; a multi-valued attribute keeps its sub-attribute for the caller. */
function targetOf(scope: Scope, resolved: ResolvedPath): Target {
  return targetFor(scope.rs, resolved.attribute.multiValued ? { ...resolved, sub: undefined } : resolved, scope.opts);
}

function isSchemasPath(rs: ResourceSchema, path: AttrPath): boolean {
  if (path.sub !== undefined || path.attr.toLowerCase() !== 'schemas') return false;
  return path.schema === undefined || path.schema.toLowerCase() === rs.core.id.toLowerCase();
}

/** Resolves a path as the evaluator does, refusing attributes no filter may name. */
function resolveFilterPath(rs: ResourceSchema, path: AttrPath): ResolvedPath {
  const resolved = resolvePath(rs, path);
  if (!resolved) {
    // `schemas` is on every resource but in no schema's attribute list, yet RFC 7644 §3.4.2.2 filters on it.
    if (isSchemasPath(rs, path)) return { schema: undefined, extension: false, attribute: SCHEMAS_ATTRIBUTE };
    throw unknownAttribute(path);
  }
  if (resolved.attribute.returned === 'never' || resolved.sub?.returned === 'never') {
    throw invalid(`"${pathText(path)}" cannot be used in a filter`, pathText(path));
  }
  return resolved;
}

/** The SQL boolean for a filter over rows aliased `r` of the resource type's table. RFC 7644 §3.4.2.2. */
export function compileFilter(filter: Filter, rs: ResourceSchema, opts: CompileOptions = {}): RawBuilder<boolean> {
  return compileWith(filter, { rs, opts, negated: false }) as RawBuilder<boolean>;
}

/** The SQL ordering expression for `sortBy` (RFC 7644 §3.4.2.3): multi-valued attributes sort by their primary value. */
export function compileSortKey(path: AttrPath, rs: ResourceSchema): RawBuilder<unknown> {
  let resolved = resolveFilterPath(rs, path);
  if (!resolved.attribute.multiValued && !resolved.sub && resolved.attribute.type === 'complex') {
    resolved = { ...resolved, sub: defaultSub(resolved.attribute, path) as AttributeDef };
  }
  // The base URL is the same for every row, so URIs sort like their path.
  const target = targetOf({ rs, opts: { scimBaseUrl: '' }, negated: false }, resolved);
  const key = (v: SqlValue) => (v.kind === 'text' && !v.caseExact ? sql`lower(${v.text ?? v.expr})` : v.expr);
  if (target.form === 'scalar') return key(target);
  const leaf = target.element(resolved.sub ?? defaultSub(target.attribute, path));
  const primary = findAttribute(target.attribute.subAttributes ?? [], 'primary');
  const order = primary ? sql`order by (e.v ->> 'primary') = 'true' desc nulls last` : sql``;
  return sql`(select ${key(leaf)} from ${target.from} ${order} limit 1)`;
}
