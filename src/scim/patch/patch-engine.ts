// Applies a list of PATCH operations to a SCIM resource, all or nothing (RFC 7644 §3.5.2).
import { RosterError } from '../../errors.ts';
import type { AttributeDef, ResourceSchema, SchemaDef, ScimResource } from '../schema/attribute.ts';
import { addValue, removeValue, replaceValue } from './patch-attribute.ts';
import { enforceSinglePrimary, finalize, primaryElements } from './patch-finalize.ts';
import { applyMembersOperation } from './patch-members.ts';
import {
  assertNotReadOnly,
  isMembersAttribute,
  readAttribute,
  resolveTarget,
  type AttributeTarget,
  type PatchTarget,
} from './patch-target.ts';
import type { PatchOperation, PatchResult, PatchState } from './patch-types.ts';
import { cloneJson, deepEqual, isEmptyValue, isObject } from './patch-util.ts';

// Semantics chosen where RFC 7644 §3.5.2 leaves room (tests pin each one):
// - Path-less replace merges a complex value's sub-attributes (`{"name": {"givenName": "x"}}`
//   keeps familyName); replace with an explicit path to a complex attribute replaces it whole.
// - A null value on add/replace removes the target; adding [] or {} adds nothing.
// - Removing something already absent (filter with no match, value with no match) succeeds with
//   a warning instead of noTarget, so an IdP's retry of a removal that happened does not fail.
// - add/replace through `attr[eq-filter].sub` with no match creates one element carrying the
//   filter's values; any other filter with no match is noTarget.
// - readOnly keys in a path-less value are ignored: id (when equal) and meta silently, others
//   with a warning. With an explicit path they are a mutability error.
// - Removing a required attribute (userName, Group displayName) is invalidValue (§3.12: "a
//   required value was missing"); an extension's, only while the extension stays (RFC 7643 §6).
// - Unknown attributes are invalidPath, in paths and in path-less values alike.
// - A new `primary: true` demotes the other values to `primary: false`.

type Op = PatchOperation['op'];
const OPS: ReadonlySet<string> = new Set(['add', 'replace', 'remove']);

/**
 * Applies PATCH operations (RFC 7644 §3.5.2.1–3) to a resource of type `rs` and returns the
 * patched copy. Pure: the input resource and operations are never mutated, and any failing
 * operation throws a RosterError so that no partial result exists. Group members are never
 * written to the resource; each operation on them becomes a MemberChange.
 */
export function applyPatch(rs: ResourceSchema, resource: ScimResource, operations: PatchOperation[]): PatchResult {
  const working = cloneJson(resource, 'resource');
  // Members live in the membership table; a copy that slipped into the JSON must not be patched.
  if (rs.type === 'Group') delete working.members;
  const state: PatchState = { rs, resource: working, memberChanges: [], warnings: [], touched: new Set() };
  cloneJson(operations, 'PATCH operations').forEach((op, index) => applyOperation(state, op, index));
  const changedAttributes = finalize(state, resource);
  return { resource: state.resource, memberChanges: state.memberChanges, changedAttributes, warnings: state.warnings };
}

function applyOperation(state: PatchState, operation: PatchOperation, index: number): void {
  // applyPatch is also called without parsePatchRequest (tests, internal callers), so re-check the shape.
  if (!isObject(operation) || typeof operation.op !== 'string' || !OPS.has(operation.op)) {
    throw new RosterError('invalid_syntax', `Operation ${index} has no valid "op"; expected "add", "replace" or "remove".`);
  }
  const { op, path, value } = operation;
  if (op !== 'remove' && value === undefined) throw new RosterError('invalid_syntax', `Operation ${index} (${op}) has no "value".`);
  if (path === undefined) {
    if (op === 'remove') {
      throw new RosterError('no_target', `Operation ${index} is a remove without "path".`, {
        hint: 'RFC 7644 §3.5.2.2 requires a path for remove, e.g. "path": "emails[type eq \\"work\\"]".',
      });
    }
    return applyPathless(state, op, value);
  }
  if (typeof path !== 'string') throw new RosterError('invalid_syntax', `Operation ${index} has a "path" that is not a string.`);
  applyToTarget(state, op, resolveTarget(state.rs, path), value, value !== undefined, false);
}

function applyToTarget(state: PatchState, op: Op, target: PatchTarget, value: unknown, hasValue: boolean, pathless: boolean): void {
  if (target.kind === 'core') {
    if (op === 'remove') throw new RosterError('no_target', `Cannot remove "${target.text}": it names the whole resource.`, { attribute: target.text });
    return applyPathless(state, op, value);
  }
  if (target.kind === 'extension') return applyExtension(state, op, target.schema, value, pathless);
  if (pathless && isReadOnly(target)) return ignoreReadOnly(state, target, value);
  applyAttribute(state, op, target, value, hasValue, pathless);
}

/**
 * RFC 7644 §3.5.2.1/§3.5.2.3 without path: the value is an object whose keys are attribute
 * paths. Keys may be dotted (`name.givenName`), URN-qualified, or an extension URN holding an
 * object (Microsoft Entra, Okta); each is applied as its own operation. readOnly keys are
 * ignored, since clients echo back `id` and `meta`.
 */
