// The /api/v1 scope: shared schemas and the public OpenAPI document, around the admin routes and their guards.
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { adminPlugin, type AdminPluginOptions } from './admin-plugin.ts';
import { openapiOptions } from './openapi-options.ts';
import { registerAdminSchemas } from './schemas/admin-schemas.ts';

/**
 * Registered by buildApp under /api/v1. The schemas and @fastify/swagger live in this outer scope so
 * that the document sees every admin route (and no SCIM route), while the authentication hooks of
 * adminPlugin stay inside it: the document itself is public (docs/api.md says why).
 */
export async function adminApi(app: FastifyInstance, opts: AdminPluginOptions): Promise<void> {
  registerAdminSchemas(app);
  await app.register(swagger, openapiOptions);
  app.get(
    '/openapi.json',
    {
      schema: {
        tags: ['meta'],
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI 3.1 document (no key needed)',
        security: [],
        response: { 200: { description: 'The OpenAPI document', type: 'object', additionalProperties: true } },
      },
    },
    async () => app.swagger(),
  );
  // Named one by one: `opts` also holds this scope's `prefix`, which would apply a second time.
  const { db, origin, tokenCache, webhooks, throttle } = opts;
  await app.register(adminPlugin, { db, origin, tokenCache, webhooks, throttle });
}
