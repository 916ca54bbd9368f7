// A short-lived cache of token hash → directory, so the hot path skips one query per SCIM request.
import type { DirectoryRow } from '../../store/database.ts';

/**
 * Entries live at most `ttlMs` (and never past the token's own expiry). This process clears the
 * cache when a token is rotated or a directory deleted; other replicas notice within `ttlMs`.
 */
export class TokenCache {
  readonly #entries = new Map<string, { directory: DirectoryRow; until: number }>();

  constructor(private readonly ttlMs = 5000, private readonly maxEntries = 10_000) {}

  get(tokenHash: string): DirectoryRow | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry.directory;
  }

  set(tokenHash: string, directory: DirectoryRow, tokenExpiresAt: Date | null): void {
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    const until = Math.min(Date.now() + this.ttlMs, tokenExpiresAt ? tokenExpiresAt.getTime() : Infinity);
    this.#entries.set(tokenHash, { directory, until });
  }

  clear(): void {
    this.#entries.clear();
  }
}
