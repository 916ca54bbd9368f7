// Concurrent writes of one directory joined into one statement: the fixed cost of a statement
// (round trip, executor start-up, statement triggers, commit) is paid once for many requests.

/**
 * Measured with 16 concurrent creates on PostgreSQL (docs/performance.md): one create per statement
 * cost the database 0.42 ms of CPU per user and Roster 0.14 ms; four per statement, 0.13 and 0.06.
 * The work per row is small; what each statement costs on its own is most of it.
 *
 * Nothing waits to be batched: a write with nothing in flight for its directory is sent at once,
 * alone. Writes that arrive while one is in flight wait for it, then go together. Every row still
 * commits with its own events in the same statement, so "nothing lost" holds row by row.
 */
export interface BatcherOptions<In> {
  /**
   * The lane of a write (its directory): only writes of one lane share a statement, so a statement
   * may take what they share from the first of them. Derived here, never passed by the caller, so
   * no caller can put one tenant's write in another's lane.
   */
  lane: (item: In) => string;
  /** The most writes one statement carries (each size is its own prepared statement text). */
  maxBatch: number;
  /**
   * Values no two writes of one batch may share (a user id, a lowercased userName): such a pair
   * could not both be decided by one statement, so the later one waits for the next batch.
   */
  exclusive?: (item: In) => string[];
}

interface Pending<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

interface Lane<In, Out> {
  waiting: Pending<In, Out>[];
  busy: boolean;
}

/**
 * PostgreSQL answered with an error of its own (an SQLSTATE): the statement, and so its implicit
 * transaction, did not commit. Each write can be run again alone and get its own answer (one row's
 * uniqueness violation must not fail the others). A failure without a code (a dropped connection)
 * may have come after the commit, so it is not retried: each write gets that failure, as alone.
 */
export function statementRefused(error: unknown): boolean {
  // The severity tells the server's error (pg's and PGlite's DatabaseError) from a socket's EPIPE.
  const e = error as { code?: unknown; severity?: unknown } | null | undefined;
  return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

export class StatementBatcher<In, Out> {
  readonly #lanes = new Map<string, Lane<In, Out>>();
  readonly #one: (item: In) => Promise<Out>;
  readonly #many: (items: In[]) => Promise<Out[]>;
  readonly #options: BatcherOptions<In>;
  /** How many statements carried how many writes (metrics and tests). */
  readonly sizes = new Map<number, number>();
  /** Batched statements the database refused, whose writes then ran again alone (metrics and tests). */
  refused = 0;

  constructor(one: (item: In) => Promise<Out>, many: (items: In[]) => Promise<Out[]>, options: BatcherOptions<In>) {
    this.#one = one;
    this.#many = many;
    this.#options = options;
  }

  /** Writes queued behind a statement in flight, in every lane (a test waits on it to form a batch). */
  get waiting(): number {
    let n = 0;
    for (const l of this.#lanes.values()) n += l.waiting.length;
    return n;
  }

  /** Runs `item` in its lane (a directory): alone if the lane is idle, else with those waiting. */
  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      const lane = this.#options.lane(item);
      let l = this.#lanes.get(lane);
      if (!l) {
        l = { waiting: [], busy: false };
        this.#lanes.set(lane, l);
      }
      l.waiting.push({ item, resolve, reject });
      if (!l.busy) void this.#drain(lane, l);
    });
  }

  async #drain(name: string, lane: Lane<In, Out>): Promise<void> {
    lane.busy = true;
    try {
      while (lane.waiting.length > 0) await this.#run(this.#take(lane));
    } catch (error) {
      // Only a bug can get here (#run answers every write it takes); the writes still waiting get
      // the error rather than a promise that never settles, and the process does not crash.
      for (const p of lane.waiting.splice(0)) p.reject(error);
    } finally {
      lane.busy = false;
      this.#lanes.delete(name);
    }
  }

  /** The first writes waiting, in order, skipping (for the next batch) any that clash with one taken. */
  #take(lane: Lane<In, Out>): Pending<In, Out>[] {
    const taken: Pending<In, Out>[] = [];
    const rest: Pending<In, Out>[] = [];
    const held = new Set<string>();
    for (const p of lane.waiting) {
      const keys = this.#options.exclusive?.(p.item) ?? [];
      if (taken.length >= this.#options.maxBatch || keys.some((k) => held.has(k))) {
        rest.push(p);
        continue;
      }
      for (const k of keys) held.add(k);
      taken.push(p);
    }
    lane.waiting = rest;
    return taken;
  }

  async #run(batch: Pending<In, Out>[]): Promise<void> {
    this.sizes.set(batch.length, (this.sizes.get(batch.length) ?? 0) + 1);
    if (batch.length === 1) return this.#alone(batch[0]!);
    let outs: Out[];
    try {
      outs = await this.#many(batch.map((p) => p.item));
    } catch (error) {
      if (!statementRefused(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      this.refused++;
      // Each runs again as a statement of its own, counted as one.
      this.sizes.set(1, (this.sizes.get(1) ?? 0) + batch.length);
      await Promise.all(batch.map((p) => this.#alone(p)));
      return;
    }
    if (outs.length !== batch.length) {
      const error = new Error(`a batched statement answered ${outs.length} rows for ${batch.length} writes`);
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => p.resolve(outs[i]!));
  }

  async #alone(p: Pending<In, Out>): Promise<void> {
    try {
      p.resolve(await this.#one(p.item));
    } catch (error) {
      p.reject(error);
    }
  }
}
