// Turns PATCH operations on Group members into MemberChanges for the membership table (RFC 7644 §3.5.2).
import { RosterError } from '../../errors.ts';
import type { Filter } from '../filter/filter-ast.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resolve-path.ts';
import type { AttributeTarget } from './patch-target.ts';
import type { MemberRef, PatchState } from './patch-types.ts';
import { isObject } from './patch-util.ts';

function invalidMember(path: string, index: number, why: string): RosterError {
  return new RosterError('invalid_value', `Member ${index} in "${path}" ${why}.`, {
    attribute: path,
    hint: 'Send members as [{"value": "<id>"}], optionally with "display" and "type" ("User" or "Group").',
  });
}

function pick(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : obj[key];
}

/**
 * Reads a members value: one entry or an array; each entry `{ value, display?, type? }` or a
 * bare id string. `$ref` is ignored (the server derives it); duplicates collapse to the first.
 */
export function toMemberRefs(value: unknown, path: string): MemberRef[] {
  if (value === null || value === undefined) return [];
  const entries = Array.isArray(value) ? value : [value];
  const seen = new Set<string>();
  const refs: MemberRef[] = [];
  entries.forEach((entry, index) => {
    const ref = toMemberRef(entry, path, index);
    if (!seen.has(ref.value)) {
      seen.add(ref.value);
      refs.push(ref);
    }
  });
  return refs;
}

function toMemberRef(entry: unknown, path: string, index: number): MemberRef {
  if (typeof entry === 'string') {
    if (entry.trim() === '') throw invalidMember(path, index, 'has an empty value');
    return { value: entry };
  }
  if (!isObject(entry)) throw invalidMember(path, index, 'is neither an object nor an id string');
  const value = pick(entry, 'value');
  if (typeof value !== 'string' || value.trim() === '') throw invalidMember(path, index, 'has no "value" id');
  const ref: MemberRef = { value };
  const type = pick(entry, 'type');
  if (typeof type === 'string') {
    const lower = type.toLowerCase();
    if (lower !== 'user' && lower !== 'group') throw invalidMember(path, index, `has type ${JSON.stringify(type)}, expected "User" or "Group"`);
    ref.type = lower === 'user' ? 'User' : 'Group';
  } else if (type !== undefined && type !== null) throw invalidMember(path, index, 'has a "type" that is not a string');
  const display = pick(entry, 'display');
  if (typeof display === 'string') ref.display = display;
  return ref;
}

/** The ids of `value eq "id"` or an `or` chain of them; undefined for any other filter. */
export function idsFromFilter(filter: Filter): string[] | undefined {
  if (filter.kind === 'Or') {
    const left = idsFromFilter(filter.left);
    const right = idsFromFilter(filter.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (filter.kind === 'Compare' && filter.op === 'eq' && typeof filter.value === 'string' && filter.path.schema === undefined) {
    if (filter.path.attr.toLowerCase() === 'value' && filter.path.sub === undefined) return [filter.value];
  }
  return undefined;
}

// The store compiles removeWhere filters itself; rejecting unknown names here keeps the request atomic.
function checkMemberFilter(filter: Filter, members: AttributeDef, path: string): void {
  switch (filter.kind) {
    case 'And':
    case 'Or':
      checkMemberFilter(filter.left, members, path);
      checkMemberFilter(filter.right, members, path);
      return;
    case 'Not':
      checkMemberFilter(filter.filter, members, path);
      return;
    case 'ValuePath':
      throw new RosterError('invalid_filter', `The filter in "${path}" nests a value filter, which members do not support.`, { attribute: path });
    default:
      if (filter.path.schema !== undefined || filter.path.sub !== undefined || !findAttribute(members.subAttributes ?? [], filter.path.attr)) {
        throw new RosterError('invalid_filter', `The filter in "${path}" names "${filter.path.attr}", which is not a member sub-attribute.`, {
          attribute: path,
        });
      }
  }
}

/**
 * Records one operation on Group `members` (RFC 7644 §3.5.2.1–3) as a MemberChange:
 * add → add; replace → replace (Okta pushes the full list); remove without value → removeAll;
 * remove with a value (Microsoft Entra's dialect) → remove those ids, never the whole group;
 * remove `members[value eq "id" or …]` → remove ids; any other filter → removeWhere.
 * Operations on a member's sub-attributes (`members[value eq "x"].display`) are ignored with a
 * warning: a member is an id, the rest is cosmetic.
 */
export function applyMembersOperation(
  state: PatchState,
  target: AttributeTarget,
  op: 'add' | 'replace' | 'remove',
  value: unknown,
  hasValue: boolean,
): void {
  const { text } = target;
  if (target.subName !== undefined || (target.filter && op !== 'remove')) {
    state.warnings.push({ attribute: text, message: `"${text}" does not change membership; the operation was ignored.` });
    return;
  }
  if (op === 'add') {
    const members = toMemberRefs(value, text);
    if (members.length > 0) state.memberChanges.push({ kind: 'add', members });
    return;
  }
  if (op === 'replace') {
    state.memberChanges.push({ kind: 'replace', members: toMemberRefs(value, text) });
    return;
  }
  if (target.filter) {
    const ids = idsFromFilter(target.filter);
    if (ids) state.memberChanges.push({ kind: 'remove', ids: [...new Set(ids)] });
    else {
      checkMemberFilter(target.filter, target.attribute, text);
      state.memberChanges.push({ kind: 'removeWhere', filter: target.filter });
    }
    return;
  }
  if (!hasValue || value === null) {
    state.memberChanges.push({ kind: 'removeAll' });
    return;
  }
  const ids = toMemberRefs(value, text).map((m) => m.value);
  if (ids.length > 0) state.memberChanges.push({ kind: 'remove', ids });
}
