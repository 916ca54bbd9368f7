// Admin API guards: bearer admin key or portal session cookie (hashed, constant-time), brute-force throttle, scopes, CSRF, audit log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateAdminKey, type AdminPrincipal } from '../../directory/admin-keys.ts';
import { authenticatePortalSession, type PortalSessionInfo } from '../../directory/portal/portal-links.ts';
import { recordAdminAction } from '../../directory/audit/audit-log.ts';
import { RosterError } from '../../errors.ts';
import type { Db } from '../../store/db.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import { PORTAL_HEADER, readPortalCookie } from '../portal/portal-cookie.ts';
import { bearerToken } from '../scim/scim-auth.ts';
import { enforceOrganizationScope } from './org-scope.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The admin key of the request, once authenticated. */
    adminPrincipal: AdminPrincipal | null;
    /** Set when the caller is an Admin Portal session (cookie) rather than an admin key. */
    portalSession: PortalSessionInfo | null;
  }
}

/** Methods a read-scope key may use (also what the OpenAPI document says of each route). */
export const READ_METHODS = new Set(['GET', 'HEAD']);
// Throttle target of the admin API: one per source, whatever the path.
const ADMIN_TARGET = 'admin';
/** The `route` of audit entries written when a source is blocked for failed authentications. */
export const AUTH_BLOCK_ROUTE = '(authentication blocked: too many invalid admin keys)';

/**
 * A portal session acts as a full-scope key bound to its organization; the audit log names it by its
 * session id, with a key name that says it was the portal.
 */
function sessionPrincipal(session: PortalSessionInfo): AdminPrincipal {
  return { keyId: session.id, name: `portal session (${session.intent} link)`, scope: 'full', organizationId: session.organizationId };
}

async function authenticate(db: Db, request: FastifyRequest, throttle: AuthThrottle | undefined, now: () => Date): Promise<AdminPrincipal> {
  throttle?.check(request.ip, ADMIN_TARGET);
  const key = bearerToken(request.headers.authorization);
  // A bearer key wins over a cookie: the developer view and scripts send keys, the portal sends only its cookie.
  const cookie = key ? undefined : readPortalCookie(request.headers.cookie);
  if (cookie) {
    const session = await authenticatePortalSession(db, cookie, now());
    if (session) {
      request.portalSession = session;
      return sessionPrincipal(session);
    }
    throttle?.fail(request.ip, ADMIN_TARGET);
    throw new RosterError('unauthorized', 'Your portal session has expired or was ended', { hint: "Ask your application's administrator for a new portal link" });
  }
  const principal = key ? await authenticateAdminKey(db, key) : undefined;
  if (principal) return principal;
  const outcome = throttle?.fail(request.ip, ADMIN_TARGET);
  if (outcome?.blocked) {
    request.log.warn({ source: request.ip, target: ADMIN_TARGET, failures: outcome.failures }, 'authentication: too many failed admin API attempts from one source; refusing it for a while');
    // One entry per block, not per guess: the log records the attack without letting it flood the table.
    await recordAuthenticationBlock(db, request);
  }
  if (!key) throw new RosterError('unauthorized', 'Send the admin API key as "Authorization: Bearer <key>"');
  throw new RosterError('unauthorized', 'The admin API key is not valid');
}

/** The audit entry of a source refused for guessing admin keys: no actor, status 429, where from. */
async function recordAuthenticationBlock(db: Db, request: FastifyRequest): Promise<void> {
  await recordAdminAction(db, {
    principal: null,
    method: request.method,
    route: AUTH_BLOCK_ROUTE,
    path: request.url.split('?')[0] ?? request.url,
    objectId: null,
    status: 429,
    ip: request.ip,
  }).catch((err: unknown) => request.log.error({ err }, 'audit log: could not record an authentication block'));
}

/** Routes only a full-scope key bound to no organization may use: they manage keys or read every action. */
export const UNBOUND_FULL_ONLY = /^\/api\/v1\/(admin-keys|audit-log)(\/|$)/;

/**
 * What the customer's IT admin may change through the portal, and nothing else: a fail-closed list, so a
 * route added later (webhooks, suspensions, sign-in reports…) stays the app developer's until someone
 * decides otherwise. Within these, the organization wall (org-scope.ts) still applies.
 */
