// GET /metrics: what an operator's Prometheus scrapes, in its text format (prom-client).
//
// Aggregates only. No label carries a directory, an organization, a user or a token: requests are
// labelled by their route's pattern (`/scim/v2/:directoryId/Users/:id`), never by the URL, and an
// unmatched URL is `unmatched`. So the series stay few whatever the number of tenants, and opening the
// endpoint to a monitoring network opens no tenant's data to it (test/metrics.test.ts checks both).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RosterError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { lookupBatcher } from '../store/resource-query.ts';
import type { StatementBatcher } from '../store/statement-batcher.ts';
import { userWriteBatchers } from '../store/user-write-repository.ts';
import type { AuthThrottle } from './auth-throttle.ts';
import { sendAdminError } from './admin/admin-reply.ts';
import { bearerToken } from './scim/scim-auth.ts';

type BatcherView = Pick<StatementBatcher<unknown, unknown>, 'sizes' | 'waiting' | 'refused'>;

/** Seconds: a lookup answers in about a millisecond, a Bulk request or a slow receiver in seconds. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function surfaceOf(route: string): string {
  if (route.startsWith('/scim/')) return 'scim';
  if (route.startsWith('/api/')) return 'admin';
  if (route.startsWith('/portal')) return 'portal';
  return 'other';
}

/**
 * One registry per app (tests build many apps in one process). Parts of Roster report into it: the
 * delivery worker through `webhookAttempt`, the sync log through `watchSyncLog`; the rest is read
 * from the store when Prometheus scrapes.
 */
export class RosterMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'surface' | 'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'surface' | 'method' | 'route'>;
  readonly #deliveries: Counter<'outcome'>;
  readonly #deliverySeconds: Histogram<'outcome'>;
  #syncLog: (() => { buffered: number; dropped: number }) | undefined;

  constructor(store: Store, options: { process: boolean }) {
    const registers = [this.registry];
    if (options.process) collectDefaultMetrics({ register: this.registry, prefix: 'roster_' });
    this.#requests = new Counter({
      name: 'roster_http_requests_total',
      help: 'HTTP requests answered, by surface (scim, admin, portal, other), method, route pattern and status',
      labelNames: ['surface', 'method', 'route', 'status'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'roster_http_request_duration_seconds',
      help: 'Time from the request received to the answer sent, by surface, method and route pattern',
      labelNames: ['surface', 'method', 'route'],
      buckets: SECONDS,
      registers,
    });
    this.#deliveries = new Counter({
      name: 'roster_webhook_attempts_total',
      help: 'Webhook delivery attempts by this process, by what became of the delivery (succeeded, retrying, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.#deliverySeconds = new Histogram({
      name: 'roster_webhook_attempt_duration_seconds',
      help: 'Time a webhook receiver took to answer (or to time out), by outcome',
      labelNames: ['outcome'],
      buckets: SECONDS,
      registers,
    });

    // Concurrent writes and lookups of one directory share statements (statement-batcher.ts).
    const batchers = (): Record<string, BatcherView> => {
      const writes = userWriteBatchers(store.db);
      return { user_create: writes.create, user_update: writes.update, lookup: lookupBatcher(store.db) };
    };
    // Cumulative figures kept by the parts themselves, exposed as counters: set at each scrape.
    const counter = (name: string, help: string, read: (b: BatcherView) => number) =>
      new Counter({
        name,
        help,
        labelNames: ['kind'],
        registers,
        collect() {
          this.reset();
          for (const [kind, b] of Object.entries(batchers())) this.inc({ kind }, read(b));
        },
      });
    counter('roster_statements_total', 'Statements sent by the batchers, by kind (user_create, user_update, lookup)', (b) => sum(b.sizes, (_size, n) => n));
    counter('roster_statement_requests_total', 'Requests those statements carried (a refused statement\'s requests count again when each runs alone): above roster_statements_total when requests shared statements', (b) =>
      sum(b.sizes, (size, n) => size * n),
    );
    counter('roster_statements_refused_total', 'Shared statements the database refused, whose requests then ran again one by one', (b) => b.refused);
    new Gauge({
      name: 'roster_statement_requests_waiting',
      help: 'Requests waiting for the statement of their directory in flight, by kind',
      labelNames: ['kind'],
      registers,
      collect() {
        for (const [kind, b] of Object.entries(batchers())) this.set({ kind }, b.waiting);
      },
    });

    const metrics = this;
    new Gauge({
      name: 'roster_sync_log_buffered_entries',
      help: 'Sync log entries waiting to be written (they are written in batches, about every 250 ms)',
      registers,
      collect() {
        this.set(metrics.#syncLog?.().buffered ?? 0);
      },
    });
    new Counter({
      name: 'roster_sync_log_dropped_entries_total',
      help: 'Sync log entries lost: the buffer was full (the database away or slow) or a batch failed twice',
      registers,
      collect() {
        this.reset();
        this.inc(metrics.#syncLog?.().dropped ?? 0);
      },
    });

    const connections = store.connections;
    if (connections) {
      new Gauge({
        name: 'roster_db_connections',
        help: 'PostgreSQL pool: connections open (total) and idle, and queries waiting for a connection (waiting)',
        labelNames: ['state'],
        registers,
        collect() {
          const c = connections();
          this.set({ state: 'total' }, c.total);
          this.set({ state: 'idle' }, c.idle);
          this.set({ state: 'waiting' }, c.waiting);
        },
      });
    }
  }

  request(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { surface: surfaceOf(route), method: request.method, route };
    this.#requests.inc({ ...labels, status: String(reply.statusCode) });
    this.#duration.observe(labels, reply.elapsedTime / 1000);
  }

  webhookAttempt(outcome: 'succeeded' | 'retrying' | 'failed', seconds: number): void {
    this.#deliveries.inc({ outcome });
    this.#deliverySeconds.observe({ outcome }, seconds);
  }

  watchSyncLog(stats: () => { buffered: number; dropped: number }): void {
    this.#syncLog = stats;
  }
}

function sum(sizes: ReadonlyMap<number, number>, f: (size: number, n: number) => number): number {
  let total = 0;
  for (const [size, n] of sizes) total += f(size, n);
  return total;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Every answer counted (hook at the root, so SCIM, admin, portal and 404s alike), and the route.
 * With a token configured, a scrape without it is a 401, and failures count toward the brute-force
 * throttle like a bad admin key.
 */
export function registerMetrics(app: FastifyInstance, metrics: RosterMetrics, options: { token: string | undefined; throttle: AuthThrottle }): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.request(request, reply);
  });
  const expected = options.token === undefined ? undefined : digest(options.token);
  app.get('/metrics', async (request, reply) => {
    if (expected) {
      try {
        options.throttle.check(request.ip, 'metrics');
      } catch (error) {
        return sendAdminError(reply, error as RosterError);
      }
      const sent = bearerToken(request.headers.authorization);
      if (sent === undefined || !timingSafeEqual(digest(sent), expected)) {
        options.throttle.fail(request.ip, 'metrics');
        return sendAdminError(reply, new RosterError('unauthorized', 'GET /metrics needs Authorization: Bearer <ROSTER_METRICS_TOKEN>'));
      }
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
