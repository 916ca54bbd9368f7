// Rule: enterprise attributes written without their schema URN (`manager`, `employeeNumber`) get it.
import type { AttrPath, Filter } from '../../scim/filter/filter-ast.ts';
import { parseFilter } from '../../scim/filter/filter-parser.ts';
import { printFilter, printPatchPath } from '../../scim/filter/filter-printer.ts';
import type { RawParams } from '../../scim/list/list-params.ts';
import type { PatchOperation } from '../../scim/patch/patch-types.ts';
import type { ResourceTypeName } from '../../scim/schema/attribute.ts';
import { ENTERPRISE_USER_SCHEMA } from '../../scim/schema/enterprise-user-schema.ts';
import { findAttribute } from '../../scim/schema/resolve-path.ts';
import type { QueryScope } from '../dialect.ts';
import { isPlain, parsePathSafely, type Plain } from './attribute-keys.ts';

// Why a dialect rule: RFC 7644 §3.10 reads a name without a URN as a core attribute, and the core
// User schema has no `manager` or `employeeNumber`, so the core answers invalidPath/invalidFilter.
// Entra's legacy samples write `"path":"manager"` and filter `manager eq "…"` (MS-TUT Examples 4
// and 5); Rippling lists `employeeNumber` flat among its attributes. Only names the core schema
// does not define are moved, so no provider can shadow a core attribute this way.

const ENTERPRISE_URN = ENTERPRISE_USER_SCHEMA.id;

/** Every attribute of the enterprise extension, for providers that flatten all of them. */
export const ENTERPRISE_NAMES: readonly string[] = ENTERPRISE_USER_SCHEMA.attributes.map((a) => a.name);

function qualifies(names: readonly string[], path: AttrPath): boolean {
  return path.schema === undefined && names.some((n) => n.toLowerCase() === path.attr.toLowerCase());
}

/** `manager` compared to an id means its `value`, as in Entra's manager check. */
function qualified(path: AttrPath, inFilter: boolean): AttrPath {
  const attribute = findAttribute(ENTERPRISE_USER_SCHEMA.attributes, path.attr);
  const name = attribute?.name ?? path.attr;
  const sub = path.sub ?? (inFilter && attribute?.type === 'complex' ? 'value' : undefined);
  return sub === undefined ? { schema: ENTERPRISE_URN, attr: name } : { schema: ENTERPRISE_URN, attr: name, sub };
}

/** Body rule factory: flat top-level keys move into the enterprise extension object. */
export function flatEnterpriseInBody(names: readonly string[]) {
  return (type: ResourceTypeName, body: unknown): unknown => {
    if (type !== 'User' || !isPlain(body)) return body;
    const out: Plain = {};
    const moved: Plain = {};
    for (const [key, value] of Object.entries(body)) {
      const [attr, sub] = key.split('.');
      if (attr && !key.includes(':') && qualifies(names, { attr })) moved[sub === undefined ? attr : `${attr}.${sub}`] = value;
      else out[key] = value;
    }
    if (Object.keys(moved).length === 0) return body;
    const urnKey = Object.keys(out).find((k) => k.toLowerCase() === ENTERPRISE_URN.toLowerCase());
    const existing = urnKey !== undefined && isPlain(out[urnKey]) ? (out[urnKey] as Plain) : {};
    // A value the client also sent under the URN is the more specific one, so it wins.
    out[urnKey ?? ENTERPRISE_URN] = { ...moved, ...existing };
    return out;
  };
}

function qualifyPatchPath(names: readonly string[], text: string): string {
  const parsed = parsePathSafely(text);
  if (!parsed || !qualifies(names, parsed.path)) return text;
  return printPatchPath({ ...parsed, path: qualified(parsed.path, false) });
}

/** PATCH rule factory: paths and path-less keys naming a flat enterprise attribute get the URN. */
export function flatEnterpriseInPatch(names: readonly string[]) {
  return (type: ResourceTypeName, ops: PatchOperation[]): PatchOperation[] => {
    if (type !== 'User') return ops;
    return ops.map((op) => {
      if (op.path !== undefined) return { ...op, path: qualifyPatchPath(names, op.path) };
      if (!isPlain(op.value)) return op;
      const value: Plain = {};
      for (const [key, item] of Object.entries(op.value)) value[key.includes(':') ? key : qualifyPatchPath(names, key)] = item;
      return { ...op, value };
    });
  };
}

function rewriteFilter(names: readonly string[], f: Filter): Filter {
  switch (f.kind) {
    case 'Compare':
    case 'Present':
      return qualifies(names, f.path) ? { ...f, path: qualified(f.path, true) } : f;
    case 'ValuePath':
      // Paths inside the brackets are relative to the elements: never qualified.
      return qualifies(names, f.path) ? { ...f, path: qualified(f.path, false) } : f;
    case 'Not':
      return { ...f, filter: rewriteFilter(names, f.filter) };
    case 'And':
    case 'Or':
      return { ...f, left: rewriteFilter(names, f.left), right: rewriteFilter(names, f.right) };
  }
}

/** Query rule factory: `manager eq "id"` → `urn:…:enterprise:2.0:User:manager.value eq "id"`. */
export function flatEnterpriseInQuery(names: readonly string[]) {
  return (scope: QueryScope, params: RawParams): RawParams => {
    if (scope === 'Group') return params;
    const key = Object.keys(params).find((k) => k.toLowerCase() === 'filter');
    const text = key === undefined ? undefined : params[key];
    if (key === undefined || typeof text !== 'string' || !names.some((n) => text.toLowerCase().includes(n.toLowerCase()))) return params;
    let filter: Filter;
    try {
      filter = parseFilter(text);
    } catch {
      return params; // the core parses it again and names the error
    }
    const rewritten = printFilter(rewriteFilter(names, filter));
    return rewritten === printFilter(filter) ? params : { ...params, [key]: rewritten };
  };
}
