// A directory's custom extension schemas: list, declare, read, replace, delete (docs/custom-schemas.md).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { declareSchema, deleteSchema, getSchema, listSchemas, replaceSchema } from '../../directory/schemas/custom-schema-service.ts';
import type { Db } from '../../store/db.ts';
import type { TokenCache } from '../scim/token-cache.ts';
import { CustomSchemaValuesQuery } from './schemas/custom-schema-schemas.ts';
import { idParams, noContent, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'directories';
const dir = idParams('directory');
const schemaParams = pathParams(['id', 'urn'] as const, { id: "The directory's id (UUID)", urn: "The schema's URN (any case)" });

const schemas = {
  list: { ...operation(TAG, 'listCustomSchemas', "A directory's custom extension schemas"), params: dir, response: responses({ 200: ref('CustomSchemaList') }) },
  declare: {
    ...operation(TAG, 'declareCustomSchema', 'Declare a custom extension schema: listed in the directory\'s /Schemas and /ResourceTypes, validated, stored and returned'),
    params: dir,
    body: ref('CustomSchemaCreate'),
    response: responses({ 201: ref('CustomSchema') }),
  },
  get: { ...operation(TAG, 'getCustomSchema', 'Get a custom extension schema by its URN'), params: schemaParams, response: responses({ 200: ref('CustomSchema') }) },
  replace: {
    ...operation(TAG, 'replaceCustomSchema', 'Replace a custom extension schema; removing or retyping attributes that hold values needs purge=true'),
    params: schemaParams,
    documentedQuerystring: CustomSchemaValuesQuery,
    body: ref('CustomSchemaCreate'),
    response: responses({ 200: ref('CustomSchema') }),
  },
  remove: {
    ...operation(TAG, 'deleteCustomSchema', 'Delete a custom extension schema; when users or groups hold values for it, purge=true removes them (else 409)'),
    params: schemaParams,
    documentedQuerystring: CustomSchemaValuesQuery,
    response: responses({ 204: noContent }),
  },
};

type SchemaRequest = FastifyRequest<{ Params: { id: string; urn: string }; Querystring: { purge?: string } }>;

/** Registers the custom schema routes; each change clears the token cache, which carries the schemas' version. */
export function registerCustomSchemaRoutes(app: FastifyInstance, opts: { db: Db; tokenCache: TokenCache; origin: (request: FastifyRequest) => string }): void {
  const { db, tokenCache } = opts;
  const values = (request: SchemaRequest) => ({ purge: request.query.purge === 'true', origin: opts.origin(request) });
  app.get('/directories/:id/schemas', { schema: schemas.list }, async (request) => listSchemas(db, (request.params as { id: string }).id));
  app.post('/directories/:id/schemas', { schema: schemas.declare }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const created = await db.transaction().execute((trx) => declareSchema(trx, id, request.body));
    tokenCache.clear();
    return reply.code(201).send(created);
  });
  app.get('/directories/:id/schemas/:urn', { schema: schemas.get }, async (request) => {
    const { id, urn } = request.params as { id: string; urn: string };
    return getSchema(db, id, urn);
  });
  app.put('/directories/:id/schemas/:urn', { schema: schemas.replace }, async (request: SchemaRequest) => {
    const replaced = await db.transaction().execute((trx) => replaceSchema(trx, request.params.id, request.params.urn, request.body, values(request)));
    tokenCache.clear();
    return replaced;
  });
  app.delete('/directories/:id/schemas/:urn', { schema: schemas.remove }, async (request: SchemaRequest, reply) => {
    await db.transaction().execute((trx) => deleteSchema(trx, request.params.id, request.params.urn, values(request)));
    tokenCache.clear();
    return reply.code(204).send();
  });
}
