// Admin routes for lifecycle and tenant rules: settings, held users, two-step token rotation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { changeDirectorySettings, cancelTokenRotation, completeTokenRotation, startTokenRotation } from '../../directory/directories/directory-settings.ts';
import { directoryJson, getDirectory } from '../../directory/directories/directory-service.ts';
import { getOrganization, organizationJson, updateOrganization } from '../../directory/organizations/organization-service.ts';
import { appUser } from '../../directory/users/user-app-view.ts';
import { approveUser, refuseUser } from '../../directory/users/user-approval.ts';
import { listDirectories } from '../../store/directory-repository.ts';
import { listUsersInState } from '../../store/user-repository.ts';
import type { Db } from '../../store/db.ts';
import type { TokenCache } from '../scim/token-cache.ts';

export interface LifecycleRouteOptions {
  db: Db;
  origin: (request: FastifyRequest) => string;
  tokenCache: TokenCache;
}

const organizationPatch = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    domains: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 253 } },
    externalDomainPolicy: { type: 'string', enum: ['allow', 'hold', 'reject'] },
  },
} as const;

const directoryPatch = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    deprovisionRule: { type: 'string', enum: ['deactivate', 'delete'] },
    rateLimitPerSecond: { type: 'integer', minimum: 1, maximum: 100000 },
    rateLimitBurst: { type: 'integer', minimum: 1, maximum: 1000000 },
    syncLogRetentionDays: { type: 'integer', minimum: 1, maximum: 3650 },
  },
} as const;

type Id = { Params: { id: string } };

export async function lifecycleRoutes(app: FastifyInstance, opts: LifecycleRouteOptions): Promise<void> {
  const { db, tokenCache } = opts;

  app.patch<Id & { Body: { name?: string; domains?: string[]; externalDomainPolicy?: string } }>(
    '/organizations/:id',
    { schema: { body: organizationPatch } },
    async (request) => {
      const row = await db.transaction().execute((trx) => updateOrganization(trx, request.params.id, request.body));
      tokenCache.clear(); // the policy travels with cached tokens
      return organizationJson(row);
    },
  );

  app.patch<Id & { Body: Record<string, unknown> }>('/directories/:id', { schema: { body: directoryPatch } }, async (request) => {
    const row = await db.transaction().execute((trx) => changeDirectorySettings(trx, request.params.id, request.body));
    tokenCache.clear(); // settings (rule, rate limit) travel with cached tokens
    return directoryJson(row, opts.origin(request));
  });

  app.get<Id>('/organizations/:id/held-users', async (request) => {
    await getOrganization(db, request.params.id);
    const directories = await listDirectories(db, request.params.id, undefined, 1000);
    const rows = await listUsersInState(db, directories.map((d) => d.id), 'held', 1000);
    return { data: rows.map((r) => appUser(r, request.params.id)), nextCursor: null };
  });

  app.post<Id>('/users/:id/approve', async (request) => {
    const row = await db.transaction().execute((trx) => approveUser(trx, request.params.id));
    const directory = await getDirectory(db, row.directory_id);
    return appUser(row, directory.organization_id);
  });

  app.post<Id>('/users/:id/refuse', async (request) => {
    const row = await db.transaction().execute((trx) => refuseUser(trx, request.params.id));
    const directory = await getDirectory(db, row.directory_id);
    return appUser(row, directory.organization_id);
  });

  app.post<Id>('/directories/:id/token-rotations', async (request, reply) => {
    const token = await db.transaction().execute((trx) => startTokenRotation(trx, request.params.id));
    return reply.code(201).send({ directoryId: request.params.id, status: 'pending', bearerToken: token });
  });

  app.post<Id>('/directories/:id/token-rotations/complete', async (request) => {
    await db.transaction().execute((trx) => completeTokenRotation(trx, request.params.id));
    tokenCache.clear();
    return { directoryId: request.params.id, status: 'completed' };
  });

  app.post<Id>('/directories/:id/token-rotations/cancel', async (request) => {
    await db.transaction().execute((trx) => cancelTokenRotation(trx, request.params.id));
    tokenCache.clear();
    return { directoryId: request.params.id, status: 'cancelled' };
  });
}
