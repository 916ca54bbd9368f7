// Azure-style member removals become RFC filter paths, and the core removes exactly those members.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch } from '../../scim/patch/patch-engine.ts';
import { GROUP_RESOURCE, SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import { IDS_PER_FILTER, memberValueRemovals } from './member-values.ts';

const group = { schemas: [SCHEMA_URN.group], id: 'g1', displayName: 'Sales' };

describe('memberValueRemovals', () => {
  it('rewrites a remove with a value array into one filtered remove', () => {
    const ops = memberValueRemovals('Group', [{ op: 'remove', path: 'members', value: [{ $ref: null, value: 'u1' }, { value: 'u2' }, { value: 'u1' }] }]);
    assert.deepEqual(ops, [{ op: 'remove', path: 'members[value eq "u1" or value eq "u2"]' }]);
    assert.deepEqual(applyPatch(GROUP_RESOURCE, group, ops).memberChanges, [{ kind: 'remove', ids: ['u1', 'u2'] }]);
  });

  it('splits long lists so each filter stays within the parser nesting limit', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `u${i}`);
    const ops = memberValueRemovals('Group', [{ op: 'remove', path: 'Members', value: ids.map((value) => ({ value })) }]);
    assert.equal(ops.length, Math.ceil(60 / IDS_PER_FILTER));
    const removed = applyPatch(GROUP_RESOURCE, group, ops).memberChanges.flatMap((c) => (c.kind === 'remove' ? c.ids : []));
    assert.deepEqual(removed, ids);
  });

  it('removes nobody for an empty list, instead of everybody', () => {
    assert.deepEqual(memberValueRemovals('Group', [{ op: 'remove', path: 'members', value: [] }]), []);
  });

  it('leaves removals without value, other paths, users and unusable entries alone', () => {
    const ops = [
      { op: 'remove' as const, path: 'members' },
      { op: 'remove' as const, path: 'members[value eq "u1"]' },
      { op: 'add' as const, path: 'members', value: [{ value: 'u1' }] },
      { op: 'remove' as const, path: 'members', value: [{ display: 'no id' }] },
    ];
    assert.deepEqual(memberValueRemovals('Group', ops), ops);
    const userOps = [{ op: 'remove' as const, path: 'members', value: [{ value: 'u1' }] }];
    assert.deepEqual(memberValueRemovals('User', userOps), userOps);
  });
});
