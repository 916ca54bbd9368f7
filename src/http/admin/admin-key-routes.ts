// Admin API for admin keys: create (shown once, stored hashed), list, revoke. Full-scope unbound keys only (admin-auth.ts).
import type { FastifyInstance } from 'fastify';
import { ADMIN_SCOPES, adminKeyJson, createAdminKey, pageAdminKeys, revokeAdminKey, type AdminScope } from '../../directory/admin-keys.ts';
import type { Db } from '../../store/db.ts';
import { listBody, pageParams } from './admin-reply.ts';

const createBody = {
  type: 'object',
  required: ['name', 'scope'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    scope: { type: 'string', enum: ADMIN_SCOPES },
    organizationId: { type: ['string', 'null'], maxLength: 36 },
  },
} as const;

/** Registers the admin key routes on the admin plugin (which supplies auth, scope checks and error rendering). */
export function registerAdminKeyRoutes(app: FastifyInstance, opts: { db: Db; now: () => Date }): void {
  const { db } = opts;

  app.post<{ Body: { name: string; scope: AdminScope; organizationId?: string | null } }>('/admin-keys', { schema: { body: createBody } }, async (request, reply) => {
    const { record, key } = await createAdminKey(db, request.body);
    return reply.code(201).send({ ...adminKeyJson(record), key });
  });

  app.get('/admin-keys', async (request) => {
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    return listBody(await pageAdminKeys(db, after, limit), limit, adminKeyJson);
  });

  app.delete<{ Params: { id: string } }>('/admin-keys/:id', async (request, reply) => {
    await revokeAdminKey(db, request.params.id, opts.now());
    return reply.code(204).send();
  });
}
