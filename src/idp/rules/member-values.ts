// Rule: `remove members` with a value array (Entra's default dialect, JumpCloud) becomes RFC filter paths.
import { printFilter } from '../../scim/filter/filter-printer.ts';
import type { Filter } from '../../scim/filter/filter-ast.ts';
import type { PatchOperation } from '../../scim/patch/patch-types.ts';
import type { ResourceTypeName } from '../../scim/schema/attribute.ts';
import { isPlain, pick } from './attribute-keys.ts';

// Why a dialect rule: read as RFC 7644 §3.5.2.2 says, a remove whose path is `members` with no
// filter removes every member, and the `value` is meaningless. Entra (without aadOptscim062020)
// and JumpCloud mean "remove just these"; servers that followed the RFC wiped whole groups
// (MicrosoftDocs/azure-docs#30826, apache/directory-scimple#436). The core reads it the Entra way
// for every client too, as a safety net; this rule states it for the providers that send it and
// hands the core the RFC form, which a strict core must also accept.

/** Ids per filter: an `or` chain counts toward the parser's nesting limit (MAX_FILTER_DEPTH = 64). */
export const IDS_PER_FILTER = 25;

/** The member ids named by a value array; undefined when any entry has no usable id (left to the core to refuse). */
function memberIds(value: unknown): string[] | undefined {
  const entries = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const entry of entries) {
    // `$ref: null` beside the id is how Entra writes a member (MS-TUT); only the id matters.
    const id = typeof entry === 'string' ? entry : isPlain(entry) ? pick(entry, 'value') : undefined;
    if (typeof id !== 'string' || id.trim() === '') return undefined;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function idFilter(ids: string[]): Filter {
  const compares: Filter[] = ids.map((id) => ({ kind: 'Compare', path: { attr: 'value' }, op: 'eq', value: id }));
  return compares.reduce((left, right) => ({ kind: 'Or', left, right }));
}

/** `{"op":"remove","path":"members","value":[{"value":"a"},…]}` → `remove members[value eq "a" or …]`, in chunks. */
export function memberValueRemovals(type: ResourceTypeName, ops: PatchOperation[]): PatchOperation[] {
  if (type !== 'Group') return ops;
  return ops.flatMap((op) => {
    if (op.op !== 'remove' || op.path?.trim().toLowerCase() !== 'members' || op.value === undefined || op.value === null) return [op];
    const ids = memberIds(op.value);
    if (!ids) return [op];
    // An empty list names nobody: removing nobody is what the client asked for.
    const chunks: PatchOperation[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_FILTER) {
      chunks.push({ op: 'remove', path: `members[${printFilter(idFilter(ids.slice(i, i + IDS_PER_FILTER)))}]` });
    }
    return chunks;
  });
}
