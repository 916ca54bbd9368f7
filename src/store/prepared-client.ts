// A pg client that turns Roster's repeated parametrised statements into named prepared statements.
import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Measured on the bench (N=3,000, generic IdP): PostgreSQL spent 2.2 ms of CPU per synced user
 * against the ceiling's 0.3, and `EXPLAIN (SUMMARY)` put the planning of Roster's four statements
 * per user at 3–4× their execution (CTEs, a recursive groups closure, the identity check). A named
 * statement is parsed and analysed once per connection, and after five executions PostgreSQL's
 * plan cache may reuse a generic plan instead of planning again: 0.9 ms per synced user.
 *
 * Only text seen `REPEATS_BEFORE_NAMING` times is named, so one-off statements (migrations, SQL with
 * inlined literals) never fill a connection's statement cache, and each connection names at most
 * `NAMES_PER_CONNECTION`: past that, statements go unnamed as before.
 */
const REPEATS_BEFORE_NAMING = 3;
const NAMES_PER_CONNECTION = 200;
const TEXTS_TRACKED = 5000;

/**
 * A generic plan is made once and kept until PostgreSQL invalidates it (DDL, or an ANALYZE of a
 * table it reads). A plan made while `users` was nearly empty scans the table, and with autovacuum
 * off (or before its first ANALYZE of a growing table) nothing replaces it: measured, a userName
 * lookup prepared on an empty directory took 64 ms at 100,000 users against 0.7 ms planned afresh.
 * So each connection drops its prepared statements now and then, often while it is young (tables
 * of a new install grow fastest then), rarely later: after 5 s, 15 s, 45 s… up to every 10 minutes.
 */
const FIRST_REPLAN_MS = 5_000;
const MAX_REPLAN_MS = 10 * 60_000;

export interface PreparingClientConfig extends pg.ClientConfig {
  /** Tests: when the first replan is due (the later ones triple), and the clock. */
  replanFirstMs?: number;
  now?: () => number;
}

const seen = new Map<string, number>();
const hashes = new Map<string, string>();

function hashFor(text: string): string | undefined {
  const cached = hashes.get(text);
  if (cached) return cached;
  const count = (seen.get(text) ?? 0) + 1;
  if (seen.size >= TEXTS_TRACKED) seen.clear();
  seen.set(text, count);
  if (count < REPEATS_BEFORE_NAMING) return undefined;
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 20);
  if (hashes.size >= TEXTS_TRACKED) hashes.clear();
  hashes.set(text, hash);
  return hash;
}

/**
 * PostgreSQL refuses to run a prepared `select *` whose table gained or lost a column since it was
 * prepared (a replica migrated the schema while this one serves): it fails with this error forever
 * on that connection unless the statement is prepared anew.
 */
function isStalePlan(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}

export class PreparingClient extends pg.Client {
  readonly #named = new Set<string>();
  /** Bumped when the server's prepared plans went stale: new names, so nothing old is reused. */
  #generation = 0;
  #inTransaction = false;
  readonly #now: () => number;
  #replanEvery: number;
  #replanDue: number;

  // pg.Pool hands its own options to each client it makes: the replan settings travel with them.
  constructor(config?: PreparingClientConfig | string) {
    super(config);
    const options = typeof config === 'object' ? config : {};
    this.#now = options.now ?? Date.now;
    this.#replanEvery = options.replanFirstMs ?? FIRST_REPLAN_MS;
    this.#replanDue = this.#now() + this.#replanEvery;
  }

  // pg's overloads are many; Kysely calls query(text, values) and expects a promise.
  override query(config: unknown, values?: unknown, callback?: unknown): any {
    if (typeof config === 'string' && callback === undefined) {
      if (/^\s*(begin|start transaction)\b/i.test(config)) this.#inTransaction = true;
      else if (/^\s*(commit|rollback|end|abort)\s*$/i.test(config)) this.#inTransaction = false;
      const hash = Array.isArray(values) && values.length > 0 ? hashFor(config) : undefined;
      if (hash) {
        // Between transactions only: DEALLOCATE inside one would fail with it if it aborted.
        if (!this.#inTransaction && this.#now() >= this.#replanDue) return this.#replanThen(config, values as unknown[]);
        const name = `roster_${hash}_${this.#generation}`;
        if (this.#named.has(name) || this.#named.size < NAMES_PER_CONNECTION) {
          this.#named.add(name);
          return this.#namedQuery(name, config, values as unknown[]);
        }
      }
    }
    return (super.query as (...args: unknown[]) => unknown)(config, values, callback);
  }

  async #replanThen(text: string, values: unknown[]): Promise<unknown> {
    await super.query('deallocate all');
    // pg remembers which names it parsed on this connection; they are gone on the server now.
    (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements = {};
    this.#named.clear();
    this.#replanEvery = Math.min(this.#replanEvery * 3, MAX_REPLAN_MS);
    this.#replanDue = this.#now() + this.#replanEvery;
    return this.query(text, values);
  }

  async #namedQuery(name: string, text: string, values: unknown[]): Promise<unknown> {
    try {
      return await super.query({ name, text, values });
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      // The old names stay prepared on the server and keep counting toward the cap.
      this.#generation += 1;
      // Inside a transaction the failure has aborted it: the caller's rollback and retry handle it.
      if (this.#inTransaction) throw error;
      return super.query({ text, values });
    }
  }
}
