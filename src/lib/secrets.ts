// Bearer secrets: generated with 256 bits of randomness, stored only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret with a readable prefix (`rst_` directory token, `rak_` admin key). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** The stored form of a secret: hex SHA-256. High-entropy secrets need no slow hash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hashes in constant time. */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A few leading characters that identify a secret in listings without revealing it. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, 8);
}
