// Discovery endpoints (RFC 7644 §4): ServiceProviderConfig, ResourceTypes, Schemas; /Me is not offered.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RosterError } from '../../errors.ts';
import { resourceTypeDocuments, schemaDocuments, serviceProviderConfigDocument } from '../../scim/schema/discovery-documents.ts';
import { resourceList } from '../../scim/schema/directory-resources.ts';
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import { sendScim } from './scim-reply.ts';

export interface DiscoveryLimits {
  maxResults: number;
  bulkMaxOperations: number;
  bulkMaxPayloadSize: number;
}

function list(resources: object[]) {
  return { schemas: [SCHEMA_URN.listResponse], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources };
}

function byId(docs: object[], id: string, kind: string): object {
  const doc = docs.find((d) => String((d as { id?: string }).id).toLowerCase() === id.toLowerCase());
  if (!doc) throw new RosterError('not_found', `${kind} "${id}" not found`, { hint: `List /${kind}s to see what this server offers` });
  return doc;
}

export function registerDiscoveryRoutes(app: FastifyInstance, limits: DiscoveryLimits): void {
  const spc = (base: string) =>
    serviceProviderConfigDocument(base, {
      bulkMaxOperations: limits.bulkMaxOperations,
      bulkMaxPayloadSize: limits.bulkMaxPayloadSize,
      filterMaxResults: limits.maxResults,
    });
  app.get('/ServiceProviderConfig', async (request, reply) => sendScim(reply, 200, spc(request.scim.ctx.scimBaseUrl)));
  // Each directory lists its own custom schemas beside the built-in ones (scim-auth put them in ctx).
  const types = (request: FastifyRequest) => resourceTypeDocuments(request.scim.ctx.scimBaseUrl, resourceList(request.scim.ctx.resources));
  const schemas = (request: FastifyRequest) => schemaDocuments(request.scim.ctx.scimBaseUrl, resourceList(request.scim.ctx.resources));
  app.get('/ResourceTypes', async (request, reply) => sendScim(reply, 200, list(types(request))));
  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', async (request, reply) => sendScim(reply, 200, byId(types(request), request.params.id, 'ResourceType')));
  app.get('/Schemas', async (request, reply) => sendScim(reply, 200, list(schemas(request))));
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (request, reply) => sendScim(reply, 200, byId(schemas(request), request.params.id, 'Schema')));
  const me = async () => {
    throw new RosterError('not_implemented', '/Me is not supported: Roster authenticates identity providers, not end users', {
      hint: 'Use /Users/{id} with the directory token',
    });
  };
  app.all('/Me', me);
  app.all('/Me/*', me);
}
