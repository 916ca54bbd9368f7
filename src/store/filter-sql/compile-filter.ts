// Compiles the SCIM filter AST (RFC 7644 §3.4.2.2) into one parameterised SQL boolean over alias `r`.
import { sql, type RawBuilder } from 'kysely';
import { RosterError } from '../../errors.ts';
import type { AttrPath, CompareOp, Filter, FilterValue } from '../../scim/filter/filter-ast.ts';
import type { AttributeDef, ResourceSchema } from '../../scim/schema/attribute.ts';
import { SCHEMAS_ATTRIBUTE } from '../../scim/filter/filter-evaluator.ts';
import { findAttribute, resolvePath, type ResolvedPath } from '../../scim/schema/resolve-path.ts';
import { targetFor, type ElementsTarget, type SqlKind, type Target } from './attribute-sql.ts';

type Sql = RawBuilder<unknown>;

/** One comparable expression: a column, a jsonb leaf, or a sub-attribute of an element row. */
interface Leaf {
  expr: Sql;
  json?: Sql | undefined;
  kind: SqlKind;
  caseExact: boolean;
  lowerArray?: Sql | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pathText(path: AttrPath): string {
  const name = path.sub ? `${path.attr}.${path.sub}` : path.attr;
  return path.schema ? `${path.schema}:${name}` : name;
}

function unknownAttribute(path: AttrPath): RosterError {
  const name = pathText(path);
  return new RosterError('invalid_filter', `Unknown attribute "${name}" in filter`, {
    attribute: name,
    hint: 'Use an attribute listed in /Schemas for this resource type.',
  });
}

function jsonPresent(json: Sql): Sql {
  return sql`coalesce(${json} not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), false)`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function textValue(value: FilterValue, attribute: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new RosterError('invalid_filter', `A value is required to compare "${attribute}"`, { attribute });
}

function cannot(op: CompareOp, kind: string, attribute: string): RosterError {
  return new RosterError('invalid_filter', `Operator "${op}" cannot compare the ${kind} attribute "${attribute}"`, {
    attribute,
    hint: kind === 'boolean' ? 'Booleans support eq and ne.' : 'Use eq, ne, gt, ge, lt or le.',
  });
}

const ORDER_OPS: Record<string, string> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/** `leaf op value`, never NULL: absent values compare false, so `not (…)` keeps RFC meaning. */
function compare(leaf: Leaf, op: CompareOp, value: FilterValue, attribute: string): Sql {
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') throw new RosterError('invalid_filter', `Operator "${op}" cannot compare with null`, { attribute });
    const present = leaf.json ? jsonPresent(leaf.json) : sql`(${leaf.expr} is not null)`;
    return op === 'eq' ? sql`not ${present}` : present;
  }
  if (op === 'ne') return sql`not ${compare(leaf, 'eq', value, attribute)}`;
  const order = ORDER_OPS[op];
  switch (leaf.kind) {
    case 'uuid': {
      const text = textValue(value, attribute);
      if (op === 'eq') return UUID.test(text) ? sql`coalesce(${leaf.expr} = ${text.toLowerCase()}::uuid, false)` : sql`false`;
      return compare({ ...leaf, expr: sql`${leaf.expr}::text`, kind: 'text', caseExact: true }, op, value, attribute);
    }
    case 'boolean': {
      const b = typeof value === 'boolean' ? value : typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined;
      if (op !== 'eq') throw cannot(op, 'boolean', attribute);
      if (b === undefined) throw new RosterError('invalid_filter', `"${attribute}" is a boolean: compare it with true or false`, { attribute });
      return sql`coalesce(${leaf.expr} = ${b}, false)`;
    }
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!order && op !== 'eq') throw cannot(op, 'numeric', attribute);
      if (typeof value === 'boolean' || !Number.isFinite(n)) throw new RosterError('invalid_filter', `"${attribute}" is a number: compare it with a number`, { attribute });
      return sql`coalesce(${leaf.expr} ${sql.raw(order ?? '=')} ${String(n)}::numeric, false)`;
    }
    case 'timestamp': {
      if (!order && op !== 'eq') throw cannot(op, 'dateTime', attribute);
      const time = typeof value === 'string' ? new Date(value) : undefined;
      if (!time || Number.isNaN(time.getTime())) {
        throw new RosterError('invalid_filter', `"${attribute}" is a dateTime: compare it with a date such as "2026-11-02T10:00:00Z"`, { attribute });
      }
      return sql`coalesce(${leaf.expr} ${sql.raw(order ?? '=')} ${time.toISOString()}::timestamptz, false)`;
    }
    default: {
      const text = textValue(value, attribute);
      const a = leaf.caseExact ? leaf.expr : sql`lower(${leaf.expr})`;
      const param = leaf.caseExact ? sql`${text}::text` : sql`lower(${text}::text)`;
      if (op === 'eq') {
        if (leaf.lowerArray && !leaf.caseExact) return sql`(${leaf.lowerArray} @> array[lower(${text}::text)])`;
        return sql`coalesce(${a} = ${param}, false)`;
      }
      if (order) return sql`coalesce(${a} collate "C" ${sql.raw(order)} ${param} collate "C", false)`;
      const pattern = op === 'co' ? `%${escapeLike(text)}%` : op === 'sw' ? `${escapeLike(text)}%` : `%${escapeLike(text)}`;
      const p = leaf.caseExact ? sql`${pattern}::text` : sql`lower(${pattern}::text)`;
      return sql`coalesce(${a} like ${p}, false)`;
    }
  }
}