export const PORTAL_CHANGES: ReadonlySet<string> = new Set([
  'POST /api/v1/organizations/:orgId/directories',
  'PATCH /api/v1/directories/:id',
  'POST /api/v1/directories/:id/token',
  'POST /api/v1/directories/:id/token-rotations',
  'POST /api/v1/directories/:id/token-rotations/cancel',
  'POST /api/v1/directories/:id/token-rotations/complete',
  // The IT admin maps their IdP's attributes to the app's fields (the preview of a proposal changes nothing).
  'PUT /api/v1/directories/:id/mapping',
  'POST /api/v1/directories/:id/mapping/preview',
  // Customers without SCIM keep their directory in step with a file (docs/import.md).
  'POST /api/v1/directories/:id/imports',
  // The customer's own access reviews: their reviewers decide, their auditors read the evidence (docs/access.md §7).
  'POST /api/v1/organizations/:id/access-reviews',
  'POST /api/v1/organizations/:id/access-reviews/:reviewId/items/:itemId/decision',
  'POST /api/v1/organizations/:id/access-reviews/:reviewId/close',
  'DELETE /api/v1/portal/session',
  // The customer's IT admin maps their IdP's custom attributes: declaring them is part of the connection (issue 9).
  'POST /api/v1/directories/:id/schemas',
  'PUT /api/v1/directories/:id/schemas/:urn',
  'DELETE /api/v1/directories/:id/schemas/:urn',
  // Who in the customer's company holds which of the app's roles is theirs to say (issue 8): rules and grants, not the roles themselves.
  'POST /api/v1/organizations/:id/role-rules',
  'DELETE /api/v1/organizations/:id/role-rules/:ruleId',
  'POST /api/v1/users/:id/roles',
  'PATCH /api/v1/users/:id/roles/:roleKey',
  'DELETE /api/v1/users/:id/roles/:roleKey',
]);
/** Reads that are the app's own configuration, not the customer's data: links, sessions, webhook endpoints. */
export const NOT_FOR_PORTAL = /^\/api\/v1\/(organizations\/:[A-Za-z]+\/portal-(links|sessions)|webhooks)(\/|$)/;

function requirePortalRules(request: FastifyRequest): void {
  if (!request.portalSession) return;
  const route = request.routeOptions.url ?? '';
  if (!READ_METHODS.has(request.method)) {
    // SameSite=Strict already keeps the cookie off cross-site requests; the header is the second lock (a form cannot set it).
    if (request.headers[PORTAL_HEADER] !== '1') {
      throw new RosterError('forbidden', `A portal request that changes something must carry the header "X-Roster-Portal: 1"`, { hint: 'Make the change from the portal itself' });
    }
    if (!PORTAL_CHANGES.has(`${request.method} ${route}`)) {
      throw new RosterError('forbidden', "An Admin Portal session may change only its directories' connection and settings, and who holds the app's roles", { hint: "Ask the application's administrator" });
    }
  }
  if (NOT_FOR_PORTAL.test(route)) {
    throw new RosterError('forbidden', "This is the application's own configuration, not open to Admin Portal sessions", { hint: 'Use an admin key' });
  }
}

function requireScope(request: FastifyRequest, principal: AdminPrincipal): void {
  requirePortalRules(request);
  if (principal.scope === 'read' && !READ_METHODS.has(request.method)) {
    throw new RosterError('forbidden', 'This admin key is read-only', { hint: 'Use a key with scope "full" to change anything' });
  }
  if (UNBOUND_FULL_ONLY.test(request.routeOptions.url ?? '') && (principal.scope !== 'full' || principal.organizationId !== null)) {
    throw new RosterError('forbidden', 'Admin keys and the audit log need a full-scope key bound to no organization');
  }
}

/** The object an action was about: the id in the URL, else the id of what it created. */
function objectIdOf(request: FastifyRequest, payload: unknown): string | null {
  const params = (request.params ?? {}) as Record<string, string>;
  const fromUrl = params.id ?? params.orgId;
  if (fromUrl) return fromUrl;
  if (typeof payload !== 'string' || !payload.startsWith('{"')) return null;
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * Written before the answer leaves (onSend), so an acknowledged action always has its entry. An
 * entry that cannot be written (the database went away after the action) is logged as an error;
 * the action itself already committed and is not undone.
 */
async function audit(db: Db, request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const principal = request.adminPrincipal;
  if (!principal || READ_METHODS.has(request.method) || request.method === 'OPTIONS') return payload;
  try {
    await recordAdminAction(db, {
      principal,
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      path: request.url.split('?')[0] ?? request.url,
      objectId: objectIdOf(request, payload),
      status: reply.statusCode,
      ip: request.ip,
    });
  } catch (err) {
    request.log.error({ err, method: request.method, route: request.routeOptions.url, keyId: principal.keyId }, 'audit log: could not record an admin action');
  }
  return payload;
}

/** Registers authentication, scope checks and the audit log on the admin plugin. */
export function registerAdminGuards(app: FastifyInstance, opts: { db: Db; throttle?: AuthThrottle | undefined; now?: (() => Date) | undefined }): void {
  const { db, throttle } = opts;
  const now = opts.now ?? (() => new Date());
  app.decorateRequest('adminPrincipal', null);
  app.decorateRequest('portalSession', null);
  app.addHook('onRequest', async (request) => {
    const principal = await authenticate(db, request, throttle, now);
    request.adminPrincipal = principal;
    request.log.debug({ keyId: principal.keyId, scope: principal.scope, organizationId: principal.organizationId }, 'admin key accepted');
    requireScope(request, principal);
  });
  app.addHook('preValidation', async (request) => {
    if (request.adminPrincipal) await enforceOrganizationScope(db, request, request.adminPrincipal);
  });
  app.addHook('onSend', async (request, reply, payload) => audit(db, request, reply, payload));
}
