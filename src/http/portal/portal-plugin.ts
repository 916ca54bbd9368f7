// The Admin Portal: GET /portal/open (a link becomes a session cookie) and the built single-page app under /portal/.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { openPortalLink } from '../../directory/portal/portal-links.ts';
import { RosterError } from '../../errors.ts';
import type { Db } from '../../store/db.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import { portalSecurityHeaders, type PortalPolicy } from '../security-headers.ts';
import { servedOverTls, sessionCookie } from './portal-cookie.ts';
import { PORTAL_BUILD_DIR, readPortalFile, readPortalIndex } from './portal-files.ts';

export interface PortalPluginOptions {
  db: Db;
  origin: (request: FastifyRequest) => string;
  now: () => Date;
  sessionSeconds: number;
  /** The built portal; tests may point elsewhere. */
  root?: string;
  policy?: PortalPolicy;
  throttle?: AuthThrottle;
}

// Failed opens count as failed authentication of the portal target: guessing links is throttled like guessing keys.
const PORTAL_TARGET = 'portal-link';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Roster Admin Portal</title></head>
<body><h1>The Admin Portal is not built</h1><p>Run <code>npm start</code> (it builds the portal when needed) or <code>npm run build:portal</code>, then reload.</p></body></html>`;

export async function portalPlugin(app: FastifyInstance, opts: PortalPluginOptions): Promise<void> {
  const root = opts.root ?? PORTAL_BUILD_DIR;
  const headers = portalSecurityHeaders(opts.policy);

  async function sendIndex(reply: FastifyReply, status = 200): Promise<FastifyReply> {
    const index = await readPortalIndex(root);
    reply.headers(headers).header('content-type', 'text/html; charset=utf-8');
    if (!index) return reply.code(503).send(NOT_BUILT);
    return reply.code(status).send(index);
  }

  app.get<{ Querystring: { token?: string } }>('/portal/open', async (request, reply) => {
    reply.headers(headers);
    try {
      opts.throttle?.check(request.ip, PORTAL_TARGET);
    } catch (error) {
      if (!(error instanceof RosterError) || error.code !== 'rate_limited') throw error;
      return reply.header('retry-after', String(error.details.retryAfter ?? 60)).redirect('/portal/link-problem?reason=too-many', 303);
    }
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    const outcome = await openPortalLink(opts.db, token, opts.now(), opts.sessionSeconds);
    if (!outcome.ok) {
      opts.throttle?.fail(request.ip, PORTAL_TARGET);
      request.log.info({ problem: outcome.problem }, 'portal: a link did not open');
      return reply.redirect(`/portal/link-problem?reason=${outcome.problem}`, 303);
    }
    request.log.info({ organizationId: outcome.organizationId, intent: outcome.intent }, 'portal: a link opened a session');
    reply.header('set-cookie', sessionCookie(outcome.session, outcome.expiresAt, opts.now(), servedOverTls(request, opts.origin(request))));
    return reply.redirect(outcome.intent === 'setup' ? '/portal/setup' : '/portal/', 303);
  });

  // With ignoreTrailingSlash this also answers /portal/, which the wildcard route does not match.
  app.get('/portal', async (_request, reply) => sendIndex(reply));

  app.get<{ Params: { '*': string } }>('/portal/*', async (request, reply) => {
    const wanted = request.params['*'];
    const file = wanted === '' ? undefined : await readPortalFile(root, wanted);
    if (file) {
      reply.headers(headers).header('content-type', file.type);
      if (file.immutable) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.send(file.body);
    }
    // A missing asset is a 404, not the app: a stale page asking for an old bundle must not get HTML as script.
    if (wanted.startsWith('assets/')) return reply.headers(headers).code(404).type('text/plain; charset=utf-8').send('Not found');
    return sendIndex(reply);
  });
}
