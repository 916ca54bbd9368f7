import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { machineTicks } from './run-simulation.ts';

describe('machineTicks', () => {
  it("sums all CPUs' time from /proc/stat's first line and counts idle and iowait as idle", () => {
    const stat = ['cpu  100 5 40 800 20 3 2 10 7 0', 'cpu0 50 2 20 400 10 1 1 5 3 0', 'intr 12345'].join('\n');
    // guest (7) is already inside user: not added again
    assert.deepEqual(machineTicks(stat), { total: 100 + 5 + 40 + 800 + 20 + 3 + 2 + 10, idle: 820 });
  });

  it('is zero, not NaN, for text without the line', () => {
    assert.deepEqual(machineTicks('nothing here'), { total: 0, idle: 0 });
  });
});
