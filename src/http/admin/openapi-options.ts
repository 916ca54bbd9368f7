// How @fastify/swagger turns the admin routes' schemas into the OpenAPI 3.1 document at /api/v1/openapi.json.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import pkg from '../../../package.json' with { type: 'json' };
import { READ_METHODS, UNBOUND_FULL_ONLY } from './admin-auth.ts';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The query string a handler accepts, for the document only. Fastify does not validate it: the
     * handlers parse their own parameters (admin-reply.ts pageParams, event-feed.ts parseEventQuery…),
     * clamping or answering `invalid_value`/`invalid_cursor` naming the parameter, and Fastify's Ajv
     * would coerce and refuse first with other answers. Validating would change what routes return.
     */
    documentedQuerystring?: unknown;
  }
}

export const ADMIN_KEY_SCHEME = 'adminKey';

const TAGS = [
  { name: 'organizations', description: 'Customers of the app' },
  { name: 'directories', description: 'IdP connections, their settings and SCIM tokens' },
  { name: 'users and groups', description: 'A directory as the app sees it (docs/read-api.md)' },
  { name: 'events', description: 'The ordered event log and its retention (docs/events.md)' },
  { name: 'webhooks', description: 'Endpoints, deliveries and replays (docs/webhooks.md)' },
  { name: 'admin keys', description: 'Keys of this API and the audit log of what they did' },
  { name: 'roles', description: "The app's roles and their grants to users, time-bound or not (docs/access.md)" },
  { name: 'attribute mapping', description: "The app's fields and each directory's mapping of IdP attributes to them (docs/mapping.md)" },
  { name: 'access-reviews', description: 'Access review campaigns: keep or revoke decisions and their evidence (docs/access.md)' },
  { name: 'seats', description: 'Seat utilization: sign-ins reported by the app, provisioned vs activated vs active (docs/seats.md)' },
  { name: 'meta', description: 'This document' },
];

/**
 * The key a route needs, as OpenAPI 3.1 role names of the bearer scheme, read from the rules
 * admin-auth.ts enforces: none for reads (a read-scope key will do), `full` to change anything, and
 * `full` + `unbound` (no organizationId) for admin keys and the audit log.
 */
export function keyRoles(method: string, url: string): string[] {
  if (UNBOUND_FULL_ONLY.test(url)) return ['full', 'unbound'];
  return READ_METHODS.has(method) ? [] : ['full'];
}

export const openapiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Roster admin API',
      version: pkg.version,
      description:
        'Organizations, directories, users and groups as the app sees them, events and webhooks. ' +
        'SCIM 2.0 (/scim/v2/{directoryId}) is not described here: it describes itself at /Schemas and /ResourceTypes.',
      license: { name: pkg.license, identifier: pkg.license },
    },
    tags: TAGS,
    components: {
      securitySchemes: {
        [ADMIN_KEY_SCHEME]: { type: 'http', scheme: 'bearer', description: 'An admin API key (ROSTER_ADMIN_API_KEY, or one made with POST /api/v1/admin-keys).' },
      },
    },
    security: [{ [ADMIN_KEY_SCHEME]: [] }],
  },
  // Components named by their $id (Organization, not def-3), so generated clients get real type names.
  refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  transform: ({ schema, url, route }) => {
    const { documentedQuerystring, ...rest } = schema ?? {};
    return {
      schema: {
        ...rest,
        ...(documentedQuerystring ? { querystring: documentedQuerystring } : {}),
        security: rest.security ?? [{ [ADMIN_KEY_SCHEME]: keyRoles(String(route.method), url) }],
      },
      url,
    };
  },
};
