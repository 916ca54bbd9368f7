// The delivery log of an endpoint, and replay: one delivery again, or every event since a time.
import { RosterError } from '../errors.ts';
import { isUuid, newId } from '../lib/ids.ts';
import type { WebhookAttemptRow, WebhookDeliveryRow } from '../store/database.ts';
import { attemptsOf, bringForward, findDelivery, insertDeliveries, listDeliveries } from '../store/delivery-repository.ts';
import type { Executor } from '../store/organization-repository.ts';
import { eventsForEndpoint } from '../store/webhook-repository.ts';
import { parseTypePatterns } from './event-types.ts';
import { getWebhookEndpoint } from './webhook-service.ts';

const OPEN = new Set(['pending', 'retrying']);

function attemptJson(a: WebhookAttemptRow) {
  return { attemptedAt: a.attempted_at.toISOString(), statusCode: a.status_code, durationMs: a.duration_ms, responseBody: a.response_excerpt, error: a.error };
}

export function deliveryJson(d: WebhookDeliveryRow & { event_id: string; event_type: string }, attempts: WebhookAttemptRow[]) {
  return {
    object: 'webhook_delivery',
    id: d.id,
    endpointId: d.endpoint_id,
    eventId: d.event_id,
    eventType: d.event_type,
    sequence: Number(d.event_sequence),
    status: d.status,
    origin: d.origin,
    replayOf: d.replay_of,
    attemptCount: d.attempts,
    nextAttemptAt: OPEN.has(d.status) ? d.next_attempt_at.toISOString() : null,
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    createdAt: d.created_at.toISOString(),
    completedAt: d.completed_at ? d.completed_at.toISOString() : null,
    attempts: attempts.map(attemptJson),
  };
}

/** Newest first, each with its attempts (status, time taken, ≤1 KB of the response, error). */
export async function pageDeliveries(db: Executor, endpointId: string, opts: { after?: string | undefined; limit: number; status?: string | undefined }) {
  await getWebhookEndpoint(db, endpointId);
  const rows = await listDeliveries(db, endpointId, opts);
  const attempts = await attemptsOf(db, rows.map((r) => r.id));
  const byDelivery = new Map<string, WebhookAttemptRow[]>();
  for (const a of attempts) byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
  const last = rows[rows.length - 1];
  return { data: rows.map((r) => deliveryJson(r, byDelivery.get(r.id) ?? [])), nextCursor: rows.length === opts.limit && last ? last.id : null };
}

/** One delivery of an endpoint with its attempts. */
export async function getDelivery(db: Executor, endpointId: string, id: string) {
  const row = await readDelivery(db, endpointId, id);
  const [listed] = await listDeliveries(db, endpointId, { limit: 1, after: undefined, id: row.id });
  if (!listed) throw new RosterError('not_found', `Delivery ${id} of webhook endpoint ${endpointId} not found`, { resourceId: id });
  return deliveryJson(listed, await attemptsOf(db, [row.id]));
}

async function readDelivery(db: Executor, endpointId: string, id: string) {
  const row = isUuid(id) ? await findDelivery(db, endpointId, id) : undefined;
  if (!row) throw new RosterError('not_found', `Delivery ${id} of webhook endpoint ${endpointId} not found`, { resourceId: id });
  return row;
}

/**
 * Sends one delivery's event again. A finished delivery gets a new delivery (replayOf points
 * back); one still open is simply made due now. Returns the delivery that will go out.
 */
export async function replayDelivery(trx: Executor, endpointId: string, deliveryId: string, now: Date): Promise<{ id: string; created: boolean }> {
  await getWebhookEndpoint(trx, endpointId);
  const original = await readDelivery(trx, endpointId, deliveryId);
  if (OPEN.has(original.status)) {
    await bringForward(trx, original.id, now);
    return { id: original.id, created: false };
  }
  const id = newId();
  await insertDeliveries(trx, [
    { id, endpoint_id: endpointId, event_sequence: String(original.event_sequence), ordering_key: original.ordering_key, origin: 'replay', replay_of: original.id, next_attempt_at: now },
  ]);
  return { id, created: true };
}

/**
 * Queues again every event since `since` that the endpoint subscribes to and has already been
 * handed (up to its high-water mark; later ones are on their way anyway). Returns how many.
 */
export async function replaySince(trx: Executor, endpointId: string, since: Date, now: Date): Promise<number> {
  const endpoint = await getWebhookEndpoint(trx, endpointId);
  const types = parseTypePatterns(endpoint.event_types, 'eventTypes');
  let after = '0';
  let total = 0;
  for (;;) {
    const events = await eventsForEndpoint(trx, { organizationId: endpoint.organization_id, types, after, upTo: String(endpoint.last_sequence), createdSince: since }, 1000);
    await insertDeliveries(
      trx,
      events.map((e) => ({ id: newId(), endpoint_id: endpointId, event_sequence: String(e.sequence), ordering_key: e.directory_id ?? e.organization_id, origin: 'replay' as const, replay_of: null, next_attempt_at: now })),
    );
    total += events.length;
    const last = events[events.length - 1];
    if (events.length < 1000 || !last) return total;
    after = String(last.sequence);
  }
}
