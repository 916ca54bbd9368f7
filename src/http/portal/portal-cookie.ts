// The Admin Portal's session cookie: its name, how it is read from a request, and its attributes.
import type { FastifyRequest } from 'fastify';

export const PORTAL_COOKIE = 'roster_portal';
/** Mutating portal requests must carry this header: a cross-site form cannot set it (CSRF). */
export const PORTAL_HEADER = 'x-roster-portal';

/** The value of the portal cookie in a Cookie header, if any (first one wins, as browsers send the most specific first). */
export function readPortalCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === PORTAL_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** Whether the browser reached us over TLS: the request itself, or the public URL Roster is served at. */
export function servedOverTls(request: FastifyRequest, origin: string): boolean {
  return request.protocol === 'https' || origin.startsWith('https:');
}

/** Set-Cookie for a session: HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), expiring. */
export function sessionCookie(value: string, expiresAt: Date, now: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return [`${PORTAL_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`, `Expires=${expiresAt.toUTCString()}`, ...(secure ? ['Secure'] : [])].join('; ');
}

/** Set-Cookie that removes the session cookie (sign out). */
export function clearedCookie(secure: boolean): string {
  return [`${PORTAL_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT', ...(secure ? ['Secure'] : [])].join('; ');
}
