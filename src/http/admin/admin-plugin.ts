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
import { registerActivityRoutes } from './activity-routes.ts';
import { registerJitRoutes } from './jit-routes.ts';
import { registerSuspensionRoutes } from './suspension-routes.ts';
import { registerOffboardingRoutes } from './offboarding-routes.ts';
import { registerRoleRoutes } from './role-routes.ts';
import { registerRoleRuleRoutes } from './role-rule-routes.ts';
import { registerAccessReviewRoutes } from './access-review-routes.ts';
import { registerMappingRoutes } from './mapping-routes.ts';
import { registerCustomSchemaRoutes } from './custom-schema-routes.ts';
import { registerImportRoutes } from './import-routes.ts';
import { portalLinkRoutes } from './portal-link-routes.ts';
import { userHistoryRoutes } from './user-history-routes.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import { lifecycleRoutes } from './lifecycle-routes.ts';
import { directoryReadRoutes } from './directory-read-routes.ts';
import { syncLogRoutes } from './sync-log-routes.ts';
import { listBody, pageParams, sendAdminError } from './admin-reply.ts';
import { AdminPageQuery, idParams, noContent, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';
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

const ORGS = 'organizations';
const DIRS = 'directories';
const orgParams = pathParams(['orgId'] as const, { orgId: "The organization's id (UUID)" });

/** Each route's OpenAPI operation and schemas (the shared ones are in schemas/). */
const schemas = {
  createOrganization: { ...operation(ORGS, 'createOrganization', 'Create an organization'), body: ref('OrganizationCreate'), response: responses({ 201: ref('Organization') }) },
  listOrganizations: { ...operation(ORGS, 'listOrganizations', 'List organizations'), documentedQuerystring: AdminPageQuery, response: responses({ 200: ref('OrganizationList') }) },
  getOrganization: { ...operation(ORGS, 'getOrganization', 'Get an organization'), params: idParams('organization'), response: responses({ 200: ref('Organization') }) },
  createDirectory: {
    ...operation(DIRS, 'createDirectory', 'Create a directory (an IdP connection); answers its SCIM URL and token, shown once'),
    params: orgParams,
    body: ref('DirectoryCreate'),
    response: responses({ 201: ref('CreatedDirectory') }),
  },
  listDirectories: {
    ...operation(DIRS, 'listDirectories', "List an organization's directories"),
    params: orgParams,
    documentedQuerystring: AdminPageQuery,
    response: responses({ 200: ref('DirectoryList') }),
  },
  getDirectory: { ...operation(DIRS, 'getDirectory', 'Get a directory'), params: idParams('directory'), response: responses({ 200: ref('Directory') }) },
  deleteDirectory: { ...operation(DIRS, 'deleteDirectory', 'Delete a directory and its users and groups'), params: idParams('directory'), response: responses({ 204: noContent }) },
  rotateToken: {
    ...operation(DIRS, 'rotateDirectoryToken', 'Issue a new SCIM token; the previous ones work for the grace period'),
    params: idParams('directory'),
    body: ref('TokenRotate'),
    response: responses({ 201: ref('TokenRotated') }),
  },
};

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
  registerAdminGuards(app, { db, throttle: opts.throttle, now: opts.webhooks?.now });
  registerAdminKeyRoutes(app, { db, now: opts.webhooks?.now ?? (() => new Date()) });
  registerAuditRoutes(app, { db });
  registerActivityRoutes(app, { db, now: opts.webhooks?.now ?? (() => new Date()) });
  registerJitRoutes(app, { db, origin: opts.origin, now: opts.webhooks?.now ?? (() => new Date()) });
  registerSuspensionRoutes(app, { db, now: opts.webhooks?.now ?? (() => new Date()) });
  registerOffboardingRoutes(app, { db });
  registerRoleRoutes(app, { db, now: opts.webhooks?.now ?? (() => new Date()) });
  registerRoleRuleRoutes(app, { db });
  registerAccessReviewRoutes(app, { db, now: opts.webhooks?.now ?? (() => new Date()) });
  registerImportRoutes(app, { db, origin: opts.origin, now: opts.webhooks?.now ?? (() => new Date()) });
  registerCustomSchemaRoutes(app, { db, tokenCache: opts.tokenCache, origin: opts.origin });
  registerMappingRoutes(app, { db, tokenCache: opts.tokenCache });
  registerEventRoutes(app, opts);
  registerWebhookRoutes(app, opts);
  await app.register(lifecycleRoutes, { db, origin: opts.origin, tokenCache: opts.tokenCache });
  await app.register(directoryReadRoutes, { db, origin: opts.origin });
  await app.register(syncLogRoutes, { db });
  await app.register(userHistoryRoutes, { db });
  await app.register(portalLinkRoutes, { db, origin: opts.origin, now: opts.webhooks?.now ?? (() => new Date()) });

  app.post<{ Body: { name: string; domains?: string[] } }>('/organizations', { schema: schemas.createOrganization }, async (request, reply) => {
    const row = await db.transaction().execute((trx) => createOrganization(trx, request.body));
    return reply.code(201).send(organizationJson(row));
  });

  app.get('/organizations', { schema: schemas.listOrganizations }, async (request) => {
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    return listBody(await pageOrganizations(db, after, limit), limit, organizationJson);
  });

  app.get<{ Params: { id: string } }>('/organizations/:id', { schema: schemas.getOrganization }, async (request) => organizationJson(await getOrganization(db, request.params.id)));

  app.post<{ Params: { orgId: string }; Body: { name: string; provider: string } }>(
    '/organizations/:orgId/directories',
    { schema: schemas.createDirectory },
    async (request, reply) => {
      const { row, token } = await db.transaction().execute((trx) => createDirectory(trx, request.params.orgId, request.body));
      return reply.code(201).send({ ...directoryJson(row, opts.origin(request)), bearerToken: token });
    },
  );

  app.get<{ Params: { orgId: string } }>('/organizations/:orgId/directories', { schema: schemas.listDirectories }, async (request) => {
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    const rows = await pageDirectories(db, request.params.orgId, after, limit);
    return listBody(rows, limit, (row) => directoryJson(row, opts.origin(request)));
  });

  app.get<{ Params: { id: string } }>('/directories/:id', { schema: schemas.getDirectory }, async (request) => directoryJson(await getDirectory(db, request.params.id), opts.origin(request)));

  app.delete<{ Params: { id: string } }>('/directories/:id', { schema: schemas.deleteDirectory }, async (request, reply) => {
    await db.transaction().execute((trx) => deleteDirectory(trx, request.params.id));
    opts.tokenCache.clear();
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { gracePeriodSeconds?: number } | null }>(
    '/directories/:id/token',
    { schema: schemas.rotateToken },
    async (request, reply) => {
      const grace = request.body?.gracePeriodSeconds ?? 0;
      const { token, previousExpiresAt } = await db.transaction().execute((trx) => rotateToken(trx, request.params.id, grace));
      opts.tokenCache.clear();
      return reply.code(201).send({ directoryId: request.params.id, bearerToken: token, previousTokensExpireAt: previousExpiresAt.toISOString() });
    },
  );
}
