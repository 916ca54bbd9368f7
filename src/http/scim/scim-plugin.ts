// The SCIM 2.0 surface under /scim/v2/:directoryId: body parsing, auth, SCIM errors, routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { RosterError } from '../../errors.ts';
import type { DirectoryContext } from '../../directory/directory-context.ts';
import type { Db } from '../../store/db.ts';
import { toRosterError } from '../error-mapping.ts';
import { registerBulkRoute } from './bulk-routes.ts';
import { registerDiscoveryRoutes } from './discovery-routes.ts';
import { GROUP_OPS, USER_OPS, type ResourceOps } from './resource-ops.ts';
import { registerResourceRoutes } from './resource-routes.ts';
import { registerRootSearch } from './root-search-routes.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import { authenticateScim } from './scim-auth.ts';
import { RateLimiter } from './rate-limiter.ts';
import { sendScimError } from './scim-reply.ts';
import { noteSyncLogError, registerSyncLog } from './sync-log-hook.ts';
import type { TokenCache } from './token-cache.ts';

declare module 'fastify' {
  interface FastifyRequest {
    scim: { ctx: DirectoryContext };
  }
}

export interface ScimPluginOptions {
  db: Db;
  origin: (request: FastifyRequest) => string;
  maxResults: number;
  bulkMaxOperations: number;
  bulkMaxPayloadSize: number;
  /** Largest body of a non-Bulk request. */
  bodyLimit: number;
  tokenCache: TokenCache;
  /** false leaves requests unrecorded (benchmarks compare the cost of the sync log); default true. */
  syncLog?: boolean;
  /** Told how to read the sync log writer's buffer and losses (/metrics). */
  watchSyncLog?: (stats: () => { buffered: number; dropped: number }) => void;
  /** Refuses a source for a while after repeated bad tokens; shared with the admin API. */
  throttle?: AuthThrottle;
  /**
   * Whether a streamed read may wait for a slow client to drain (holding its snapshot's connection).
   * false: it writes on, and the unread JSON waits in memory instead.
   */
  waitForSlowClients?: boolean;
}

/** JSON with prototype-poisoning keys (`__proto__`, `constructor.prototype`) removed; empty body is no body. */
function parseJson(_request: FastifyRequest, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') return done(null, undefined);
  try {
    done(null, sjson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparseable';
    done(new RosterError('invalid_syntax', `The request body is not valid JSON (${reason})`, { hint: 'Send a JSON object with Content-Type application/scim+json' }));
  }
}

export async function scimPlugin(app: FastifyInstance, opts: ScimPluginOptions): Promise<void> {
  const touched = new Map<string, number>();
  const limiter = new RateLimiter();
  app.decorateRequest('scim', null as unknown as { ctx: DirectoryContext });
  if (opts.syncLog !== false) registerSyncLog(app, { db: opts.db, ...(opts.watchSyncLog ? { watch: opts.watchSyncLog } : {}) });
  app.removeAllContentTypeParsers();
  // RFC 7644 §3.1: clients send application/scim+json; many send application/json or nothing useful.
  app.addContentTypeParser(['application/scim+json', 'application/json'], { parseAs: 'string' }, parseJson);
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJson);

  app.setErrorHandler((thrown, request, reply) => {
    const { error, unexpected } = toRosterError(thrown);
    if (unexpected) request.log.error({ err: thrown }, 'unexpected error in SCIM request');
    // For an operator following one IdP at debug level; the message may quote the request, never its secrets.
    else request.log.debug({ code: error.code, status: error.status, attribute: error.details.attribute, message: error.message }, 'SCIM request refused');
    noteSyncLogError(request, error);
    return sendScimError(reply, error);
  });

  app.addHook('onRequest', async (request) => {
    const { directoryId } = request.params as { directoryId: string };
    // The throttle counts per source and per directory named in the URL (see auth-throttle.ts).
    const target = (directoryId ?? '').toLowerCase().slice(0, 64);
    opts.throttle?.check(request.ip, target);
    try {
      request.scim = { ctx: await authenticateScim(opts.db, request, directoryId ?? '', opts.origin(request), touched, opts.tokenCache, limiter) };
    } catch (error) {
      if (error instanceof RosterError && error.code === 'unauthorized' && opts.throttle?.fail(request.ip, target).blocked) {
        // The sync log records the 401s and the 429s that follow (sync-log-hook.ts); this line is for the operator.
        request.log.warn({ source: request.ip, directoryId: target }, 'authentication: too many failed SCIM attempts from one source; refusing it for a while');
      }
      throw error;
    }
  });

  app.setNotFoundHandler(async (request, reply) => {
    const error = new RosterError('not_found', `No SCIM endpoint at ${request.method} ${request.url.split('?')[0]}`, {
      hint: 'SCIM endpoints are /Users, /Groups, /Bulk, /.search, /Schemas, /ResourceTypes and /ServiceProviderConfig',
    });
    noteSyncLogError(request, error);
    return sendScimError(reply, error);
  });

  const deps = { db: opts.db, maxResults: opts.maxResults, waitForSlowClients: opts.waitForSlowClients ?? true };
  registerResourceRoutes(app, '/Users', USER_OPS as unknown as ResourceOps, deps);
  registerResourceRoutes(app, '/Groups', GROUP_OPS as unknown as ResourceOps, deps);
  registerRootSearch(app, opts.db, opts.maxResults, deps.waitForSlowClients);
  registerBulkRoute(app, opts.db, { maxOperations: opts.bulkMaxOperations, maxPayloadSize: opts.bulkMaxPayloadSize });
  registerDiscoveryRoutes(app, { maxResults: opts.maxResults, bulkMaxOperations: opts.bulkMaxOperations, bulkMaxPayloadSize: opts.bulkMaxPayloadSize });
}
