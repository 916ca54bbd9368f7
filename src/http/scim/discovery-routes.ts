// Discovery endpoints (RFC 7644 §4): ServiceProviderConfig, ResourceTypes, Schemas; /Me is not offered.
import type { FastifyInstance } from 'fastify';
import { RosterError } from '../../errors.ts';
import { resourceTypeDocuments, schemaDocuments, serviceProviderConfigDocument } from '../../scim/schema/discovery-documents.ts';
import { GROUP_RESOURCE, SCHEMA_URN, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import { sendScim } from './scim-reply.ts';

const RESOURCES = [USER_RESOURCE, GROUP_RESOURCE];

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
  app.get('/ResourceTypes', async (request, reply) => sendScim(reply, 200, list(resourceTypeDocuments(request.scim.ctx.scimBaseUrl, RESOURCES))));
  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', async (request, reply) =>
    sendScim(reply, 200, byId(resourceTypeDocuments(request.scim.ctx.scimBaseUrl, RESOURCES), request.params.id, 'ResourceType')),
  );
  app.get('/Schemas', async (request, reply) => sendScim(reply, 200, list(schemaDocuments(request.scim.ctx.scimBaseUrl, RESOURCES))));
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (request, reply) =>
    sendScim(reply, 200, byId(schemaDocuments(request.scim.ctx.scimBaseUrl, RESOURCES), request.params.id, 'Schema')),
  );
  const me = async () => {
    throw new RosterError('not_implemented', '/Me is not supported: Roster authenticates identity providers, not end users', {
      hint: 'Use /Users/{id} with the directory token',
    });
  };
  app.all('/Me', me);
  app.all('/Me/*', me);
}
