// Webhook signing secrets: made here, sealed at rest, and opened only by readWebhookSecret.
import { randomBytes } from 'node:crypto';
import type { Executor } from '../store/organization-repository.ts';
import { readSealedWebhookSecrets } from '../store/webhook-repository.ts';
import { openSecret, sealSecret } from './secret-box.ts';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Enough of a secret to tell two apart in a listing, not enough to sign. */
export function webhookSecretPrefix(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}

/** Seals a secret for the endpoint `endpointId` (the id is bound in, so a copied ciphertext opens nowhere else). */
export function sealWebhookSecret(key: Buffer, secret: string, endpointId: string): string {
  return sealSecret(key, secret, `webhook:${endpointId}`);
}

/**
 * The secrets to sign with right now: the current one, and the previous one while its rotation
 * grace period lasts. The one function that decrypts webhook secrets.
 */
export async function readWebhookSecret(db: Executor, key: Buffer, endpointId: string, now: Date): Promise<string[]> {
  const row = await readSealedWebhookSecrets(db, endpointId);
  if (!row) return [];
  const context = `webhook:${endpointId}`;
  const secrets = [openSecret(key, row.secret_ciphertext, context)];
  if (row.previous_secret_ciphertext && row.previous_secret_expires_at && row.previous_secret_expires_at > now) {
    secrets.push(openSecret(key, row.previous_secret_ciphertext, context));
  }
  return secrets;
}
