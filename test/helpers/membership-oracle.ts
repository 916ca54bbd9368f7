// The naive check of member events: effective membership computed over the whole graph before and
// after a change, and what the events of that change must say about it (docs/events.md).

export interface OracleEdge {
  parent: string;
  child: string;
}

export interface OracleEvent {
  kind: 'added' | 'removed';
  groupId: string;
  memberId: string;
  indirect: boolean;
  via?: string;
}

/** Every (group, user) pair where the group holds the user directly or through nested groups, as `group|user`. */
export function effectivePairs(edges: readonly OracleEdge[], users: ReadonlySet<string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const e of edges) children.set(e.parent, [...(children.get(e.parent) ?? []), e.child]);
  const pairs = new Set<string>();
  for (const g of children.keys()) {
    const seen = new Set<string>();
    const stack = [g];
    while (stack.length > 0) {
      for (const c of children.get(stack.pop() as string) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        if (users.has(c)) pairs.add(`${g}|${c}`);
        else stack.push(c);
      }
    }
  }
  return pairs;
}

function reaches(edges: readonly OracleEdge[], from: string, to: string): boolean {
  return effectivePairs(edges, new Set([to])).has(`${from}|${to}`) || edges.some((e) => e.parent === from && e.child === to);
}

/**
 * The problems with `events` as the events of the change from `before` to `after` (empty when
 * right): per (group, user) the last event must say whether the user is now an effective member,
 * a pair whose status did not change gets no indirect event unless a direct one needs correcting,
 * and `via` must be a member group of the group on a path to the user.
 */
export function memberEventProblems(before: readonly OracleEdge[], after: readonly OracleEdge[], users: ReadonlySet<string>, events: readonly OracleEvent[], silent: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  const was = effectivePairs(before, users);
  const is = effectivePairs(after, users);
  const byPair = new Map<string, OracleEvent[]>();
  for (const e of events) {
    if (silent.has(e.groupId)) problems.push(`event for silent group ${e.groupId}`);
    if (!users.has(e.memberId)) continue;
    const k = `${e.groupId}|${e.memberId}`;
    byPair.set(k, [...(byPair.get(k) ?? []), e]);
    if (e.indirect) {
      const graph = e.kind === 'added' ? after : before;
      if (!e.via || !graph.some((x) => x.parent === e.groupId && x.child === e.via) || !reaches(graph, e.via, e.memberId)) problems.push(`${k}: bad via ${e.via}`);
    }
  }
  for (const k of new Set([...was, ...is, ...byPair.keys()])) {
    if (silent.has(k.split('|')[0] as string)) continue;
    const evs = byPair.get(k) ?? [];
    const direct = evs.filter((e) => !e.indirect).length;
    const indirect = evs.length - direct;
    const changed = was.has(k) !== is.has(k);
    if (evs.length === 0) {
      if (changed) problems.push(`${k}: ${is.has(k) ? 'became' : 'stopped being'} a member without an event`);
      continue;
    }
    const last = evs[evs.length - 1] as OracleEvent;
    if ((last.kind === 'added') !== is.has(k)) problems.push(`${k}: last event ${last.kind} but member after: ${is.has(k)}`);
    if (indirect > 1) problems.push(`${k}: ${indirect} indirect events`);
    if (direct === 0 && !changed) problems.push(`${k}: indirect event without a change`);
  }
  return problems;
}
