// AuthThrottle with a moved clock: the window, the block and its end, per target and per source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../errors.ts';
import { AuthThrottle } from './auth-throttle.ts';

function throttle(now: { t: number }, perSource?: number) {
  return new AuthThrottle({ maxFailures: 3, windowMs: 60_000, blockMs: 30_000, now: () => now.t, ...(perSource ? { maxFailuresPerSource: perSource } : {}) });
}

function blockedFor(th: AuthThrottle, source: string, target: string): number | undefined {
  try {
    th.check(source, target);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof RosterError && error.code === 'rate_limited');
    return error.details.retryAfter;
  }
}

describe('AuthThrottle (issue 6 §5)', () => {
  it('blocks a source for a target after maxFailures within the window, then lets it go', () => {
    const now = { t: 0 };
    const th = throttle(now);
    assert.deepEqual(th.fail('ip', 'dir'), { blocked: false, failures: 1 });
    th.fail('ip', 'dir');
    assert.equal(blockedFor(th, 'ip', 'dir'), undefined);
    assert.equal(th.fail('ip', 'dir').blocked, true, 'the third failure starts the block, once');
    assert.equal(blockedFor(th, 'ip', 'dir'), 30);
    assert.equal(blockedFor(th, 'ip', 'other-dir'), undefined, 'other targets are open');
    assert.equal(blockedFor(th, 'other-ip', 'dir'), undefined, 'other sources are open');
    now.t = 29_001;
    assert.equal(blockedFor(th, 'ip', 'dir'), 1);
    now.t = 30_000;
    assert.equal(blockedFor(th, 'ip', 'dir'), undefined);
  });

  it('forgets failures older than the window', () => {
    const now = { t: 0 };
    const th = throttle(now);
    th.fail('ip', 'dir');
    th.fail('ip', 'dir');
    now.t = 61_000;
    assert.equal(th.fail('ip', 'dir').blocked, false);
    assert.equal(blockedFor(th, 'ip', 'dir'), undefined);
  });

  it('blocks a source that sprays many targets', () => {
    const now = { t: 0 };
    const th = throttle(now, 5);
    for (let i = 0; i < 4; i++) assert.equal(th.fail('ip', `dir${i}`).blocked, false);
    assert.equal(th.fail('ip', 'dir4').blocked, true);
    assert.equal(blockedFor(th, 'ip', 'dir-never-tried'), 30);
  });

  it('does nothing with maxFailures 0', () => {
    const th = new AuthThrottle({ maxFailures: 0, windowMs: 1, blockMs: 1 });
    for (let i = 0; i < 100; i++) th.fail('ip', 'dir');
    assert.equal(blockedFor(th, 'ip', 'dir'), undefined);
  });
});