/** A complex attribute compared without a sub-attribute compares its `value` (RFC 7644 §3.4.2.2). */
function defaultSub(attr: AttributeDef, path: AttrPath): AttributeDef | undefined {
  if (attr.type !== 'complex') return undefined;
  const value = findAttribute(attr.subAttributes ?? [], 'value');
  if (!value) throw unknownAttribute({ ...path, sub: 'value' });
  return value;
}

function elementLeaf(target: ElementsTarget, sub: AttributeDef | undefined): Leaf {
  const el = target.element(sub);
  const lowerArray = target.lowerArray && (sub?.name ?? 'value') === 'value' ? target.lowerArray : undefined;
  return { ...el, lowerArray };
}

function exists(target: ElementsTarget, condition: Sql): Sql {
  return sql`exists (select 1 from ${target.from} where ${condition})`;
}

/** Compiles with `resolve` deciding what a path means: the resource, or the element of a value path. */
function compileWith(filter: Filter, resolve: (path: AttrPath) => Target | Leaf, rs: ResourceSchema, depth: number): Sql {
  switch (filter.kind) {
    case 'And':
      return sql`(${compileWith(filter.left, resolve, rs, depth)} and ${compileWith(filter.right, resolve, rs, depth)})`;
    case 'Or':
      return sql`(${compileWith(filter.left, resolve, rs, depth)} or ${compileWith(filter.right, resolve, rs, depth)})`;
    case 'Not':
      return sql`(not ${compileWith(filter.filter, resolve, rs, depth)})`;
    case 'ValuePath': {
      if (depth > 0) throw new RosterError('invalid_filter', 'Value filters cannot be nested', { attribute: pathText(filter.path) });
      const target = resolve(filter.path);
      if (!('form' in target) || target.form !== 'elements') {
        throw new RosterError('invalid_filter', `"${pathText(filter.path)}" is not multi-valued: use a plain comparison`, { attribute: pathText(filter.path) });
      }
      const inner = compileWith(filter.filter, (p) => relativeLeaf(target, p), rs, depth + 1);
      return exists(target, inner);
    }
    case 'Present': {
      const target = resolve(filter.path);
      if (!('form' in target)) return target.json ? jsonPresent(target.json) : sql`(${target.expr} is not null)`;
      if (target.form === 'scalar') return target.json ? jsonPresent(target.json) : sql`(${target.expr} is not null)`;
      const sub = filter.path.sub ? findAttribute(target.attribute.subAttributes ?? [], filter.path.sub) : undefined;
      return exists(target, jsonPresent(target.element(sub).json));
    }
    case 'Compare': {
      const name = pathText(filter.path);
      const target = resolve(filter.path);
      if (!('form' in target)) return compare(target, filter.op, filter.value, name);
      if (target.form === 'scalar') return compare(target, filter.op, filter.value, name);
      const sub = filter.path.sub
        ? findAttribute(target.attribute.subAttributes ?? [], filter.path.sub)
        : defaultSub(target.attribute, filter.path);
      const leaf = elementLeaf(target, sub);
      if (filter.op === 'ne') return sql`not ${compareAny(target, leaf, 'eq', filter.value, name)}`;
      return compareAny(target, leaf, filter.op, filter.value, name);
    }
  }
}

