// Applies PATCH operations to the elements of a multi-valued attribute selected by a value filter (RFC 7644 §3.5.2).
import { RosterError } from '../../errors.ts';
import type { Filter, FilterValue } from '../filter/filter-ast.ts';
import { matchesElement } from '../filter/filter-evaluator.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resolve-path.ts';
import { readAttribute, writeAttribute, type AttributeTarget } from './patch-target.ts';
import type { PatchState } from './patch-types.ts';
import { coerceAttributeValue } from '../resource/coerce-value.ts';
import { coerceOne, isObject, type JsonObject } from './patch-util.ts';

/**
 * The sub-attribute values a filter pins down when it is a conjunction of `eq` comparisons,
 * e.g. `{ type: "work" }` for `type eq "work"`; undefined for any other filter. Such a filter
 * describes exactly one element, so an add/replace that matches nothing can create it
 * (RFC 7644 §3.5.2.3: replacing a value that does not exist is an add).
 */
export function eqAssignments(filter: Filter, attribute: AttributeDef): Record<string, FilterValue> | undefined {
  if (attribute.type !== 'complex') return undefined;
  const out: Record<string, FilterValue> = {};
  const walk = (f: Filter): boolean => {
    if (f.kind === 'And') return walk(f.left) && walk(f.right);
    if (f.kind !== 'Compare' || f.op !== 'eq' || f.value === null || f.path.schema !== undefined || f.path.sub !== undefined) return false;
    const sub = findAttribute(attribute.subAttributes ?? [], f.path.attr);
    if (!sub || sub.mutability === 'readOnly') return false;
    // `type eq "a" and type eq "b"` can never match what we would create.
    if (Object.hasOwn(out, sub.name) && out[sub.name] !== f.value) return false;
    out[sub.name] = f.value;
    return true;
  };
  return walk(filter) ? out : undefined;
}

/**
 * Applies one operation to the elements of a multi-valued attribute that the target's filter
 * selects (all elements when there is no filter, as for `emails.type`), per RFC 7644 §3.5.2.1–3.
 *
 * - add/replace with a sub-attribute sets it on every match; with no match and an `eq`-only
 *   filter, one element is created from the filter's values (Microsoft Entra's first sync of
 *   `emails[type eq "work"].value`); otherwise no match is noTarget.
 * - replace without a sub-attribute swaps each match for the value; add merges into it.
 * - remove deletes the matches (or their sub-attribute). Nothing matching is a success with a
 *   warning, so an IdP retrying a removal that already happened does not fail.
 */
export function applyToElements(state: PatchState, target: AttributeTarget, op: 'add' | 'replace' | 'remove', value: unknown): void {
  const { attribute, sub, filter, text } = target;
  const current = readAttribute(state.resource, target);
  const list: unknown[] = Array.isArray(current) ? current : current === undefined ? [] : [current];
  const hits = list.map((el) => (filter ? matchesElement(filter, el, attribute, state.rs) : true));
  const matched = hits.some(Boolean);

  if (op === 'remove') {
    if (!matched) {
      state.warnings.push({ attribute: text, message: `No value matched "${text}"; nothing was removed.` });
      return;
    }
    const kept = sub ? list : list.filter((_, i) => !hits[i]);
    if (sub) list.forEach((el, i) => hits[i] && isObject(el) && delete el[sub.name]);
    writeAttribute(state.resource, target, kept.length > 0 ? kept : undefined);
    return;
  }

  if (sub) {
    const subValue = coerceAttributeValue(sub, value, text);
    if (matched) {
      list.forEach((el, i) => {
        if (!hits[i] || !isObject(el)) return;
        if (subValue === undefined) delete el[sub.name];
        else el[sub.name] = structuredClone(subValue);
      });
    } else if (subValue !== undefined) {
      list.push(createElement(target, { [sub.name]: subValue }));
    }
    writeAttribute(state.resource, target, list.length > 0 ? list : undefined);
    return;
  }

  const element = coerceOne(attribute, value, text);
  let next: unknown[];
  if (!matched) {
    if (element === undefined) return;
    next = [...list, createElement(target, isObject(element) ? element : {})];
  } else if (element === undefined) {
    if (op === 'add' && value !== null) return;
    // A null value for a filtered add/replace is read as "remove these" (lenient, see engine docs).
    next = list.filter((_, i) => !hits[i]);
  } else {
    next = list.map((el, i) => {
      if (!hits[i]) return el;
      const fresh = structuredClone(element);
      return op === 'add' && isObject(el) && isObject(fresh) ? { ...el, ...fresh } : fresh;
    });
  }
  writeAttribute(state.resource, target, next.length > 0 ? next : undefined);
}

/** A new element seeded with the filter's `eq` values, so later operations with the same filter hit it. */
function createElement(target: AttributeTarget, given: JsonObject): JsonObject {
  const seed = target.filter ? eqAssignments(target.filter, target.attribute) : target.attribute.type === 'complex' ? {} : undefined;
  if (!seed) {
    throw new RosterError('no_target', `No value matched the PATCH path "${target.text}".`, {
      attribute: target.text,
      hint: 'Only a filter made of "eq" comparisons joined by "and" can create a new value.',
    });
  }
  const element = coerceOne(target.attribute, { ...seed, ...given }, target.text);
  if (!isObject(element)) {
    throw new RosterError('invalid_value', `The value for "${target.text}" is not valid.`, { attribute: target.text });
  }
  return element;
}
