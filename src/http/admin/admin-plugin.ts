// The admin API under /api/v1: organizations, directories and tokens, behind the admin key.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RosterError } from '../../errors.ts';
import {
  createDirectory,
  deleteDirectory,
  directoryJson,
  getDirectory,
  pageDirectories,
  rotateToken,
} from '../../directory/directories/directory-service.ts';
import { createOrganization, getOrganization, organizationJson, pageOrganizations } from '../../directory/organizations/organization-service.ts';
import type { Db } from '../../store/db.ts';
import { toRosterError } from '../error-mapping.ts';
import { registerAdminGuards } from './admin-auth.ts';
import { registerAdminKeyRoutes } from './admin-key-routes.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import { lifecycleRoutes } from './lifecycle-routes.ts';
import { directoryReadRoutes } from './directory-read-routes.ts';
import { syncLogRoutes } from './sync-log-routes.ts';
import { listBody, pageParams, sendAdminError } from './admin-reply.ts';
import type { TokenCache } from '../scim/token-cache.ts';
import { registerEventRoutes } from './event-routes.ts';
import { registerWebhookRoutes, type WebhookRouteContext } from './webhook-routes.ts';

export interface AdminPluginOptions {
  db: Db;
  /** Cleared when a token or directory stops being valid, so the change takes effect at once here. */
  tokenCache: TokenCache;
  origin: (request: FastifyRequest) => string;
  webhooks?: WebhookRouteContext;
  /** Refuses a source for a while after repeated bad keys; shared with the SCIM plugin. */
  throttle?: AuthThrottle;
}

const organizationBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    domains: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 253 } },
  },
} as const;

const directoryBody = {
  type: 'object',
  required: ['name', 'provider'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    provider: { type: 'string', minLength: 1, maxLength: 40 },
  },
} as const;

const rotateBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { gracePeriodSeconds: { type: 'integer', minimum: 0, maximum: 2592000 } },
} as const;

export async function adminPlugin(app: FastifyInstance, opts: AdminPluginOptions): Promise<void> {
  const { db } = opts;

  app.setErrorHandler((thrown, request, reply) => {
    const { error, unexpected } = toRosterError(thrown);
    if (unexpected) request.log.error({ err: thrown }, 'unexpected error in admin request');
    return sendAdminError(reply, error);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendAdminError(reply, new RosterError('not_found', `No admin endpoint at ${request.method} ${request.url.split('?')[0]}`)),
  );
  registerAdminGuards(app, { db, throttle: opts.throttle });
  registerAdminKeyRoutes(app, { db, now: opts.webhooks?.now ?? (() => new Date()) });
  registerAuditRoutes(app, { db });
  registerEventRoutes(app, opts);
  registerWebhookRoutes(app, opts);
  await app.register(lifecycleRoutes, { db, origin: opts.origin, tokenCache: opts.tokenCache });
  await app.register(directoryReadRoutes, { db, origin: opts.origin });
  await app.register(syncLogRoutes, { db });

  app.post<{ Body: { name: string; domains?: string[] } }>('/organizations', { schema: { body: organizationBody } }, async (request, reply) => {
    const row = await db.transaction().execute((trx) => createOrganization(trx, request.body));
    return reply.code(201).send(organizationJson(row));
  });

  app.get('/organizations', async (request) => {
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    return listBody(await pageOrganizations(db, after, limit), limit, organizationJson);
  });

  app.get<{ Params: { id: string } }>('/organizations/:id', async (request) => organizationJson(await getOrganization(db, request.params.id)));

  app.post<{ Params: { orgId: string }; Body: { name: string; provider: string } }>(
    '/organizations/:orgId/directories',
    { schema: { body: directoryBody } },
    async (request, reply) => {
      const { row, token } = await db.transaction().execute((trx) => createDirectory(trx, request.params.orgId, request.body));
      return reply.code(201).send({ ...directoryJson(row, opts.origin(request)), bearerToken: token });
    },
  );

  app.get<{ Params: { orgId: string } }>('/organizations/:orgId/directories', async (request) => {
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    const rows = await pageDirectories(db, request.params.orgId, after, limit);
    return listBody(rows, limit, (row) => directoryJson(row, opts.origin(request)));
  });

  app.get<{ Params: { id: string } }>('/directories/:id', async (request) => directoryJson(await getDirectory(db, request.params.id), opts.origin(request)));

  app.delete<{ Params: { id: string } }>('/directories/:id', async (request, reply) => {
    await db.transaction().execute((trx) => deleteDirectory(trx, request.params.id));
    opts.tokenCache.clear();
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { gracePeriodSeconds?: number } | null }>(
    '/directories/:id/token',
    { schema: { body: rotateBody } },
    async (request, reply) => {
      const grace = request.body?.gracePeriodSeconds ?? 0;
      const { token, previousExpiresAt } = await db.transaction().execute((trx) => rotateToken(trx, request.params.id, grace));
      opts.tokenCache.clear();
      return reply.code(201).send({ directoryId: request.params.id, bearerToken: token, previousTokensExpireAt: previousExpiresAt.toISOString() });
    },
  );
}