function compareAny(target: ElementsTarget, leaf: Leaf, op: CompareOp, value: FilterValue, name: string): Sql {
  if (leaf.lowerArray && op === 'eq' && typeof value === 'string' && !leaf.caseExact) return compare(leaf, op, value, name);
  return exists(target, compare({ ...leaf, lowerArray: undefined }, op, value, name));
}

/** Inside `attr[…]`, a path names a sub-attribute of the element. */
function relativeLeaf(target: ElementsTarget, path: AttrPath): Leaf {
  if (path.sub !== undefined || path.schema !== undefined) throw unknownAttribute(path);
  const subs = target.attribute.subAttributes;
  const sub = subs ? findAttribute(subs, path.attr) : undefined;
  if (subs && !sub) throw unknownAttribute({ attr: `${target.attribute.name}.${path.attr}` });
  return { ...target.element(sub), lowerArray: undefined };
}

function resolveRoot(rs: ResourceSchema, path: AttrPath): Target {
  // `schemas` is not in any schema definition, yet RFC 7644 §3.4.2.2 filters on it.
  if (path.schema === undefined && path.sub === undefined && path.attr.toLowerCase() === 'schemas') {
    return targetFor(rs, { schema: undefined, extension: false, attribute: SCHEMAS_ATTRIBUTE });
  }
  const resolved: ResolvedPath | undefined = resolvePath(rs, path);
  if (!resolved) throw unknownAttribute(path);
  if (resolved.attribute.returned === 'never') {
    throw new RosterError('invalid_filter', `"${pathText(path)}" cannot be used in a filter`, { attribute: pathText(path) });
  }
  // A multi-valued attribute keeps its sub-attribute in the path; the compiler picks it per element.
  if (resolved.attribute.multiValued) return targetFor(rs, { ...resolved, sub: undefined } as ResolvedPath);
  if (resolved.attribute.type === 'complex' && !resolved.sub) {
    const value = defaultSub(resolved.attribute, path);
    return targetFor(rs, { ...resolved, sub: value } as ResolvedPath);
  }
  return targetFor(rs, resolved);
}

/** The SQL boolean for a filter over rows aliased `r` of the resource type's table. RFC 7644 §3.4.2.2. */
export function compileFilter(filter: Filter, rs: ResourceSchema): RawBuilder<boolean> {
  return compileWith(filter, (p) => resolveRoot(rs, p), rs, 0) as RawBuilder<boolean>;
}

/** The SQL ordering expression for `sortBy` (RFC 7644 §3.4.2.3): multi-valued attributes sort by their primary value. */
export function compileSortKey(path: AttrPath, rs: ResourceSchema): RawBuilder<unknown> {
  const target = resolveRoot(rs, path);
  if (target.form === 'scalar') return target.kind === 'text' && !target.caseExact ? sql`lower(${target.expr})` : target.expr;
  const sub = path.sub ? findAttribute(target.attribute.subAttributes ?? [], path.sub) : defaultSub(target.attribute, path);
  const leaf = target.element(sub);
  const primary = findAttribute(target.attribute.subAttributes ?? [], 'primary');
  const order = primary ? sql`order by (e.v ->> 'primary') = 'true' desc nulls last` : sql``;
  const expr = leaf.kind === 'text' && !leaf.caseExact ? sql`lower(${leaf.expr})` : leaf.expr;
  return sql`(select ${expr} from ${target.from} ${order} limit 1)`;
}
