// A short-lived cache of token hash → directory, so the hot path skips one query per SCIM request.
import type { OrganizationPolicy } from '../../directory/directories/directory-service.ts';
import type { DirectoryRow } from '../../store/database.ts';

/** What a token opens: its directory and the organization's rules for new users. */
export interface CachedDirectory {
  directory: DirectoryRow;
  policy: OrganizationPolicy;
}

/**
 * Entries live at most `ttlMs` (and never past the token's own expiry). This process clears the
 * cache when a token is rotated or a directory deleted; other replicas notice within `ttlMs`.
 */
export class TokenCache {
  readonly #entries = new Map<string, { value: CachedDirectory; until: number }>();

  constructor(private readonly ttlMs = 5000, private readonly maxEntries = 10_000) {}

  get(tokenHash: string): CachedDirectory | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry.value;
  }

  set(tokenHash: string, value: CachedDirectory, tokenExpiresAt: Date | null): void {
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    const until = Math.min(Date.now() + this.ttlMs, tokenExpiresAt ? tokenExpiresAt.getTime() : Infinity);
    this.#entries.set(tokenHash, { value, until });
  }

  clear(): void {
    this.#entries.clear();
  }
}
