// Issue 4: member events through nested groups agree with a naive diff of effective membership,
// over random small graphs and random changes (PATCH of one group, user deleted, group deleted).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { memberEventProblems, type OracleEvent } from '../../../test/helpers/membership-oracle.ts';
import { effectiveMembershipChanges, type DirectChange, type Edge } from './effective-membership.ts';

const GROUPS = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
const USERS = ['u0', 'u1', 'u2', 'u3', 'u4'];
const USER_SET = new Set(USERS);

/** Random acyclic nesting: a group only holds groups with a higher index. */
const graph = fc
  .tuple(
    fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 10 }),
    fc.array(fc.tuple(fc.nat(5), fc.nat(4)), { maxLength: 14 }),
  )
  .map(([nest, member]) => {
    const edges = new Map<string, Edge>();
    for (const [a, b] of nest) if (a < b) edges.set(`g${a}|g${b}`, { parent: `g${a}`, child: `g${b}` });
    for (const [g, u] of member) edges.set(`g${g}|u${u}`, { parent: `g${g}`, child: `u${u}` });
    return [...edges.values()];
  });

function directEvents(direct: DirectChange[]): OracleEvent[] {
  return direct.map((d) => ({ kind: d.kind, groupId: d.groupId, memberId: d.memberId, indirect: false }));
}

function check(before: Edge[], after: Edge[], direct: DirectChange[], silent = new Set<string>()): void {
  const indirect = effectiveMembershipChanges({ before, after, users: USERS, direct, silent });
  const events = [...directEvents(direct), ...indirect.map((c) => ({ kind: c.kind, groupId: c.groupId, memberId: c.userId, indirect: true, via: c.via }))];
  assert.deepEqual(memberEventProblems(before, after, USER_SET, events, silent), []);
}

describe('effectiveMembershipChanges', () => {
  it('PATCH of one group (adds and removes, users and groups, in any order): events match the naive diff', () => {
    fc.assert(
      fc.property(graph, fc.nat(5), fc.array(fc.tuple(fc.boolean(), fc.oneof(fc.constantFrom(...USERS), fc.constantFrom(...GROUPS))), { maxLength: 6 }), (edges, p, ops) => {
        const P = `g${p}`;
        let current = [...edges];
        const direct: DirectChange[] = [];
        for (const [add, m] of ops) {
          const has = current.some((e) => e.parent === P && e.child === m);
          // Only groups below P may nest in it: no cycle, as the server refuses them.
          if (add && !has && (USER_SET.has(m) || Number(m.slice(1)) > p)) {
            current = [...current, { parent: P, child: m }];
            direct.push({ groupId: P, memberId: m, kind: 'added' });
          } else if (!add && has) {
            current = current.filter((e) => !(e.parent === P && e.child === m));
            direct.push({ groupId: P, memberId: m, kind: 'removed' });
          }
        }
        check(edges, current, direct);
      }),
      { numRuns: 500 },
    );
  });

  it('a user leaving every group (deleted or deprovisioned)', () => {
    fc.assert(
      fc.property(graph, fc.constantFrom(...USERS), (edges, u) => {
        const direct = edges.filter((e) => e.child === u).map((e): DirectChange => ({ groupId: e.parent, memberId: u, kind: 'removed' }));
        check(edges, edges.filter((e) => e.child !== u), direct);
      }),
      { numRuns: 300 },
    );
  });

  it('a group deleted: its parents lose it and its users, it gets no member events itself', () => {
    fc.assert(
      fc.property(graph, fc.constantFrom(...GROUPS), (edges, c) => {
        const direct = edges.filter((e) => e.child === c).map((e): DirectChange => ({ groupId: e.parent, memberId: c, kind: 'removed' }));
        check(edges, edges.filter((e) => e.child !== c && e.parent !== c), direct, new Set([c]));
      }),
      { numRuns: 300 },
    );
  });

  it('diamond: removing one of two paths changes nothing above', () => {
    const edges: Edge[] = [
      { parent: 'A', child: 'B' },
      { parent: 'A', child: 'C' },
      { parent: 'B', child: 'D' },
      { parent: 'C', child: 'D' },
      { parent: 'D', child: 'u' },
    ];
    const after = edges.filter((e) => !(e.parent === 'B' && e.child === 'D'));
    const changes = effectiveMembershipChanges({ before: edges, after, users: ['u'], direct: [{ groupId: 'B', memberId: 'D', kind: 'removed' }] });
    assert.deepEqual(changes, [{ kind: 'removed', groupId: 'B', userId: 'u', via: 'D' }]);
  });

  it('a user taken out directly who stays through a nested group gets an indirect added after its direct removed', () => {
    const before: Edge[] = [
      { parent: 'A', child: 'u' },
      { parent: 'A', child: 'B' },
      { parent: 'B', child: 'u' },
    ];
    const after = before.slice(1);
    const changes = effectiveMembershipChanges({ before, after, users: ['u'], direct: [{ groupId: 'A', memberId: 'u', kind: 'removed' }] });
    assert.deepEqual(changes, [{ kind: 'added', groupId: 'A', userId: 'u', via: 'B' }]);
  });
});
