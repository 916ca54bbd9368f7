// The user rows this process has just committed, so an IdP's PATCH right after its POST skips the read.
import type { UserRow } from '../../store/database.ts';

/**
 * An IdP's initial sync creates a user and changes it a moment later (Entra PATCHes, Okta PUTs).
 * The optimistic write needs the row as it was; keeping the rows this process just committed saves
 * that read: one statement of the four per synced user.
 *
 * Why a stale entry can never be written over a newer row: every update of `users` bumps `version`,
 * and the write is `UPDATE … WHERE version = <the entry's version>`. A committed (id, version) names
 * one content: ids are never reused and versions only grow. So only committed rows may be kept (a
 * rolled-back transaction's version could be reached again with other content): the callers
 * remember rows of single-statement writes outside transactions, which are committed when they
 * return. A miss (another replica wrote, the user was deleted) falls back to reading the row.
 *
 * Entries are frozen: a caller that changed a shared row would corrupt the next PATCH's base.
 */
export class RecentUsers {
  readonly #rows = new Map<string, { row: Readonly<UserRow>; at: number }>();

  constructor(
    private readonly capacity = 1000,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(directoryId: string, id: string): Readonly<UserRow> | undefined {
    const key = `${directoryId}/${id}`;
    const entry = this.#rows.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.#rows.delete(key);
      return undefined;
    }
    return entry.row;
  }

  /** A row as committed (without computed extras such as groups). */
  remember(row: UserRow): void {
    const key = `${row.directory_id}/${row.id}`;
    this.#rows.delete(key);
    this.#rows.set(key, { row: deepFreeze({ ...row }), at: this.now() });
    // Map keeps insertion order: the first key is the oldest.
    if (this.#rows.size > this.capacity) this.#rows.delete(this.#rows.keys().next().value as string);
  }

  forget(directoryId: string, id: string): void {
    this.#rows.delete(`${directoryId}/${id}`);
  }

  get size(): number {
    return this.#rows.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Date)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** One per process: rows are keyed by directory and id, which are unique across stores. */
export const recentUsers = new RecentUsers();
