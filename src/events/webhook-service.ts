// Webhook endpoints: where events go, which ones, and the signing secret shown once.
import { RosterError } from '../errors.ts';
import { isUuid, newId } from '../lib/ids.ts';
import type { Db } from '../store/db.ts';
import type { Executor } from '../store/organization-repository.ts';
import {
  deleteEndpoint,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  replaceSealedSecret,
  updateEndpoint,
  type EndpointChanges,
  type EndpointRecord,
} from '../store/webhook-repository.ts';
import { stableSequence } from './event-horizon.ts';
import { parseTypePatterns } from './event-types.ts';
import { newWebhookSecret, readWebhookSecret, sealWebhookSecret, webhookSecretPrefix } from './webhook-secrets.ts';

export interface EndpointInput {
  url?: string;
  eventTypes?: string[];
  organizationId?: string | null;
  enabled?: boolean;
  description?: string | null;
}

export function endpointJson(row: EndpointRecord): Record<string, unknown> {
  return {
    object: 'webhook_endpoint',
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    organizationId: row.organization_id,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    secretPrefix: row.secret_prefix,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RosterError('invalid_value', `url "${url}" is not an absolute URL`, { attribute: 'url' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new RosterError('invalid_value', 'url must start with https:// (or http:// for a receiver on your own network)', { attribute: 'url' });
  }
  return parsed.toString();
}

function changesOf(input: EndpointInput): EndpointChanges {
  const changes: EndpointChanges = {};
  if (input.url !== undefined) changes.url = checkUrl(input.url);
  if (input.eventTypes !== undefined) {
    parseTypePatterns(input.eventTypes, 'eventTypes');
    changes.event_types = [...new Set(input.eventTypes.map((t) => t.trim()).filter((t) => t !== ''))];
  }
  if (input.organizationId !== undefined) changes.organization_id = input.organizationId;
  if (input.description !== undefined) changes.description = input.description;
  if (input.enabled !== undefined) {
    changes.enabled = input.enabled;
    // Turning an endpoint back on clears why it was off (for example a 410 from the receiver).
    if (input.enabled) changes.disabled_reason = null;
  }
  return changes;
}

/**
 * Creates an endpoint that receives events committed from now on. Returns the secret once;
 * only its sealed form is stored.
 */
export async function createWebhookEndpoint(db: Db, key: Buffer, input: EndpointInput & { url: string }): Promise<{ row: EndpointRecord; secret: string }> {
  const changes = changesOf(input);
  const id = newId();
  const secret = newWebhookSecret();
  // Start at the horizon: nothing at or below it can still commit, everything above is delivered.
  const start = await stableSequence(db);
  const row = await insertEndpoint(db, {
    id,
    organization_id: changes.organization_id ?? null,
    url: changes.url ?? input.url,
    description: changes.description ?? null,
    event_types: changes.event_types ?? [],
    enabled: changes.enabled ?? true,
    secret_ciphertext: sealWebhookSecret(key, secret, id),
    secret_prefix: webhookSecretPrefix(secret),
    last_sequence: start,
  });
  return { row, secret };
}

export async function getWebhookEndpoint(db: Executor, id: string): Promise<EndpointRecord> {
  const row = isUuid(id) ? await findEndpoint(db, id) : undefined;
  if (!row) throw new RosterError('not_found', `Webhook endpoint ${id} not found`, { resourceId: id });
  return row;
}

export async function pageWebhookEndpoints(db: Executor, organizationId: string | undefined, after: string | undefined, limit: number): Promise<EndpointRecord[]> {
  return listEndpoints(db, organizationId, after, limit);
}

export async function updateWebhookEndpoint(trx: Executor, id: string, input: EndpointInput): Promise<EndpointRecord> {
  await getWebhookEndpoint(trx, id);
  const row = await updateEndpoint(trx, id, changesOf(input));
  if (!row) throw new RosterError('not_found', `Webhook endpoint ${id} not found`, { resourceId: id });
  return row;
}

export async function deleteWebhookEndpoint(trx: Executor, id: string): Promise<void> {
  if (!isUuid(id) || !(await deleteEndpoint(trx, id))) throw new RosterError('not_found', `Webhook endpoint ${id} not found`, { resourceId: id });
}

/**
 * Issues a new secret. The old one keeps signing (a second signature in webhook-signature) for
 * `graceSeconds`, so a receiver can switch without rejecting a delivery.
 */
export async function rotateWebhookSecret(trx: Executor, key: Buffer, id: string, graceSeconds: number, now: Date): Promise<{ row: EndpointRecord; secret: string }> {
  await getWebhookEndpoint(trx, id);
  const [current] = await readWebhookSecret(trx, key, id, now);
  const secret = newWebhookSecret();
  const row = await replaceSealedSecret(trx, id, {
    current: sealWebhookSecret(key, secret, id),
    prefix: webhookSecretPrefix(secret),
    previous: graceSeconds > 0 && current ? sealWebhookSecret(key, current, id) : null,
    previousExpiresAt: graceSeconds > 0 ? new Date(now.getTime() + graceSeconds * 1000) : null,
  });
  if (!row) throw new RosterError('not_found', `Webhook endpoint ${id} not found`, { resourceId: id });
  return { row, secret };
}
