// Add, replace and remove on one resolved attribute (whole value or a sub-attribute) (RFC 7644 §3.5.2.1–3).
import { readAttribute, writeAttribute, type AttributeTarget } from './patch-target.ts';
import type { PatchState } from './patch-types.ts';
import { coerceAttributeValue } from '../resource/coerce-value.ts';
import { findAttribute } from '../schema/resolve-path.ts';
import { coerceOne, deepEqual, isObject, matchesGiven } from './patch-util.ts';
import { applyToElements } from './patch-value-path.ts';

/** True when the operation works element by element: a filter, or a sub-attribute of a multi-valued attribute. */
function isElementWise(target: AttributeTarget): boolean {
  return target.filter !== undefined || (target.sub !== undefined && target.attribute.multiValued);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? [...value] : value === undefined ? [] : [value];
}

/**
 * RFC 7644 §3.5.2.1 add: a singular simple attribute is set (add ≡ replace), a singular
 * complex one gets the given sub-attributes merged in, a multi-valued one gets each element
 * that is not already present (deep-equal, key order ignored) appended. A null value removes
 * the attribute: lenient, since some IdPs clear fields that way. The enterprise `manager` sent
 * as a bare id string becomes `{ value }` in coerceAttributeValue.
 */
export function addValue(state: PatchState, target: AttributeTarget, value: unknown): void {
  if (isElementWise(target)) return applyToElements(state, target, 'add', value);
  if (target.sub) return setSubAttribute(state, target, value);
  const { attribute, text } = target;
  const coerced = coerceAttributeValue(attribute, value, text);
  const current = readAttribute(state.resource, target);
  if (mergesComplex(target, current, value)) return writeAttribute(state.resource, target, mergeComplex(target, current, value, coerced));
  // Only an explicit null clears; adding [] or {} adds nothing.
  if (coerced === undefined) return value === null ? writeAttribute(state.resource, target, undefined) : undefined;
  if (attribute.multiValued) {
    const list = asList(current);
    for (const element of asList(coerced)) {
      if (!list.some((existing) => deepEqual(existing, element))) list.push(element);
    }
    return writeAttribute(state.resource, target, list);
  }
  writeAttribute(state.resource, target, coerced);
}

/**
 * RFC 7644 §3.5.2.3 replace: the value replaces the attribute (all values of a multi-valued
 * one). With an explicit path a complex attribute is replaced whole; `merge` (path-less replace)
 * replaces only the sub-attributes given, which is what IdPs sending `{"name": {...}}` expect.
 * Replacing an attribute that has no value is an add.
 */
export function replaceValue(state: PatchState, target: AttributeTarget, value: unknown, merge: boolean): void {
  if (isElementWise(target)) return applyToElements(state, target, 'replace', value);
  if (target.sub) return setSubAttribute(state, target, value);
  const { attribute, text } = target;
  const coerced = coerceAttributeValue(attribute, value, text);
  const current = readAttribute(state.resource, target);
  if (merge && mergesComplex(target, current, value)) return writeAttribute(state.resource, target, mergeComplex(target, current, value, coerced));
  if (coerced === undefined) return writeAttribute(state.resource, target, undefined);
  if (attribute.multiValued) return writeAttribute(state.resource, target, asList(coerced));
  writeAttribute(state.resource, target, coerced);
}

/** True when a value is merged into a singular complex attribute that already has one. */
function mergesComplex(target: AttributeTarget, current: unknown, value: unknown): current is Record<string, unknown> {
  return target.attribute.type === 'complex' && !target.attribute.multiValued && isObject(current) && isObject(value);
}

/**
 * Merges the given sub-attributes into the current value. A sub-attribute given as null is
 * removed (RFC 7643 §2.5: null is "unassigned"), and only it: `{"name": {"givenName": null}}`
 * clears the given name and keeps the family name. Empty afterwards means the attribute goes.
 */
function mergeComplex(target: AttributeTarget, current: Record<string, unknown>, value: unknown, coerced: unknown): unknown {
  const merged: Record<string, unknown> = { ...current, ...(isObject(coerced) ? coerced : {}) };
  for (const [key, given] of Object.entries(isObject(value) ? value : {})) {
    const sub = given === null ? findAttribute(target.attribute.subAttributes ?? [], key) : undefined;
    if (sub) delete merged[sub.name];
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/**
 * RFC 7644 §3.5.2.2 remove: the attribute, a sub-attribute, or the filtered elements. A value
 * with no filter on a multi-valued attribute removes the elements that match the sub-attributes
 * given (Microsoft Entra's dialect); when none matches the removal is a success with a warning.
 */
export function removeValue(state: PatchState, target: AttributeTarget, value: unknown, hasValue: boolean): void {
  if (isElementWise(target)) return applyToElements(state, target, 'remove', value);
  const current = readAttribute(state.resource, target);
  if (target.sub) {
    if (!isObject(current)) return;
    const { [target.sub.name]: _removed, ...rest } = current;
    return writeAttribute(state.resource, target, rest);
  }
  if (!target.attribute.multiValued || !hasValue || value === null) return writeAttribute(state.resource, target, undefined);

  const wanted = asList(value).map((w) => coerceOne(target.attribute, w, target.text)).filter((w) => w !== undefined);
  const list = asList(current);
  const kept = list.filter((el) => !wanted.some((w) => matchesGiven(target.attribute, el, w)));
  if (kept.length === list.length) {
    state.warnings.push({ attribute: target.text, message: `No value of "${target.text}" matched the given value; nothing was removed.` });
    return;
  }
  writeAttribute(state.resource, target, kept.length > 0 ? kept : undefined);
}

/** Sets (or, for null, deletes) one sub-attribute of a singular complex attribute. */
function setSubAttribute(state: PatchState, target: AttributeTarget, value: unknown): void {
  const sub = target.sub;
  if (!sub) return;
  const subValue = coerceAttributeValue(sub, value, target.text);
  const current = readAttribute(state.resource, target);
  const next = isObject(current) ? { ...current } : {};
  if (subValue === undefined) delete next[sub.name];
  else next[sub.name] = subValue;
  writeAttribute(state.resource, target, next);
}
