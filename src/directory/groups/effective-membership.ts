// Effective (direct or nested) group membership of users: which (group, user) pairs a change of
// direct memberships starts or ends, computed on the small part of the graph the change touches.

/** A direct membership: `parent` holds `child` (a user or a group). */
export interface Edge {
  parent: string;
  child: string;
}

/** A direct membership the change added or removed; it has its own direct event. */
export interface DirectChange {
  groupId: string;
  memberId: string;
  kind: 'added' | 'removed';
}

/** One user who became, or stopped being, an effective member of a group without a direct event saying so. */
export interface IndirectChange {
  kind: 'added' | 'removed';
  groupId: string;
  userId: string;
  /** A direct member group of `groupId` on a path down to the user (after the change for added, before for removed). */
  via: string;
}

export interface EffectiveDiffInput {
  /** Every direct membership on a path up from the users (and up from the changed groups), before the change. */
  before: readonly Edge[];
  /** The same part of the graph after the change. */
  after: readonly Edge[];
  /** The users whose effective groups may have changed. */
  users: Iterable<string>;
  direct: readonly DirectChange[];
  /** Groups that get no membership events at all (a deleted group: its group.deleted says it). */
  silent?: ReadonlySet<string>;
}

function parentsIndex(edges: readonly Edge[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const e of edges) {
    const list = index.get(e.child);
    if (list) list.push(e.parent);
    else index.set(e.child, [e.parent]);
  }
  return index;
}

/** Every group that holds `id` directly or through nested groups. */
function groupsReaching(id: string, parents: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    for (const p of parents.get(stack.pop() as string) ?? []) {
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return seen;
}

/** The smallest id among the direct member groups of `groupId` that reach the user (deterministic in a diamond). */
function viaOf(groupId: string, reach: Set<string>, parents: Map<string, string[]>): string {
  let best: string | undefined;
  for (const g of reach) {
    if (g !== groupId && (parents.get(g) ?? []).includes(groupId) && (best === undefined || g < best)) best = g;
  }
  return best ?? groupId;
}

/**
 * The indirect events a change needs so that, per (group, user), the last membership event says
 * whether the user is an effective member. Pairs with a direct event of the same kind need nothing
 * more; a user taken out directly who stays through a nested group gets an indirect `added` after
 * its direct `removed`.
 */
export function effectiveMembershipChanges(input: EffectiveDiffInput): IndirectChange[] {
  const before = parentsIndex(input.before);
  const after = parentsIndex(input.after);
  // Only the last direct event of a pair counts: it is what a consumer is left holding.
  const lastDirect = new Map<string, DirectChange['kind']>();
  for (const d of input.direct) lastDirect.set(`${d.groupId}\u0000${d.memberId}`, d.kind);
  const direct = { has: (kind: string, g: string, m: string) => lastDirect.get(`${g}\u0000${m}`) === kind };
  const silent = input.silent ?? new Set<string>();
  const out: IndirectChange[] = [];
  for (const userId of new Set(input.users)) {
    const was = groupsReaching(userId, before);
    const is = groupsReaching(userId, after);
    for (const g of is) {
      if (silent.has(g) || direct.has('added', g, userId)) continue;
      if (!was.has(g) || direct.has('removed', g, userId)) out.push({ kind: 'added', groupId: g, userId, via: viaOf(g, is, after) });
    }
    for (const g of was) {
      if (silent.has(g) || is.has(g) || direct.has('removed', g, userId)) continue;
      out.push({ kind: 'removed', groupId: g, userId, via: viaOf(g, was, before) });
    }
  }
  // Removals first: a consumer replaying them in order never holds a pair the change ended.
  return out.sort((a, b) => (a.kind === b.kind ? (a.groupId === b.groupId ? (a.userId < b.userId ? -1 : 1) : a.groupId < b.groupId ? -1 : 1) : a.kind === 'removed' ? -1 : 1));
}
