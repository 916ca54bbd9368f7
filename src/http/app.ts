// buildApp: the Fastify application, apart from main.ts so tests can inject requests without sockets.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import { createSeatSnapshotJob } from '../directory/activity/seat-snapshot-job.ts';
import { createResourceCountsJob } from '../directory/resource-counts-job.ts';
import { createSuspensionJob } from '../directory/users/suspension-job.ts';
import { createGrantExpiryJob } from '../access/grant-expiry-job.ts';
import { createMappingRecomputeJob } from '../directory/mapping/recompute-job.ts';
import { createDeliveryWorker, type WorkerOptions } from '../events/delivery-worker.ts';
import { adminApi } from './admin/admin-api.ts';
import { AuthThrottle } from './auth-throttle.ts';
import { sendAdminError } from './admin/admin-reply.ts';
import { sendScimError } from './scim/scim-reply.ts';
import { registerDrain } from './drain.ts';
import { RosterMetrics, registerMetrics } from './metrics.ts';
import { LOG_OPTIONS } from './log-redaction.ts';
import { portalPlugin } from './portal/portal-plugin.ts';
import { API_SECURITY_HEADERS, registerSecurityHeaders } from './security-headers.ts';
import { RosterError } from '../errors.ts';
import { canonicalScimUrl } from './scim/scim-url.ts';
import { scimPlugin } from './scim/scim-plugin.ts';
import { TokenCache } from './scim/token-cache.ts';
import { sql } from 'kysely';

export interface AppDeps {
  store: Store;
  /**
   * false silences request logs (tests); otherwise pino at config.logLevel. A stream (and level)
   * sends the same logger, redaction included, somewhere else: tests read what it wrote.
   */
  logger?: boolean | { stream: DestinationStream; level?: string };
  /** Called for every route as it is registered; tests use it to list the routes they must cover. */
  onRoute?: (route: RouteOptions) => void;
  /** Seals webhook secrets; serve() resolves it (ROSTER_SECRET_KEY or <dataDir>/secret.key). */
  secretKey?: Buffer;
  /** Clock for webhook rotation and replay; tests move it. */
  now?: () => Date;
  /** Folder of the built Admin Portal; .build/portal by default. */
  portalRoot?: string;
  /** Runs the webhook delivery worker in this process (serve does; tests ask for it). */
  deliveryWorker?: boolean | Partial<Omit<WorkerOptions, 'db' | 'secretKey'>>;
  /**
   * /metrics also reports the process (CPU, memory, event loop, GC): serve does. Off by default, as
   * tests build many apps in one process and each would watch the same process again.
   */
  processMetrics?: boolean;
}

/**
 * Errors the router raises before any route or plugin sees the request (a path segment past
 * maxParamLength, malformed percent-encoding): answered in the format of the surface the URL names,
 * never Fastify's own body (found by test/fuzz).
 */
