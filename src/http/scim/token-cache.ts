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
  readonly #loading = new Map<string, Promise<CachedDirectory | undefined>>();
  /** Bumped by clear(): a load that began before it must not put back what it read. */
  #generation = 0;

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

  /**
   * The cached directory, or the loader's answer: one load per token however many requests miss at
   * once (an IdP's sync opens with 16 in flight, and each expiry of the entry meets as many).
   */
  async load(tokenHash: string, loader: () => Promise<{ value: CachedDirectory; tokenExpiresAt: Date | null } | undefined>): Promise<CachedDirectory | undefined> {
    const hit = this.get(tokenHash);
    if (hit) return hit;
    let loading = this.#loading.get(tokenHash);
    if (!loading) {
      const generation = this.#generation;
      loading = loader()
        .then((found) => {
          if (found && generation === this.#generation) this.set(tokenHash, found.value, found.tokenExpiresAt);
          return found?.value;
        })
        .finally(() => {
          if (this.#loading.get(tokenHash) === loading) this.#loading.delete(tokenHash);
        });
      this.#loading.set(tokenHash, loading);
    }
    return loading;
  }

  clear(): void {
    this.#entries.clear();
    this.#loading.clear();
    this.#generation++;
  }
}
