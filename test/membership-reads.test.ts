// Issue 5: reads of a group's members, counts, nesting walks, a rule's preview and a `members` filter
// read the memberships of the groups they name, not the whole of group_members. `where group_id = …`
// alone implies neither partial index's predicate, and recursive steps written as joins were planned
// as scans: before, a group of one member read all 20,000 memberships here, and a `members.value`
// filter read them once per group of the directory (360,458).
//
// Each read is run once on small tables (a session keeps plans made there), then group_members grows
// to 20,000 in the same transaction, and the reads are held to their own rows: without ANALYZE (a
// table grown since its last statistics) and with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { addUsers, newGroup, newUsers } from './helpers/fixture-memberships.ts';
import { tableReads } from './helpers/table-reads.ts';
import { DIRECTORY_ID } from '../src/store/filter-sql/filter-test-fixture.ts';
import { newId } from '../src/lib/ids.ts';
import { countMembersOfGroups, listMembers, listMembersOfGroups, removeMembers } from '../src/store/membership-repository.ts';
import { lockNestingScope, nestingSubgraph } from '../src/store/nesting-repository.ts';
import { previewGroupRule } from '../src/store/role-rule-repository.ts';
import { pageResources } from '../src/store/resource-query.ts';
import { parseFilter } from '../src/scim/filter/filter-parser.ts';
import { GROUP_RESOURCE } from '../src/scim/schema/resource-types.ts';
import type { Executor } from '../src/store/organization-repository.ts';
import { seededStore } from './helpers/seeded-store.ts';

const GROWN = 20000;
/** Memberships one read may touch: its groups' own rows and an index probe or two each. */
const BOUND = 100;

describe('reads of memberships go through the partial indexes', () => {
  const t = seededStore();

  for (const analysed of [false, true]) {
    it(`read only the groups they name, at ${GROWN} memberships${analysed ? ', analysed' : ', grown since the plans were made'}`, async () => {
      await t.store.db
        .transaction()
        .execute(async (trx) => {
          // parent ⊃ child ∋ ann: the groups the reads name.
          const [parent, child] = [await newGroup(trx, { name: 'Parent walk' }), await newGroup(trx, { name: 'Child walk' })];
          const ann = (
            await sql<{ id: string }>`insert into users (id, directory_id, user_name, emails, display_name, active, state, resource, created_at, updated_at)
              values (gen_random_uuid(), ${DIRECTORY_ID}::uuid, 'ann.walk', array['ann.walk@example.com'], 'Ann Walk', true, 'active', '{"userName":"ann.walk"}', now(), now())
              returning id::text as id`.execute(trx)
          ).rows[0]!.id;
          await sql`insert into group_members (group_id, directory_id, user_id) values (${child}::uuid, ${DIRECTORY_ID}::uuid, ${ann}::uuid)`.execute(trx);
          await sql`insert into group_members (group_id, directory_id, member_group_id) values (${parent}::uuid, ${DIRECTORY_ID}::uuid, ${child}::uuid)`.execute(trx);

          const reads: [string, () => Promise<unknown>, (out: unknown) => void][] = [
            ['a group of one member', () => listMembers(trx, child), (out) => assert.deepEqual(out, [{ value: ann, type: 'User', display: 'Ann Walk' }])],
            ['the members of a page of groups', () => listMembersOfGroups(trx, [parent, child]), (out) => {
              const m = out as Map<string, { value: string; type: string }[]>;
              assert.deepEqual(m.get(parent)?.map((x) => [x.value, x.type]), [[child, 'Group']]);
              assert.deepEqual(m.get(child)?.map((x) => [x.value, x.type]), [[ann, 'User']]);
            }],
            ['the member counts of a page of groups', () => countMembersOfGroups(trx, [parent, child]), (out) => assert.deepEqual(out, new Map([[parent, 1], [child, 1]]))],
            ['the nesting a change locks', () => lockNestingScope(trx, [child], [child]), () => {}],
            ['the nesting a change reads', () => nestingSubgraph(trx, [], [child], [child]), (out) => {
              const g = out as Awaited<ReturnType<typeof nestingSubgraph>>;
              assert.deepEqual(g.users, [ann]);
              assert.deepEqual(g.edges.map((e) => `${e.parent}>${e.child}`).sort(), [`${child}>${ann}`, `${parent}>${child}`].sort());
            }],
            ["a nested rule's preview", () => previewGroupRule(trx, parent, true, 5), (out) => assert.deepEqual(out, { total: 1, sample: [{ id: ann, userName: 'ann.walk' }] })],
            ['a removal of a member not there', () => removeMembers(trx, child, [newId()]), (out) => assert.deepEqual(out, [])],
            ['groups filtered on members.value', () => pageResources<{ id: string }>(trx, GROUP_RESOURCE, { directoryId: DIRECTORY_ID, offset: 0, limit: 10, filter: parseFilter(`members.value eq "${ann}"`) }, false), (out) =>
              assert.deepEqual((out as { rows: { id: string }[] }).rows.map((r) => r.id), [child])],
          ];
          for (const [, read] of reads) await read();

          const big = await newGroup(trx, { name: 'Big walk' });
          await addUsers(trx, big, await newUsers(trx, 'walk', GROWN));
          if (analysed) await sql`analyze group_members, users, groups`.execute(trx);

          for (const [what, read, check] of reads) {
            const start = await tableReads(trx, 'group_members');
            const out = await read();
            const end = await tableReads(trx, 'group_members');
            const n = end.seq - start.seq + (end.idx - start.idx);
            assert.ok(n <= BOUND, `${what} read ${n} memberships (${end.seq - start.seq} by scans) of ${GROWN}`);
            check(out);
          }
          throw new Error('rollback');
        })
        .catch((e: Error) => assert.equal(e.message, 'rollback'));
    });
  }
});
