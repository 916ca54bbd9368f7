// Narrows a filter to one resource type when a search spans several (RFC 7644 §3.4.2.1).
import type { AttrPath, Filter } from './filter-ast.ts';

/**
 * RFC 7644 §3.4.2.1: in a query over several resource types (POST /.search at the root), an
 * attribute a type does not define is treated as having no value there, so `userName eq "x"`
 * is false for a Group rather than an error. Comparisons on such paths fold the way an absent
 * value compares (`eq null` and `ne "x"` are true, everything else false), and the folding
 * runs up through and/or/not. Returns `true` (every resource of the type matches), `false`
 * (none does) or the filter that is left.
 */
export function restrictFilter(filter: Filter, defines: (path: AttrPath) => boolean): Filter | boolean {
  switch (filter.kind) {
    case 'Compare':
      if (defines(filter.path)) return filter;
      return filter.value === null ? filter.op === 'eq' : filter.op === 'ne';
    case 'Present':
    case 'ValuePath':
      // No value means no element either, so `emails[type eq "work"]` matches nothing.
      return defines(filter.path) ? filter : false;
    case 'Not': {
      const inner = restrictFilter(filter.filter, defines);
      return typeof inner === 'boolean' ? !inner : inner === filter.filter ? filter : { kind: 'Not', filter: inner };
    }
    case 'And':
    case 'Or': {
      const left = restrictFilter(filter.left, defines);
      const right = restrictFilter(filter.right, defines);
      // The value that decides the operator alone: false for and, true for or.
      const absorbing = filter.kind === 'Or';
      if (left === absorbing || right === absorbing) return absorbing;
      if (typeof left === 'boolean') return right;
      if (typeof right === 'boolean') return left;
      return left === filter.left && right === filter.right ? filter : { kind: filter.kind, left, right };
    }
  }
}