function applyPathless(state: PatchState, op: Op, value: unknown): void {
  if (!isObject(value)) {
    throw new RosterError('invalid_value', `A PATCH ${op} without "path" needs an object of attributes as its value.`, {
      hint: 'Send {"op": "replace", "value": {"displayName": "…"}} or give a "path".',
    });
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    applyToTarget(state, op, resolveTarget(state.rs, key), item, item !== undefined, true);
  }
}

/**
 * A path (or path-less key) that is exactly an extension URN targets the extension object.
 * add merges attribute by attribute; replace with that path replaces the object (attributes not
 * given are removed, RFC 7644 §3.5.2.3), while as a path-less key it merges like the rest of a
 * path-less value; remove deletes every attribute of the extension.
 */
function applyExtension(state: PatchState, op: Op, schema: SchemaDef, value: unknown, pathless: boolean): void {
  const targetOf = (attribute: AttributeDef): AttributeTarget => ({
    kind: 'attribute',
    text: `${schema.id}:${attribute.name}`,
    attribute,
    container: schema.id,
    name: `${schema.id}:${attribute.name}`,
  });
  if (op === 'remove' || value === null) {
    for (const attribute of schema.attributes) applyAttribute(state, 'remove', targetOf(attribute), undefined, false, false);
    return;
  }
  if (!isObject(value)) {
    throw new RosterError('invalid_value', `The value for "${schema.id}" must be an object of its attributes.`, { attribute: schema.id });
  }
  if (op === 'replace' && !pathless) {
    const given = new Set(Object.keys(value).map((k) => k.split('.')[0]?.toLowerCase()));
    for (const attribute of schema.attributes) {
      if (attribute.mutability !== 'readOnly' && !given.has(attribute.name.toLowerCase())) {
        applyAttribute(state, 'remove', targetOf(attribute), undefined, false, false);
      }
    }
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const target = resolveTarget(state.rs, `${schema.id}:${key}`);
    if (target.kind !== 'attribute') applyToTarget(state, op, target, item, item !== undefined, true);
    else if (isReadOnly(target)) ignoreReadOnly(state, target, item);
    // With an explicit extension path, replace keeps its whole-value meaning for complex attributes.
    else applyAttribute(state, op, target, item, item !== undefined, pathless);
  }
}

function isReadOnly(target: AttributeTarget): boolean {
  return target.attribute.mutability === 'readOnly' || target.sub?.mutability === 'readOnly';
}

// `id` and `meta` are echoed back by clients as a matter of course; anything else is worth telling.
function ignoreReadOnly(state: PatchState, target: AttributeTarget, value: unknown): void {
  const name = target.attribute.name;
  if (name === 'meta' && !target.container) return;
  if (name === 'id' && !target.container && deepEqual(value, state.resource.id)) return;
  state.warnings.push({ attribute: target.text, message: `"${target.text}" is readOnly; its value was ignored.` });
}

/** One operation on one attribute, with the mutability, required and primary rules around it. */
function applyAttribute(state: PatchState, op: Op, target: AttributeTarget, value: unknown, hasValue: boolean, pathless: boolean): void {
  if (isMembersAttribute(state.rs, target.attribute, target.container)) {
    return applyMembersOperation(state, target, op, value, hasValue);
  }
  assertNotReadOnly(target);
  const live = readAttribute(state.resource, target);
  const before: unknown = live === undefined ? undefined : structuredClone(live);
  const primariesBefore = primaryElements(live);

  if (op === 'add') addValue(state, target, value);
  else if (op === 'replace') replaceValue(state, target, value, pathless);
  else removeValue(state, target, value, hasValue);

  state.touched.add(target.name);
  const after = readAttribute(state.resource, target);
  enforceSinglePrimary(after, primariesBefore);
  checkMutability(target, before, after);
  // An extension's required attributes bind only while the resource carries it (RFC 7643 §6):
  // finalize checks them once every operation has run, so removing the whole extension is allowed.
  if (target.attribute.required && !target.container && !isEmptyValue(before) && isEmptyValue(after)) {
    throw new RosterError('invalid_value', `"${target.attribute.name}" is required and cannot be removed.`, {
      attribute: target.text,
      hint: 'Replace it with a new value instead.',
    });
  }
}

/** RFC 7644 §3.5.2: an immutable attribute may be added when it has no value, never changed. */
function checkMutability(target: AttributeTarget, before: unknown, after: unknown): void {
  const { attribute, sub } = target;
  let changed = attribute.mutability === 'immutable' && before !== undefined && !deepEqual(before, after);
  if (!changed && sub?.mutability === 'immutable' && !attribute.multiValued && isObject(before) && before[sub.name] !== undefined) {
    changed = !deepEqual(before[sub.name], isObject(after) ? after[sub.name] : undefined);
  }
  if (changed) {
    throw new RosterError('mutability', `"${target.text}" is immutable: it can be set once but not changed.`, { attribute: target.text });
  }
}
