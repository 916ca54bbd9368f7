// Per-directory token buckets: an IdP's burst is absorbed, a flood gets 429 with Retry-After.
import { RosterError } from '../../errors.ts';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One bucket per directory in this process (each replica limits on its own, so N replicas allow
 * up to N times the rate). Okta and Entra pause and retry on 429 + Retry-After; nothing is written
 * before the check, so a refused request loses nothing.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token for the directory or throws `rate_limited` with the seconds to wait. */
  admit(directoryId: string, perSecond: number, burst: number): void {
    if (perSecond <= 0) return;
    const now = this.now();
    const capacity = Math.max(1, burst);
    const bucket = this.#buckets.get(directoryId) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    this.#buckets.set(directoryId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    throw new RosterError('rate_limited', `This directory sent more than ${perSecond} requests per second (burst ${capacity})`, {
      retryAfter,
      hint: `Retry after ${retryAfter} s; the limit is set per directory in Roster`,
    });
  }
}
