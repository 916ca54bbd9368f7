// events.iterate: follows the Events API as an async iterator that polls, retries and checkpoints.
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError, RateLimitError } from './errors.ts';
import type { RosterEvent } from './event-types.ts';
import type { Fields } from './types.ts';
import type { HttpClient } from './http-client.ts';
import { resolveRoute } from './routes.ts';

export interface EventPage {
  data: RosterEvent[];
  nextCursor: string;
}

export const EVENT_PAGE_FIELDS = { data: true, nextCursor: true } satisfies Fields<EventPage>;

export interface EventQuery {
  /** Start after this cursor (a snapshot's, or one you checkpointed); the oldest retained event when absent. */
  after?: string | undefined;
  types?: readonly string[] | undefined;
  organizationId?: string | undefined;
  directoryId?: string | undefined;
  /** Page size, 1–1000. */
  limit?: number | undefined;
}

export interface IterateOptions extends EventQuery {
  /** Stops the iteration (it ends without an error). */
  signal?: AbortSignal | undefined;
  /** Wait between polls once the log is caught up; default 1000 ms. */
  pollIntervalMs?: number | undefined;
  /**
   * End when caught up instead of polling forever (a batch job, a test): after `idlePolls`
   * (default 2) empty pages in a row, since the server's horizon may hold the newest events back
   * for about one poll.
   */
  stopWhenIdle?: boolean | undefined;
  idlePolls?: number | undefined;
  /**
   * Persists the cursor. Called once every event of a page has been handed out and the loop asks
   * for more — so the app has finished with them — and when an idle poll moves the cursor.
   */
  checkpoint?: ((cursor: string) => void | Promise<void>) | undefined;
}

/** An async iterator of events that also tells where it stands. */
export interface EventIterator extends AsyncIterableIterator<RosterEvent> {
  /** The cursor after the last page fully handed out: resume from it. */
  readonly cursor: string | undefined;
}

export function eventQuery(q: EventQuery): Record<string, string | number | readonly string[] | undefined> {
  return { after: q.after, types: q.types && q.types.length > 0 ? q.types : undefined, organizationId: q.organizationId, directoryId: q.directoryId, limit: q.limit };
}

/** Waits out transient failures (429/503, a dropped connection) with growing pauses; rethrows the rest. */
async function pageWithRetry(http: HttpClient, query: EventQuery, signal: AbortSignal | undefined): Promise<EventPage> {
  for (let attempt = 0; ; attempt++) {
    try {
      const { method, path } = resolveRoute('GET /events');
      return await http.request<EventPage>(method, path, { query: eventQuery(query), signal });
    } catch (error) {
      const transient = error instanceof RateLimitError || error instanceof ConnectionError;
      if (!transient || signal?.aborted) throw error;
      const wait = error instanceof RateLimitError && error.retryAfter !== undefined ? error.retryAfter * 1000 : Math.min(30_000, 250 * 2 ** attempt);
      await sleep(wait, undefined, { signal }).catch(() => {});
      if (signal?.aborted) throw error;
    }
  }
}

export function iterateEvents(http: HttpClient, options: IterateOptions): EventIterator {
  let cursor = options.after;
  let checkpointed = cursor;
  const pollMs = options.pollIntervalMs ?? 1000;
  const { signal } = options;
  async function save(): Promise<void> {
    if (cursor !== undefined && cursor !== checkpointed && options.checkpoint) await options.checkpoint(cursor);
    checkpointed = cursor;
  }
  async function* run(): AsyncGenerator<RosterEvent> {
    let idle = 0;
    while (!signal?.aborted) {
      let page: EventPage;
      try {
        page = await pageWithRetry(http, { ...options, after: cursor }, signal);
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      for (const event of page.data) yield event;
      cursor = page.nextCursor;
      await save();
      if (page.data.length > 0) {
        idle = 0;
        continue;
      }
      if (options.stopWhenIdle && ++idle >= (options.idlePolls ?? 2)) return;
      await sleep(pollMs, undefined, { signal }).catch(() => {});
    }
  }
  // A live getter: Object.assign would copy the value once.
  return Object.defineProperty(run(), 'cursor', { get: () => cursor, enumerable: true }) as EventIterator;
}
