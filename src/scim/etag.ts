// Weak ETags from resource versions and the If-Match / If-None-Match checks (RFC 7644 §3.14, RFC 7232).
import { RosterError } from '../errors.ts';

export function formatETag(version: number): string {
  return `W/"${version}"`;
}

/** True when a header value (a list, `*`, strong or weak tags) names this version. */
export function etagMatches(header: string, version: number): boolean {
  const tags = header.split(',').map((t) => t.trim());
  return tags.some((t) => t === '*' || t.replace(/^W\//, '') === `"${version}"`);
}

/** Throws 412 when If-Match is given and does not name the current version. */
export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch !== undefined && ifMatch !== '' && !etagMatches(ifMatch, version)) {
    throw new RosterError('precondition_failed', `The resource is at version ${formatETag(version)}, not ${ifMatch}; read it again and retry`);
  }
}
