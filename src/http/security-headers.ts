// Response security headers: one policy for the APIs now, and the one the Admin Portal will serve.
import type { FastifyInstance } from 'fastify';

/**
 * Every API answer (SCIM, admin, /healthz): nothing is sniffed into another type, no URL leaks in a
 * Referer, and nothing (a user list, a token shown once) is kept by a browser or proxy cache.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
});

export interface PortalPolicy {
  /** Origins allowed to frame the portal (an app embedding it); none by default. */
  frameAncestors?: readonly string[];
  /** Extra origins the portal may call (an API on another origin). */
  connectSrc?: readonly string[];
}

// A CSP source must be 'self' or an origin; anything else (a `;`, a quote, a space) could smuggle a directive.
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

function sources(list: readonly string[] | undefined, name: string): string[] {
  for (const s of list ?? []) if (!ORIGIN.test(s)) throw new Error(`${name} must list origins such as https://app.example.com, got "${s}"`);
  return [...(list ?? [])];
}

/** The Content-Security-Policy of the portal: its own scripts only, no plugins, framed only where allowed. */
export function portalContentSecurityPolicy(policy: PortalPolicy = {}): string {
  const frame = sources(policy.frameAncestors, 'frameAncestors');
  const connect = sources(policy.connectSrc, 'connectSrc');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frame.length > 0 ? frame.join(' ') : "'none'"}`,
  ].join('; ');
}

/** Headers of a portal page: the API headers plus the CSP and its pre-CSP equivalent for framing. */
export function portalSecurityHeaders(policy: PortalPolicy = {}): Record<string, string> {
  const framed = (policy.frameAncestors?.length ?? 0) > 0;
  return {
    ...API_SECURITY_HEADERS,
    'content-security-policy': portalContentSecurityPolicy(policy),
    // Browsers that ignore frame-ancestors still honour this; with allowed ancestors it cannot express them, so it is left out.
    ...(framed ? {} : { 'x-frame-options': 'DENY' }),
  };
}

/** Sets the API headers on every answer of the app, errors and 404s included (set on request, so a route may still override). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(API_SECURITY_HEADERS);
  });
}
