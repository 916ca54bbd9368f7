// Brings a patched resource back to canonical form: one primary, no empty values, a correct schemas list.
import { RosterError } from '../../errors.ts';
import type { SchemaDef, ScimResource } from '../schema/attribute.ts';
import type { PatchState } from './patch-types.ts';
import { deepEqual, isEmptyValue, isObject } from './patch-util.ts';

/** The elements of a multi-valued value that currently say `primary: true` (RFC 7643 §2.4). */
export function primaryElements(value: unknown): Set<object> {
  const out = new Set<object>();
  if (Array.isArray(value)) for (const el of value) if (isObject(el) && el.primary === true) out.add(el);
  return out;
}

/**
 * RFC 7643 §2.4 allows `primary: true` on at most one value, and RFC 7644 §3.5.2 has a new
 * primary value demote the others. `before` holds the elements that were primary before the
 * operation; the last element the operation made primary wins.
 */
export function enforceSinglePrimary(value: unknown, before: Set<object>): void {
  if (!Array.isArray(value)) return;
  const winner = value.filter((el) => isObject(el) && el.primary === true && !before.has(el)).at(-1);
  if (winner === undefined) return;
  for (const el of value) if (isObject(el) && el !== winner && el.primary === true) el.primary = false;
}

/** Splits `URN:attr` (extensions) or `attr` (core, common) into where the value lives. */
function locate(name: string): { container: string | undefined; attr: string } {
  const cut = name.lastIndexOf(':');
  return cut < 0 ? { container: undefined, attr: name } : { container: name.slice(0, cut), attr: name.slice(cut + 1) };
}

function holderOf(resource: ScimResource, container: string | undefined): Record<string, unknown> | undefined {
  const holder = container === undefined ? resource : resource[container];
  return isObject(holder) ? holder : undefined;
}

/** The value of a canonical top-level name (`attr` or `URN:attr`, RFC 7644 §3.10) in a resource. */
export function valueOf(resource: ScimResource, name: string): unknown {
  const { container, attr } = locate(name);
  return holderOf(resource, container)?.[attr];
}

/** Drops empty elements, empty complex values and empty arrays, which canonical form never stores. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) {
    const kept = value.map(tidy).filter((el) => !isEmptyValue(el));
    // An operation may have left several primaries only through pre-existing data; keep the last.
    const primaries = kept.filter((el) => isObject(el) && el.primary === true);
    for (const el of primaries.slice(0, -1)) if (isObject(el)) el.primary = false;
    return kept.length > 0 ? kept : undefined;
  }
  if (isObject(value)) {
    for (const key of Object.keys(value)) if (value[key] === undefined || value[key] === null) delete value[key];
    return isEmptyValue(value) ? undefined : value;
  }
  return value;
}

/**
 * Canonicalises the touched attributes, drops empty extension objects, rebuilds `schemas`
 * (core URN plus each extension URN that has values) and returns the names whose value differs
 * from `original`, in first-touch order.
 */
export function finalize(state: PatchState, original: ScimResource): string[] {
  const { rs, resource } = state;
  for (const name of state.touched) {
    const { container, attr } = locate(name);
    const holder = holderOf(resource, container);
    if (!holder || !Object.hasOwn(holder, attr)) continue;
    const value = tidy(holder[attr]);
    if (value === undefined) delete holder[attr];
    else holder[attr] = value;
  }
  const schemas = [rs.core.id];
  for (const { schema } of rs.extensions) {
    const ext = resource[schema.id];
    if (ext === undefined) continue;
    if (isEmptyValue(ext)) delete resource[schema.id];
    else {
      schemas.push(schema.id);
      checkExtensionRequired(state, schema);
    }
  }
  resource.schemas = schemas;
  return [...state.touched].filter((name) => !deepEqual(valueOf(original, name), valueOf(resource, name)));
}

/**
 * RFC 7643 §6: a resource that carries an optional extension carries its required attributes too.
 * Checked only for extensions this PATCH touched, so a value stored before the admin made an
 * attribute required does not block unrelated changes.
 */
function checkExtensionRequired(state: PatchState, schema: SchemaDef): void {
  const prefix = `${schema.id}:`;
  if (![...state.touched].some((name) => name.startsWith(prefix))) return;
  const bag = state.resource[schema.id];
  for (const def of schema.attributes) {
    if (!def.required || def.mutability === 'readOnly' || (isObject(bag) && !isEmptyValue(bag[def.name]))) continue;
    throw new RosterError('invalid_value', `Attribute "${prefix}${def.name}" is required when the resource carries ${schema.id}`, {
      attribute: `${prefix}${def.name}`,
      hint: `Send "${prefix}${def.name}" in the same PATCH, or remove the whole extension.`,
    });
  }
}