function renderFrameworkError(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A segment of the URL path is too long' : 'The URL is not valid (check its percent-encoding)';
  const rosterError = new RosterError('bad_request', message);
  reply.headers(API_SECURITY_HEADERS);
  if ((request.url ?? '').startsWith('/scim/')) void sendScimError(reply, rosterError);
  else void sendAdminError(reply, rosterError);
}

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const logger = deps.logger === false ? false : { level: config.logLevel, ...LOG_OPTIONS, ...(typeof deps.logger === 'object' ? deps.logger : {}) };
  const app = Fastify({
    logger,
    frameworkErrors: renderFrameworkError,
    // request.ip (brute-force throttle, audit log) is the client's, not the load balancer's, when set.
    // (A hop count as a function: Fastify takes a number at run time, but its types do not.)
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 1024 * 1024,
    rewriteUrl: (req) => canonicalScimUrl(req.url ?? '/'),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 },
  });
  const origin = (request: FastifyRequest) => config.publicUrl ?? `${request.protocol}://${request.host}`;
  const db = deps.store.db;
  const tokenCache = new TokenCache();
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  // Before any route, so every answer (errors and 404s too) carries them.
  registerSecurityHeaders(app);
  registerDrain(app);
  const { maxFailures, windowSeconds, blockSeconds } = config.authThrottle;
  const throttle = new AuthThrottle({ maxFailures, windowMs: windowSeconds * 1000, blockMs: blockSeconds * 1000 });
  const metrics = new RosterMetrics(deps.store, { process: deps.processMetrics === true });
  registerMetrics(app, metrics, { token: config.metricsToken, throttle });

  await app.register(scimPlugin, {
    prefix: '/scim/v2/:directoryId',
    db,
    origin,
    maxResults: config.scim.maxResults,
    bulkMaxOperations: config.scim.bulkMaxOperations,
    bulkMaxPayloadSize: config.scim.bulkMaxPayloadSize,
    bodyLimit: 1024 * 1024,
    tokenCache,
    throttle,
    watchSyncLog: (stats) => metrics.watchSyncLog(stats),
    // PGlite is one connection for every tenant: a read never waits on one client's socket there.
    waitForSlowClients: deps.store.kind === 'postgres',
  });
  // Without a key from serve() this is a test on a throwaway store: a key for this process will do.
  const secretKey = deps.secretKey ?? config.secretKey ?? randomBytes(32);
  const now = deps.now ?? (() => new Date());
  // adminApi wraps adminPlugin with the shared schemas and the OpenAPI document (admin-api.ts).
  await app.register(adminApi, { prefix: '/api/v1', db, origin, tokenCache, throttle, webhooks: { secretKey, now } });
  await app.register(portalPlugin, {
    db, origin, now, throttle, sessionSeconds: config.portal.sessionHours * 3600, ...(deps.portalRoot ? { root: deps.portalRoot } : {}),
  });
  if (deps.deliveryWorker) {
    const { timeoutMs, pollIntervalMs, batchSize } = config.webhooks;
    const worker = createDeliveryWorker({
      db, secretKey, now, timeoutMs, pollIntervalMs, batchSize,
      onError: (error) => app.log.error({ err: error }, 'webhook delivery worker round failed'),
      onAttempt: (outcome, seconds) => metrics.webhookAttempt(outcome, seconds),
      ...(typeof deps.deliveryWorker === 'object' ? deps.deliveryWorker : {}),
    });
    app.addHook('onReady', async () => worker.start());
    app.addHook('onClose', async () => worker.stop());
    // The same processes run the other background jobs: tests that build apps without them stay quiet.
    const seats = createSeatSnapshotJob({ db, now, onError: (error) => app.log.error({ err: error }, 'seat count snapshot failed') });
    app.addHook('onReady', async () => seats.start());
    app.addHook('onClose', async () => seats.stop());
    const returns = createSuspensionJob({ db, now, onError: (error) => app.log.error({ err: error }, 'ending due suspensions failed') });
    app.addHook('onReady', async () => returns.start());
    app.addHook('onClose', async () => returns.stop());
    const expiries = createGrantExpiryJob({ db, now, onError: (error) => app.log.error({ err: error }, 'revoking expired role grants failed') });
    app.addHook('onReady', async () => expiries.start());
    app.addHook('onClose', async () => expiries.stop());
    const recomputes = createMappingRecomputeJob({ db, onError: (error) => app.log.error({ err: error }, 'recomputing mapped fields failed') });
    app.addHook('onReady', async () => recomputes.start());
    app.addHook('onClose', async () => recomputes.stop());
    const counts = createResourceCountsJob({ db, onError: (error) => app.log.error({ err: error }, 'folding resource counts failed') });
    app.addHook('onReady', async () => counts.start());
    app.addHook('onClose', async () => counts.stop());
  }

  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok', store: deps.store.kind };
    } catch {
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', store: deps.store.kind });
    }
  });
  return app;
}
