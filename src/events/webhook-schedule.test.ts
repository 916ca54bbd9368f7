// The retry schedule: its steps, its jitter bounds, and the end after the last attempt.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from './webhook-schedule.ts';

describe('webhook retry schedule', () => {
  const t0 = new Date('2026-11-23T00:00:00Z');

  it('waits 30 s, 2 min, 10 min, 1 h, 4 h, 12 h, 24 h, 24 h without jitter', () => {
    const waits = RETRY_DELAYS_MS.map((_, i) => (nextAttemptAt(i + 1, t0, () => 0)?.getTime() ?? 0) - t0.getTime());
    assert.deepEqual(waits, [30e3, 120e3, 600e3, 3600e3, 14400e3, 43200e3, 86400e3, 86400e3]);
  });

  it('spans more than a day, and stops after the last attempt', () => {
    assert.ok(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) > 2 * 86400e3);
    assert.equal(MAX_ATTEMPTS, 9);
    assert.equal(nextAttemptAt(MAX_ATTEMPTS, t0), null);
  });

  it('adds at most 20% jitter', () => {
    const max = nextAttemptAt(1, t0, () => 0.999999)!.getTime() - t0.getTime();
    assert.ok(max >= 30e3 && max <= 36e3, String(max));
  });
});
