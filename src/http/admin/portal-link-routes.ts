// Admin Portal links (POST /organizations/:id/portal-links), an organization's portal sessions, and the caller's own session.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getOrganization } from '../../directory/organizations/organization-service.ts';
import { createPortalLink, portalSessionJson, type NewPortalLink } from '../../directory/portal/portal-links.ts';
import { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { listPortalSessions, revokePortalSessionRow } from '../../store/portal-repository.ts';
import { clearedCookie, servedOverTls } from '../portal/portal-cookie.ts';
import { listBody, pageParams } from './admin-reply.ts';
import { AdminPageQuery, idParams, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

export interface PortalLinkRouteOptions {
  db: Db;
  origin: (request: FastifyRequest) => string;
  now: () => Date;
}

const TAG = 'organizations';
const sessionParams = pathParams(['id', 'sessionId'] as const, { id: "The organization's id (UUID)", sessionId: "The session's id (UUID)" });

const schemas = {
  createLink: {
    ...operation(TAG, 'createPortalLink', 'Create a single-use Admin Portal link for an organization (default: opens within 5 minutes)'),
    params: idParams('organization'),
    body: ref('PortalLinkCreate'),
    response: responses({ 201: ref('PortalLink') }),
  },
  listSessions: {
    ...operation(TAG, 'listPortalSessions', "List an organization's Admin Portal sessions, newest first"),
    params: idParams('organization'),
    documentedQuerystring: AdminPageQuery,
    response: responses({ 200: ref('PortalSessionList') }),
  },
  revokeSession: {
    ...operation(TAG, 'revokePortalSession', 'End an Admin Portal session at once'),
    params: sessionParams,
    response: responses({ 200: ref('PortalSession') }),
  },
  whoAmI: {
    ...operation(TAG, 'getPortalSession', 'The Admin Portal session making this request (portal cookie only)'),
    response: responses({ 200: ref('PortalWhoAmI') }),
  },
  signOut: {
    ...operation(TAG, 'endPortalSession', 'End the Admin Portal session making this request and clear its cookie'),
    response: responses({ 200: ref('PortalSession') }),
  },
};

function notASession(): RosterError {
  return new RosterError('not_found', 'This request is not made with an Admin Portal session', { hint: 'Open a portal link first' });
}

export async function portalLinkRoutes(app: FastifyInstance, opts: PortalLinkRouteOptions): Promise<void> {
  const { db, now } = opts;

  app.post<{ Params: { id: string }; Body: NewPortalLink }>('/organizations/:id/portal-links', { schema: schemas.createLink }, async (request, reply) => {
    const link = await createPortalLink(db, request.params.id, request.body, request.adminPrincipal?.keyId ?? null, now());
    const url = `${opts.origin(request)}/portal/open?token=${encodeURIComponent(link.token)}`;
    return reply.code(201).send({ object: 'portal_link', id: link.id, organizationId: link.organizationId, intent: link.intent, url, expiresAt: link.expiresAt.toISOString() });
  });

  app.get<{ Params: { id: string } }>('/organizations/:id/portal-sessions', { schema: schemas.listSessions }, async (request) => {
    const organization = await getOrganization(db, request.params.id);
    const { limit, after } = pageParams(request.query as Record<string, unknown>);
    const rows = await listPortalSessions(db, organization.id, after && isUuid(after) ? after : undefined, limit);
    const at = now();
    return listBody(rows, limit, (row) => portalSessionJson(row, at));
  });

  app.delete<{ Params: { id: string; sessionId: string } }>('/organizations/:id/portal-sessions/:sessionId', { schema: schemas.revokeSession }, async (request) => {
    const organization = await getOrganization(db, request.params.id);
    const { sessionId } = request.params;
    const row = isUuid(sessionId) ? await revokePortalSessionRow(db, organization.id, sessionId.toLowerCase(), now()) : undefined;
    if (!row) throw new RosterError('not_found', 'No portal session of this organization has this id', { resourceId: sessionId });
    return portalSessionJson(row, now());
  });

  app.get('/portal/session', { schema: schemas.whoAmI }, async (request) => {
    const session = request.portalSession;
    if (!session) throw notASession();
    const organization = await getOrganization(db, session.organizationId);
    return { object: 'portal_session', id: session.id, intent: session.intent, expiresAt: session.expiresAt.toISOString(), organization: { id: organization.id, name: organization.name } };
  });

  app.delete('/portal/session', { schema: schemas.signOut }, async (request, reply) => {
    const session = request.portalSession;
    if (!session) throw notASession();
    const row = await revokePortalSessionRow(db, session.organizationId, session.id, now());
    if (!row) throw notASession();
    reply.header('set-cookie', clearedCookie(servedOverTls(request, opts.origin(request))));
    return portalSessionJson(row, now());
  });
}
