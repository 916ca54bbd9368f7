// Admin API for admin keys: create (shown once, stored hashed), list, revoke. Full-scope unbound keys only (admin-auth.ts).
import type { FastifyInstance } from 'fastify';
import { adminKeyJson, createAdminKey, pageAdminKeys, revokeAdminKey, type AdminScope } from '../../directory/admin-keys.ts';
import type { Db } from '../../store/db.ts';
import { listBody, pageParams } from './admin-reply.ts';
import { AdminPageQuery, idParams, noContent, operation, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'admin keys';

/** Each route's OpenAPI operation and schemas (the shared ones are in schemas/admin-key-schemas.ts). */
const schemas = {
  create: { ...operation(TAG, 'createAdminKey', 'Create an admin key; answers the key, shown once'), body: ref('AdminKeyCreate'), response: responses({ 201: ref('CreatedAdminKey') }) },
  list: { ...operation(TAG, 'listAdminKeys', 'List admin keys'), documentedQuerystring: AdminPageQuery, response: responses({ 200: ref('AdminKeyList') }) },
  revoke: { ...operation(TAG, 'revokeAdminKey', 'Revoke an admin key'), params: idParams('admin key'), response: responses({ 204: noContent }) },
};

/** Registers the admin key routes on the admin plugin (which supplies auth, scope checks and error rendering). */
export function registerAdminKeyRoutes(app: FastifyInstance, opts: { db: Db; now: () => Date }): void {
  const { db } = opts;

  app.post<{ Body: { name: string; scope: AdminScope; organizationId?: string | null } }>('/admin-keys', { schema: schemas.create }, async (request, reply) => {
    const { record, key } = await createAdminKey(db, request.body);
    return reply.code(201).send({ ...adminKeyJson(record), key });
  });

  app.get('/admin-keys', { schema: schemas.list }, async (request) => {
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    return listBody(await pageAdminKeys(db, after, limit), limit, adminKeyJson);
  });

  app.delete<{ Params: { id: string } }>('/admin-keys/:id', { schema: schemas.revoke }, async (request, reply) => {
    await revokeAdminKey(db, request.params.id, opts.now());
    return reply.code(204).send();
  });
}
