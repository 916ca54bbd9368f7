// Prints filter ASTs and attribute paths back to canonical SCIM text (RFC 7644 §3.4.2.2, §3.10).
import type { AttrPath, Filter, FilterValue, PatchPath } from './filter-ast.ts';

/** Prints `[schemaURN:]attr[.sub]` (RFC 7644 §3.10). */
export function printAttrPath(p: AttrPath): string {
  const base = p.schema === undefined ? p.attr : `${p.schema}:${p.attr}`;
  return p.sub === undefined ? base : `${base}.${p.sub}`;
}

/**
 * Prints a compValue (RFC 7644 §3.4.2.2): strings always JSON-quoted so they never read back as
 * numbers or literals; -0 spelled out because JSON.stringify(-0) is "0".
 */
export function printValue(v: FilterValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return String(v);
}

/**
 * Prints a filter in canonical form (RFC 7644 §3.4.2.2): lower-case operators, single spaces,
 * and only the parentheses precedence needs (not > and > or; and/or fold to the left, so a
 * right operand of the same operator keeps its parentheses). parseFilter(printFilter(f)) equals f.
 */
export function printFilter(f: Filter): string {
  switch (f.kind) {
    case 'Compare':
      return `${printAttrPath(f.path)} ${f.op} ${printValue(f.value)}`;
    case 'Present':
      return `${printAttrPath(f.path)} pr`;
    case 'Not':
      return `not (${printFilter(f.filter)})`;
    case 'ValuePath':
      return `${printAttrPath(f.path)}[${printFilter(f.filter)}]`;
    case 'And':
      return `${operand(f.left, OR)} and ${operand(f.right, AND_OR)}`;
    case 'Or':
      return `${printFilter(f.left)} or ${operand(f.right, OR)}`;
  }
}

/** Prints a PATCH path (RFC 7644 §3.5.2): `attr[filter].sub`. */
export function printPatchPath(p: PatchPath): string {
  let text = printAttrPath(p.path);
  if (p.filter) text += `[${printFilter(p.filter)}]`;
  if (p.subAfterFilter !== undefined) text += `.${p.subAfterFilter}`;
  return text;
}

// Which operand kinds need parentheses in each position.
const OR: ReadonlySet<Filter['kind']> = new Set(['Or']);
const AND_OR: ReadonlySet<Filter['kind']> = new Set(['Or', 'And']);

function operand(f: Filter, needsParens: ReadonlySet<Filter['kind']>): string {
  const text = printFilter(f);
  return needsParens.has(f.kind) ? `(${text})` : text;
}
