// SQL for webhook deliveries and their attempts: creation, claiming with leases, outcomes, the log.
import { sql } from 'kysely';
import type { EventRow, WebhookAttemptRow, WebhookDeliveryRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

const OPEN = ['pending', 'retrying'];

export interface NewDelivery {
  id: string;
  endpoint_id: string;
  event_sequence: string;
  ordering_key: string;
  origin: 'fanout' | 'replay';
  replay_of: string | null;
  next_attempt_at: Date;
}

/** Inserts deliveries; a fan-out row that exists already (another replica was first) is skipped. */
export async function insertDeliveries(db: Executor, rows: NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  // 'fanout' is a literal, not a parameter: the statement is prepared (prepared-client.ts), and from
  // its sixth run PostgreSQL tries a generic plan, where `origin = $n` no longer proves the partial
  // index's predicate and the insert fails with "no unique or exclusion constraint matching".
  await db
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_sequence']).where('origin', '=', sql.lit('fanout')).doNothing())
    .execute();
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  url: string;
  attempts: number;
  lock_token: string;
  event: EventRow;
}

/** The claim as one statement (exported for the EXPLAIN test). */
export function claimQuery(now: Date, leaseUntil: Date, token: string, limit: number) {
  return sql<Record<string, any>>`
    with recursive lanes(endpoint_id, ordering_key) as (
      -- The lanes (endpoint, ordering key) with open deliveries, one index probe per lane: a skip
      -- scan of webhook_deliveries_lane. A first sync queues tens of thousands in one lane, and
      -- reading them all on every claim (distinct on) put each delivery behind an O(queued) scan.
      (select endpoint_id, ordering_key from webhook_deliveries
        where status in ('pending', 'retrying') order by endpoint_id, ordering_key limit 1)
      union all
      select n.endpoint_id, n.ordering_key from lanes l cross join lateral (
        select endpoint_id, ordering_key from webhook_deliveries
        where status in ('pending', 'retrying') and (endpoint_id, ordering_key) > (l.endpoint_id, l.ordering_key)
        order by endpoint_id, ordering_key limit 1) n
    ), heads as (
      -- The first open delivery of each lane: only it may be sent.
      select h.id, h.next_attempt_at, h.locked_until from lanes l cross join lateral (
        select h.id, h.next_attempt_at, h.locked_until from webhook_deliveries h
        where h.status in ('pending', 'retrying') and h.endpoint_id = l.endpoint_id and h.ordering_key = l.ordering_key
        order by h.event_sequence, h.id limit 1) h
    ), due as (
      select d.id from webhook_deliveries d
      join webhook_endpoints w on w.id = d.endpoint_id and w.enabled
      where d.id in (select id from heads where next_attempt_at <= ${now} and (locked_until is null or locked_until <= ${now}))
        -- Checked again on the row as it is when locked (another worker may have just taken it).
        and d.status in ('pending', 'retrying') and d.next_attempt_at <= ${now}
        and (d.locked_until is null or d.locked_until <= ${now})
      order by d.next_attempt_at, d.event_sequence
      limit ${limit}
      for update of d skip locked
    )
    update webhook_deliveries d set locked_until = ${leaseUntil}, lock_token = ${token}
    from due, events e, webhook_endpoints w
    where d.id = due.id and e.sequence = d.event_sequence and w.id = d.endpoint_id
    returning d.id, d.endpoint_id, w.url, d.attempts, d.lock_token,
      e.sequence, e.id as event_id, e.organization_id, e.directory_id, e.type, e.object_id, e.object_version, e.data, e.created_at, e.tx_id`;
}

/**
 * Claims up to `limit` due deliveries until `leaseUntil`. Only the oldest open delivery of each
 * endpoint + ordering key qualifies, so one lane never has two in flight; SKIP LOCKED lets several
 * workers claim side by side, and an expired lease (a worker that died) makes a delivery due again.
 */
export async function claimDueDeliveries(db: Executor, now: Date, leaseUntil: Date, token: string, limit: number): Promise<ClaimedDelivery[]> {
  const { rows } = await claimQuery(now, leaseUntil, token, limit).execute(db);
  return rows.map((r) => ({
    id: r.id,
    endpoint_id: r.endpoint_id,
    url: r.url,
    attempts: r.attempts,
    lock_token: r.lock_token,
    event: {
      sequence: String(r.sequence),
      id: r.event_id,
      organization_id: r.organization_id,
      directory_id: r.directory_id,
      type: r.type,
      object_id: r.object_id,
      object_version: r.object_version,
      data: r.data,
      created_at: new Date(r.created_at),
      tx_id: String(r.tx_id),
    },
  }));
}

export interface AttemptOutcome {
  at: Date;
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

/**
 * Logs one attempt and moves the delivery on, if this worker still holds its lease, in one
 * statement (atomic on its own: no BEGIN/COMMIT round trips on a lane's critical path). The attempt
 * is logged either way: it happened, even if another worker has since taken the delivery.
 */
export async function recordAttempt(
  db: Executor,
  delivery: { id: string; lock_token: string; attemptId: string },
  outcome: AttemptOutcome,
  next: { status: 'succeeded' | 'retrying' | 'failed'; nextAttemptAt: Date | null; reason: string | null },
): Promise<boolean> {
  const final = next.status !== 'retrying';
  const { rows } = await sql<{ held: boolean }>`with logged as (
      insert into webhook_attempts (id, delivery_id, attempted_at, status_code, duration_ms, response_excerpt, error)
      values (${delivery.attemptId}::uuid, ${delivery.id}::uuid, ${outcome.at}, ${outcome.statusCode}::int, ${outcome.durationMs}::int, ${outcome.responseExcerpt}::text, ${outcome.error}::text)
    ), moved as (
      update webhook_deliveries set status = ${next.status}, attempts = attempts + 1, locked_until = null, lock_token = null,
        last_status_code = ${outcome.statusCode}::int, last_error = ${next.reason}::text, completed_at = ${final ? outcome.at : null}::timestamptz,
        next_attempt_at = coalesce(${next.nextAttemptAt}::timestamptz, next_attempt_at)
      where id = ${delivery.id}::uuid and lock_token = ${delivery.lock_token}::uuid
      returning 1
    )
    select exists (select 1 from moved) as held`.execute(db);
  return rows[0]?.held === true;
}

export async function findDelivery(db: Executor, endpointId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).where('id', '=', id).executeTakeFirst();
}

/** Newest first; with each delivery's event type and id for the log. */
export async function listDeliveries(db: Executor, endpointId: string, opts: { after?: string | undefined; limit: number; status?: string | undefined; id?: string }) {
  let q = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.sequence', 'd.event_sequence')
    .selectAll('d')
    .select(['e.id as event_id', 'e.type as event_type'])
    .where('d.endpoint_id', '=', endpointId)
    .orderBy('d.id', 'desc')
    .limit(opts.limit);
  if (opts.after) q = q.where('d.id', '<', opts.after);
  if (opts.status) q = q.where('d.status', '=', opts.status);
  if (opts.id) q = q.where('d.id', '=', opts.id);
  return q.execute();
}

export async function attemptsOf(db: Executor, deliveryIds: string[]): Promise<WebhookAttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('attempted_at').orderBy('id').execute();
}

/** Makes an open delivery due now (a manual retry). */
export async function bringForward(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ next_attempt_at: now }).where('id', '=', id).where('status', 'in', OPEN).execute();
}

/** Disables an endpoint from the delivery side (410 Gone), saying why. */
export async function disableEndpoint(db: Executor, id: string, reason: string): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ enabled: false, disabled_reason: reason, updated_at: new Date() }).where('id', '=', id).execute();
}
