// webhooks.verify: checks a delivery's Standard Webhooks signature and age, then returns the typed event.
import { Webhook, WebhookVerificationError as StandardError } from 'standardwebhooks';
import { WebhookVerificationError } from './errors.ts';
import type { RosterEvent } from './event-types.ts';

/** Node's IncomingHttpHeaders, a fetch Headers, or a plain record. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? '';
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? Object.entries(record).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(' ') : value ?? '';
}

/**
 * Verifies `body` (the raw request body, exactly as received) against the `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` headers with the endpoint's `whsec_…` secret.
 * Throws WebhookVerificationError on a missing, wrong or stale (over five minutes) signature.
 */
export function verifyWebhook(headers: HeaderSource, body: string | Buffer, secret: string): RosterEvent {
  const wanted = { 'webhook-id': header(headers, 'webhook-id'), 'webhook-timestamp': header(headers, 'webhook-timestamp'), 'webhook-signature': header(headers, 'webhook-signature') };
  if (!wanted['webhook-id'] || !wanted['webhook-timestamp'] || !wanted['webhook-signature']) {
    throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header');
  }
  try {
    return new Webhook(secret).verify(body, wanted) as RosterEvent;
  } catch (error) {
    if (error instanceof StandardError) throw new WebhookVerificationError(`Webhook rejected: ${error.message}`);
    // A body that verifies but is not JSON, or a malformed secret.
    throw new WebhookVerificationError(`Webhook rejected: ${error instanceof Error ? error.message : String(error)}`);
  }
}
