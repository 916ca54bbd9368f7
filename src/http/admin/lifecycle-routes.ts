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
import { idParams, operation, ref, responses } from './schemas/common-schemas.ts';

export interface LifecycleRouteOptions {
  db: Db;
  origin: (request: FastifyRequest) => string;
  tokenCache: TokenCache;
}

type Id = { Params: { id: string } };

const READ = 'users and groups';
const directoryId = idParams('directory');
const userId = idParams('user');

/** Each route's OpenAPI operation and schemas (the shared ones are in schemas/). */
const schemas = {
  updateOrganization: {
    ...operation('organizations', 'updateOrganization', "Change an organization's name, domains or external-domain policy"),
    params: idParams('organization'),
    body: ref('OrganizationPatch'),
    response: responses({ 200: ref('Organization') }),
  },
  updateDirectory: {
    ...operation('directories', 'updateDirectory', "Change a directory's name, deprovisioning rule, rate limit or sync-log retention"),
    params: directoryId,
    body: ref('DirectoryPatch'),
    response: responses({ 200: ref('Directory') }),
  },
  heldUsers: {
    ...operation(READ, 'listHeldUsers', 'List users held for approval (external email domain, policy "hold")'),
    params: idParams('organization'),
    response: responses({ 200: ref('AppUserList') }),
  },
  approve: { ...operation(READ, 'approveUser', 'Approve a held user: it becomes active'), params: userId, response: responses({ 200: ref('AppUser') }) },
  refuse: { ...operation(READ, 'refuseUser', 'Refuse a held user'), params: userId, response: responses({ 200: ref('AppUser') }) },
  startRotation: {
    ...operation('directories', 'startTokenRotation', 'Start a two-step token rotation: a new token beside the current one'),
    params: directoryId,
    response: responses({ 201: ref('TokenRotationStarted') }),
  },
  completeRotation: {
    ...operation('directories', 'completeTokenRotation', 'Complete a rotation: only the new token works'),
    params: directoryId,
    response: responses({ 200: ref('TokenRotationStatus') }),
  },
  cancelRotation: {
    ...operation('directories', 'cancelTokenRotation', 'Cancel a rotation: only the old token works'),
    params: directoryId,
    response: responses({ 200: ref('TokenRotationStatus') }),
  },
};

export async function lifecycleRoutes(app: FastifyInstance, opts: LifecycleRouteOptions): Promise<void> {
  const { db, tokenCache } = opts;

  app.patch<Id & { Body: { name?: string; domains?: string[]; externalDomainPolicy?: string } }>(
    '/organizations/:id',
    { schema: schemas.updateOrganization },
    async (request) => {
      const row = await db.transaction().execute((trx) => updateOrganization(trx, request.params.id, request.body));
      tokenCache.clear(); // the policy travels with cached tokens
      return organizationJson(row);
    },
  );

  app.patch<Id & { Body: Record<string, unknown> }>('/directories/:id', { schema: schemas.updateDirectory }, async (request) => {
    const row = await db.transaction().execute((trx) => changeDirectorySettings(trx, request.params.id, request.body));
    tokenCache.clear(); // settings (rule, rate limit) travel with cached tokens
    return directoryJson(row, opts.origin(request));
  });

  app.get<Id>('/organizations/:id/held-users', { schema: schemas.heldUsers }, async (request) => {
    await getOrganization(db, request.params.id);
    const directories = await listDirectories(db, request.params.id, undefined, 1000);
    const rows = await listUsersInState(db, directories.map((d) => d.id), 'held', 1000);
    return { data: rows.map((r) => appUser(r, request.params.id)), nextCursor: null };
  });

  app.post<Id>('/users/:id/approve', { schema: schemas.approve }, async (request) => {
    const row = await db.transaction().execute((trx) => approveUser(trx, request.params.id));
    const directory = await getDirectory(db, row.directory_id);
    return appUser(row, directory.organization_id);
  });

  app.post<Id>('/users/:id/refuse', { schema: schemas.refuse }, async (request) => {
    const row = await db.transaction().execute((trx) => refuseUser(trx, request.params.id));
    const directory = await getDirectory(db, row.directory_id);
    return appUser(row, directory.organization_id);
  });

  app.post<Id>('/directories/:id/token-rotations', { schema: schemas.startRotation }, async (request, reply) => {
    const token = await db.transaction().execute((trx) => startTokenRotation(trx, request.params.id));
    return reply.code(201).send({ directoryId: request.params.id, status: 'pending', bearerToken: token });
  });

  app.post<Id>('/directories/:id/token-rotations/complete', { schema: schemas.completeRotation }, async (request) => {
    await db.transaction().execute((trx) => completeTokenRotation(trx, request.params.id));
    tokenCache.clear();
    return { directoryId: request.params.id, status: 'completed' };
  });

  app.post<Id>('/directories/:id/token-rotations/cancel', { schema: schemas.cancelRotation }, async (request) => {
    await db.transaction().execute((trx) => cancelTokenRotation(trx, request.params.id));
    tokenCache.clear();
    return { directoryId: request.params.id, status: 'cancelled' };
  });
}
