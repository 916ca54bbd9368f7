// Admin API authentication: a bearer admin key, stored hashed, compared in constant time.
import type { FastifyRequest } from 'fastify';
import { RosterError } from '../../errors.ts';
import { hashesEqual, hashSecret } from '../../lib/secrets.ts';
import { readAdminKeyHash } from '../../store/admin-key-repository.ts';
import type { Db } from '../../store/db.ts';
import { bearerToken } from '../scim/scim-auth.ts';

export async function authenticateAdmin(db: Db, request: FastifyRequest): Promise<void> {
  const key = bearerToken(request.headers.authorization);
  if (!key) throw new RosterError('unauthorized', 'Send the admin API key as "Authorization: Bearer <key>"');
  const hash = hashSecret(key);
  const stored = await readAdminKeyHash(db, hash);
  if (!stored || !hashesEqual(stored, hash)) throw new RosterError('unauthorized', 'The admin API key is not valid');
}
