// When to try a failed webhook delivery again: exponential steps over about three days, with jitter.

/** Waits after attempt 1, 2, …: 30 s, 2 min, 10 min, 1 h, 4 h, 12 h, 24 h, 24 h (≈ 65 h in all). */
export const RETRY_DELAYS_MS = [30e3, 120e3, 600e3, 3600e3, 4 * 3600e3, 12 * 3600e3, 24 * 3600e3, 24 * 3600e3] as const;

/** Attempts in all before a delivery is marked failed. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Up to +20%, so receivers that come back are not hit by every endpoint's retries at once. */
export const JITTER = 0.2;

/**
 * The time of the next attempt after `attemptsMade` failed attempts, or null when none is left.
 * `random` is injectable so tests can pin the jitter.
 */
export function nextAttemptAt(attemptsMade: number, failedAt: Date, random: () => number = Math.random): Date | null {
  const delay = RETRY_DELAYS_MS[attemptsMade - 1];
  if (delay === undefined) return null;
  return new Date(failedAt.getTime() + Math.round(delay * (1 + JITTER * random())));
}
