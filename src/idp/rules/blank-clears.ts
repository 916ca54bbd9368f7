// Rule: an empty string means "this attribute was cleared at the source" (Okta, Entra, OneLogin templates).
import { printPatchPath } from '../../scim/filter/filter-printer.ts';
import type { PatchOperation } from '../../scim/patch/patch-types.ts';
import type { ResourceTypeName } from '../../scim/schema/attribute.ts';
import { findSchema, resolvePath } from '../../scim/schema/resolve-path.ts';
import { resourceSchemaFor } from '../../scim/schema/resource-types.ts';
import { isPlain, parsePathSafely, pick, resolveKey, type Plain } from './attribute-keys.ts';

// Why a dialect rule and not the core: RFC 7643 says nothing about "", and a generic client may
// mean the empty string itself (SimpleIdServer#295: users expect "" to round-trip). Okta and Entra
// send "" when the source attribute is emptied, and a OneLogin JSON template renders an empty
// field as "". For those providers "" becomes null, which RFC 7643 §2.5 makes equal to
// "unassigned": a POST/PUT leaves it out, a path-less PATCH value removes it.
// Required attributes (userName, Group displayName) keep their "": the core's "is required"
// error is the honest answer to a blank one.

/** "" → null, recursively; an element of a multi-valued attribute whose `value` is "" is dropped. */
export function clearBlanks(value: unknown): unknown {
  if (value === '') return null;
  if (Array.isArray(value)) {
    return value
      .filter((element) => element !== '' && !(isPlain(element) && pick(element, 'value') === ''))
      .map((element) => clearBlanks(element));
  }
  if (isPlain(value)) {
    const out: Plain = {};
    for (const [key, inner] of Object.entries(value)) out[key] = clearBlanks(inner);
    return out;
  }
  return value;
}

/** One top-level key of a body or path-less value: required attributes are left alone. */
function clearKey(type: ResourceTypeName, key: string, value: unknown): unknown {
  if (key.toLowerCase() === 'schemas') return value;
  const rs = resourceSchemaFor(type);
  if (findSchema(rs, key)?.extension) return clearBlanks(value);
  const resolved = resolveKey(rs, key);
  if (resolved && resolved.sub === undefined && resolved.attribute.required) return value;
  return clearBlanks(value);
}

function clearObject(type: ResourceTypeName, obj: Plain): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(obj)) out[key] = clearKey(type, key, value);
  return out;
}

/** Body rule: a POST or PUT body with blank attributes left out. */
export function blanksClearInBody(type: ResourceTypeName, body: unknown): unknown {
  return isPlain(body) ? clearObject(type, body) : body;
}

/**
 * An explicit-path add/replace of "" becomes the RFC 7644 §3.5.2.2 remove of that path. For
 * `emails[type eq "work"].value` it removes the whole work email: an email without an address
 * is not an email. Multi-valued attributes addressed whole (`members`, `emails`) are left to the
 * core, so a stray "" can never empty a group.
 */
function clearExplicit(type: ResourceTypeName, op: PatchOperation & { path: string }): PatchOperation {
  if (op.value !== '') return { ...op, value: clearBlanks(op.value) };
  const parsed = parsePathSafely(op.path);
  if (!parsed) return op;
  const rs = resourceSchemaFor(type);
  const resolved = resolvePath(rs, { ...parsed.path, sub: undefined });
  // A directory's custom extension (docs/custom-schemas.md) is not in the built-in schema this rule
  // sees; its attributes are never core-required, so a blank clears them like any optional one.
  if (!resolved) return parsed.path.schema !== undefined && !parsed.filter && !findSchema(rs, parsed.path.schema) ? { op: 'remove', path: op.path } : op;
  const sub = parsed.path.sub ?? parsed.subAfterFilter;
  if (resolved.attribute.required && sub === undefined) return op;
  if (parsed.filter) {
    const whole = sub === undefined || sub.toLowerCase() === 'value';
    return { op: 'remove', path: whole ? printPatchPath({ path: parsed.path, filter: parsed.filter }) : op.path };
  }
  if (resolved.attribute.multiValued && sub === undefined) return op;
  return { op: 'remove', path: op.path };
}

/** PATCH rule: "" in add/replace operations becomes a removal. */
export function blanksClearInPatch(type: ResourceTypeName, ops: PatchOperation[]): PatchOperation[] {
  return ops.map((op) => {
    if (op.op === 'remove') return op;
    if (op.path !== undefined) return clearExplicit(type, { ...op, path: op.path });
    return isPlain(op.value) ? { ...op, value: clearObject(type, op.value) } : op;
  });
}
