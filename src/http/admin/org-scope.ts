// Organization-bound admin keys: every object a request names must belong to the key's organization.
import type { FastifyRequest } from 'fastify';
import type { AdminPrincipal } from '../../directory/admin-keys.ts';
import { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { organizationOf, type OwnedKind } from '../../store/ownership-repository.ts';

/** How a route's object is tied to an organization, keyed by the route's first path segment and its id parameter. */
const OWNED_BY_SEGMENT: Record<string, OwnedKind> = {
  organizations: 'organization',
  directories: 'directory',
  users: 'user',
  webhooks: 'webhook',
};

/**
 * Routes without an object id that a bound key may still use, with the organization forced to its
 * own: lists filtered by `?organizationId=`, creations that carry `organizationId` in the body.
 * Every other route without an object id (creating organizations, listing them, admin keys, the
 * audit log, and any route added later) is for keys bound to no organization: fail closed.
 */
const ORGANIZATION_IN_QUERY = new Set(['GET /events', 'GET /webhooks', 'HEAD /events', 'HEAD /webhooks']);
const ORGANIZATION_IN_BODY = new Set(['POST /webhooks']);
/** Routes about the caller itself (its own portal session): they name no object of anyone else. */
const CALLER_ONLY = new Set(['GET /portal/session', 'HEAD /portal/session', 'DELETE /portal/session']);
/** The app's own catalogue, the same for every organization: readable with a bound key (the portal shows roles), never writable. */
const APP_WIDE_READS = new Set(['GET /roles', 'HEAD /roles', 'GET /fields', 'HEAD /fields']);

/** Same answer as for an object that does not exist: a bound key learns nothing about other organizations. */
function notFound(): RosterError {
  return new RosterError('not_found', 'The resource was not found', { hint: 'This admin key is bound to one organization and sees only its objects' });
}

function unboundOnly(): RosterError {
  return new RosterError('forbidden', 'This endpoint is for admin keys bound to no organization', {
    hint: 'Use a key created without organizationId, or an endpoint under /organizations/{id}',
  });
}

/** The route pattern under /api/v1, e.g. `/directories/:id/users`. */
function routeOf(request: FastifyRequest): string {
  return (request.routeOptions.url ?? '').replace(/^\/api\/v1/, '');
}

/** The object a route names by its first segment and first parameter (`/directories/:id/...`). */
function namedObject(route: string, params: Record<string, string>): { kind: OwnedKind; id: string } | undefined {
  const match = /^\/([a-z-]+)\/:([A-Za-z]+)/.exec(route);
  const kind = match?.[1] ? OWNED_BY_SEGMENT[match[1]] : undefined;
  const id = match?.[2] ? params[match[2]] : undefined;
  return kind && id !== undefined ? { kind, id } : undefined;
}

/**
 * Checks a request of an organization-bound key (preValidation: params, query and body are read).
 * Keys bound to no organization pass untouched.
 */
export async function enforceOrganizationScope(db: Db, request: FastifyRequest, principal: AdminPrincipal): Promise<void> {
  const own = principal.organizationId;
  if (own === null) return;
  const route = routeOf(request);
  // A body may move an object to another organization (PATCH /webhooks/:id {organizationId}); null means all of them.
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, 'organizationId')) {
    const wanted = (body as { organizationId: unknown }).organizationId;
    if (wanted === null) throw unboundOnly();
    if (wanted !== own) throw notFound();
  }
  const object = namedObject(route, (request.params ?? {}) as Record<string, string>);
  if (object) {
    const owner = isUuid(object.id) ? await organizationOf(db, object.kind, object.id.toLowerCase()) : undefined;
    if (owner !== own) throw notFound();
    return;
  }
  const key = `${request.method} ${route}`;
  if (CALLER_ONLY.has(key) || APP_WIDE_READS.has(key)) return;
  if (ORGANIZATION_IN_QUERY.has(key)) {
    const query = request.query as Record<string, unknown>;
    if (query.organizationId !== undefined && query.organizationId !== '' && query.organizationId !== own) throw notFound();
    query.organizationId = own;
    return;
  }
  if (ORGANIZATION_IN_BODY.has(key) && body && typeof body === 'object' && !Array.isArray(body)) {
    (body as { organizationId?: string }).organizationId = own;
    return;
  }
  throw unboundOnly();
}
