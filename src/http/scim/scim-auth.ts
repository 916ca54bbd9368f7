// Bearer-token authentication of SCIM requests: a directory's token opens that directory only.
import type { FastifyRequest } from 'fastify';
import { RosterError } from '../../errors.ts';
import { directoryContext, markDirectoryActive } from '../../directory/directories/directory-service.ts';
import type { DirectoryContext } from '../../directory/directory-context.ts';
import { resourcesOfDirectory } from '../../directory/schemas/schema-cache.ts';
import { isUuid } from '../../lib/ids.ts';
import { hashesEqual, hashSecret } from '../../lib/secrets.ts';
import { readDirectoryByTokenHash, touchDirectory } from '../../store/directory-repository.ts';
import type { Db } from '../../store/db.ts';
import type { DirectoryRow } from '../../store/database.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { CachedDirectory, TokenCache } from './token-cache.ts';

/** Every failure looks the same: no hint whether the directory exists or the token is wrong. */
function unauthorized(): RosterError {
  return new RosterError('unauthorized', 'The bearer token is missing, expired or not valid for this SCIM base URL', {
    hint: 'Copy the SCIM base URL and token from the directory settings again',
  });
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

// last_request_at is written at most this often per directory, to keep writes off the hot path.
const TOUCH_INTERVAL_MS = 10_000;

/** Resolves and checks the directory of a SCIM request; throws 401 on any mismatch. */
export async function authenticateScim(
  db: Db,
  request: FastifyRequest,
  directoryId: string,
  origin: string,
  touched: Map<string, number>,
  cache: TokenCache,
  limiter: RateLimiter,
): Promise<DirectoryContext> {
  const token = bearerToken(request.headers.authorization);
  if (!token || !isUuid(directoryId)) throw unauthorized();
  const hash = hashSecret(token);
  const cached: CachedDirectory | undefined = await cache.load(hash, async () => {
    const found = await readDirectoryByTokenHash(db, hash);
    if (!found || !hashesEqual(found.tokenHash, hash)) return undefined;
    let directory: DirectoryRow = found.directory;
    if (directory.state === 'pending') {
      const pending = directory;
      await db.transaction().execute((trx) => markDirectoryActive(trx, pending));
      directory = { ...directory, state: 'active' };
    }
    return { value: { directory, policy: { domains: found.domains, externalDomainPolicy: found.externalDomainPolicy } }, tokenExpiresAt: found.expiresAt };
  });
  if (!cached) throw unauthorized();
  const { directory, policy } = cached;
  if (directory.id !== directoryId.toLowerCase()) throw unauthorized();
  // Past authentication, before any work: a 429 never costs a write.
  limiter.admit(directory.id, directory.rate_limit_per_second, directory.rate_limit_burst);
  const now = Date.now();
  if ((touched.get(directory.id) ?? 0) + TOUCH_INTERVAL_MS < now) {
    touched.set(directory.id, now);
    await touchDirectory(db, directory.id);
  }
  return directoryContext(directory, origin, policy, await resourcesOfDirectory(db, directory.id, directory.schemas_version));
}
