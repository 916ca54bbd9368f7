// Slows down guessing: a source (IP) that fails authentication too often is refused for a while.
import { RosterError } from '../errors.ts';

export interface AuthThrottleOptions {
  /** Failures within `windowMs` from one source against one target that trigger a block; 0 turns the throttle off. */
  maxFailures: number;
  windowMs: number;
  /** How long a blocked source is refused. */
  blockMs: number;
  /** Failures from one source against all targets together that trigger a block of the whole source. */
  maxFailuresPerSource?: number;
  now?: () => number;
}

export interface FailureOutcome {
  /** True when this failure started a block: the caller logs it once. */
  blocked: boolean;
  failures: number;
}

interface Window {
  failures: number[];
  blockedUntil: number;
}

// Bounded memory under a spray of sources: past this many tracked keys, expired ones are dropped,
// and if that is not enough, all of them (an attacker with that many addresses defeats any per-IP limit).
const MAX_TRACKED = 100_000;

/**
 * Keys are `source|target` (target: a directory id from the SCIM URL, or `admin`) plus `source|*`.
 * Per target, so that an IdP egress address with one stale token, shared by many customers, only
 * loses the directory whose token is wrong; per source, so that spraying directories does not help.
 * While blocked, every request of the key is refused before its token is looked at: a valid guess
 * must not be told apart from an invalid one. Each replica counts on its own.
 */
export class AuthThrottle {
  readonly #windows = new Map<string, Window>();
  readonly #now: () => number;

  constructor(private readonly options: AuthThrottleOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** Throws `rate_limited` (429, Retry-After) while the source is blocked for this target. */
  check(source: string, target: string): void {
    if (this.options.maxFailures <= 0) return;
    const now = this.#now();
    const until = Math.max(this.#blockedUntil(`${source}|${target}`, now), this.#blockedUntil(`${source}|*`, now));
    if (until <= now) return;
    const retryAfter = Math.max(1, Math.ceil((until - now) / 1000));
    throw new RosterError('rate_limited', 'Too many failed authentication attempts from this address', {
      retryAfter,
      hint: `Retry after ${retryAfter} s with a valid token; check that the token configured in the client is current`,
    });
  }

  /** Counts a failed authentication. */
  fail(source: string, target: string): FailureOutcome {
    if (this.options.maxFailures <= 0) return { blocked: false, failures: 0 };
    const now = this.#now();
    if (this.#windows.size > MAX_TRACKED) this.#prune(now);
    const perTarget = this.#count(`${source}|${target}`, now, this.options.maxFailures);
    const perSource = this.#count(`${source}|*`, now, this.options.maxFailuresPerSource ?? this.options.maxFailures * 10);
    return { blocked: perTarget.blocked || perSource.blocked, failures: perTarget.failures };
  }

  #blockedUntil(key: string, now: number): number {
    const w = this.#windows.get(key);
    return w && w.blockedUntil > now ? w.blockedUntil : 0;
  }

  #count(key: string, now: number, limit: number): FailureOutcome {
    const w = this.#windows.get(key) ?? { failures: [], blockedUntil: 0 };
    this.#windows.set(key, w);
    w.failures = w.failures.filter((t) => t > now - this.options.windowMs);
    w.failures.push(now);
    // Keep no more timestamps than the limit needs.
    if (w.failures.length > limit) w.failures.splice(0, w.failures.length - limit);
    if (w.failures.length >= limit && w.blockedUntil <= now) {
      w.blockedUntil = now + this.options.blockMs;
      w.failures = [];
      return { blocked: true, failures: limit };
    }
    return { blocked: false, failures: w.failures.length };
  }

  #prune(now: number): void {
    for (const [key, w] of this.#windows) {
      if (w.blockedUntil <= now && w.failures.every((t) => t <= now - this.options.windowMs)) this.#windows.delete(key);
    }
    if (this.#windows.size > MAX_TRACKED) this.#windows.clear();
  }
}
