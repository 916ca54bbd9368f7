// buildApp: the Fastify application, apart from main.ts so tests can inject requests without sockets.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import { adminPlugin } from './admin/admin-plugin.ts';
import { canonicalScimUrl } from './scim/scim-url.ts';
import { scimPlugin } from './scim/scim-plugin.ts';
import { TokenCache } from './scim/token-cache.ts';
import { sql } from 'kysely';

export interface AppDeps {
  store: Store;
  /** false silences request logs (tests); otherwise pino at config.logLevel. */
  logger?: boolean;
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger === false ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    rewriteUrl: (req) => canonicalScimUrl(req.url ?? '/'),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 },
  });
  const origin = (request: FastifyRequest) => config.publicUrl ?? `${request.protocol}://${request.host}`;
  const db = deps.store.db;
  const tokenCache = new TokenCache();

  await app.register(scimPlugin, {
    prefix: '/scim/v2/:directoryId',
    db,
    origin,
    maxResults: config.scim.maxResults,
    bulkMaxOperations: config.scim.bulkMaxOperations,
    bulkMaxPayloadSize: config.scim.bulkMaxPayloadSize,
    bodyLimit: 1024 * 1024,
    tokenCache,
  });
  await app.register(adminPlugin, { prefix: '/api/v1', db, origin, tokenCache });

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
