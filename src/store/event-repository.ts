// SQL for the event log: rows written in the same transaction as the change they describe,
// the horizon samples that make cursors safe, reading pages, and retention.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Database, EventRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

export interface NewEvent {
  id: string;
  organization_id: string;
  directory_id: string | null;
  type: string;
  object_id: string | null;
  object_version: number | null;
  data: Record<string, unknown>;
}

/**
 * Inserts events in one statement that first gives the transaction its id: the materialised CTE is
 * read before the first row's sequence default is drawn, so "id before sequence" (event-horizon.ts)
 * holds without a round trip of its own. `also`, a data-modifying statement (the change itself),
 * runs in the same statement: one round trip for the change and its events.
 */
export async function insertEvents(db: Executor, events: NewEvent[], also?: RawBuilder<unknown>): Promise<void> {
  if (events.length === 0) {
    if (also) await also.execute(db);
    return;
  }
  const rows = events.map(
    (e) => sql`(${e.id}, ${e.organization_id}, ${e.directory_id}, ${e.type}, ${e.object_id}, ${e.object_version === null ? null : String(e.object_version)}, ${JSON.stringify(e.data)})`,
  );
  await sql`with ${also ? sql`w as (${also}), ` : sql``}x as materialized (select pg_current_xact_id() as tx)
    insert into events (id, organization_id, directory_id, type, object_id, object_version, data, tx_id)
    select v.id::uuid, v.organization_id::uuid, v.directory_id::uuid, v.type, v.object_id::uuid, v.object_version::integer, v.data::jsonb, x.tx
    from x cross join (values ${sql.join(rows)}) as v(id, organization_id, directory_id, type, object_id, object_version, data)`.execute(db);
}

/** Gives the transaction its id now (a no-op when it has one), before it draws sequence numbers. */
export async function assignTransactionId(trx: Executor): Promise<void> {
  await sql`select pg_current_xact_id()`.execute(trx);
}

/** The last sequence number handed out (not necessarily committed); '0' before the first. */
export async function lastAllocatedSequence(db: Executor): Promise<string> {
  const { rows } = await sql<{ last_value: string; is_called: boolean }>`select last_value::text as last_value, is_called from events_sequence_seq`.execute(db);
  const row = rows[0];
  return row && row.is_called ? row.last_value : '0';
}

/**
 * The next transaction id the server will assign, read without taking one: `age()` counts from
 * it when the caller has no id (`pg_snapshot_xmax` alone is only latest-completed + 1).
 */
export async function nextTransactionId(db: Executor): Promise<string> {
  const { rows } = await sql<{ assigned: boolean; next: string }>`
    select pg_current_xact_id_if_assigned() is not null as assigned,
           (s.xmax::text::numeric + age(s.xmax::xid))::text as next
    from (select pg_snapshot_xmax(pg_current_snapshot()) as xmax) s`.execute(db);
  const row = rows[0];
  if (!row || row.assigned) throw new Error('nextTransactionId must run outside a writing transaction');
  return row.next;
}

/**
 * The largest sampled sequence whose writers have all finished: max l where no transaction of
 * this database with an id below n is still running. Scoped to the database, not the cluster's
 * snapshot xmin: transaction ids are cluster-wide, and a long or idle transaction in another
 * database on the same server must not hold this log back. Running 32-bit ids are widened to
 * 64 bits against the next id to be assigned (they are within 2^31 of it).
 */
export async function finishedSampleBound(db: Executor, samples: { l: string; n: string }[], floor: string): Promise<string> {
  const { rows } = await sql<{ bound: string }>`
    with nx as (
      select s.xmax::text::numeric + age(s.xmax::xid) as next8 from (select pg_snapshot_xmax(pg_current_snapshot()) as xmax) s
    ), oldest as (
      select min(nx.next8 - ((nx.next8 - a.backend_xid::text::numeric) % 4294967296 + 4294967296) % 4294967296) as x
      from pg_stat_activity a, nx
      where a.datname = current_database() and a.backend_xid is not null
    )
    select greatest(${floor}::bigint, coalesce(max(s.l), 0))::text as bound
    from unnest(${samples.map((s) => s.l)}::bigint[], ${samples.map((s) => s.n)}::xid8[]) as s(l, n), oldest
    where oldest.x is null or s.n::text::numeric <= oldest.x`.execute(db);
  return rows[0]?.bound ?? floor;
}

/** Exact types and `prefix.` prefixes; both empty means every type. */
export interface TypeMatch {
  exact: string[];
  prefixes: string[];
}

/** The SQL form of a TypeMatch over `events.type`. */
export function typeCondition(eb: ExpressionBuilder<Database, 'events'>, match: TypeMatch): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (match.exact.length > 0) parts.push(eb('events.type', 'in', match.exact));
  for (const prefix of match.prefixes) parts.push(sql<SqlBool>`starts_with(${eb.ref('events.type')}, ${prefix})`);
  return parts.length === 0 ? sql<SqlBool>`true` : eb.or(parts);
}

export interface EventQuery {
  organizationId?: string | undefined;
  directoryId?: string | undefined;
  types: TypeMatch;
  /** Exclusive lower bound and inclusive upper bound of sequence. */
  after: string;
  upTo: string;
  limit: number;
  /** Retention for organizations without a setting. */
  defaultRetentionDays: number;
}

/** One page of the log in sequence order, events past their organization's retention left out. */
export async function selectEvents(db: Executor, q: EventQuery): Promise<EventRow[]> {
  let query = db
    .selectFrom('events')
    .leftJoin('event_retention as r', 'r.organization_id', 'events.organization_id')
    .selectAll('events')
    .where('events.sequence', '>', q.after)
    .where('events.sequence', '<=', q.upTo)
    .where((eb) => typeCondition(eb, q.types))
    .where(
      sql<SqlBool>`((r.organization_id is not null and r.retention_days is null)
        or events.created_at >= now() - make_interval(days => coalesce(r.retention_days, ${q.defaultRetentionDays})))`,
    );
  if (q.organizationId) query = query.where('events.organization_id', '=', q.organizationId);
  if (q.directoryId) query = query.where('events.directory_id', '=', q.directoryId);
  return query.orderBy('events.sequence').limit(q.limit).execute();
}

export async function findRetention(db: Executor, organizationId: string): Promise<{ retention_days: number | null } | undefined> {
  return db.selectFrom('event_retention').select('retention_days').where('organization_id', '=', organizationId).executeTakeFirst();
}

export async function upsertRetention(db: Executor, organizationId: string, days: number | null): Promise<void> {
  await db
    .insertInto('event_retention')
    .values({ organization_id: organizationId, retention_days: days, updated_at: new Date() })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ retention_days: days, updated_at: new Date() }))
    .execute();
}

/**
 * Deletes up to `batch` events older than their organization's retention at `now`. Events with a
 * webhook delivery still pending stay until it ends, so pruning never drops an undelivered event.
 *
 * Each organization's cutoff depends on its row in event_retention, which no index can take; so the
 * events are first bounded by the shortest retention of all (`oldest`) and taken oldest first through
 * events_created. Without that bound the search walked the whole log by sequence whenever nothing was
 * due, which is the usual hourly run (measured: 199,000 events read, 145 ms, to delete none; 0.1 ms
 * now). The batch's sequences are collected first and deleted by primary key: as `in (subquery)`,
 * a plan made for a small table joined them to a scan of the whole log.
 */
export async function deleteExpiredEvents(db: Executor, now: Date, defaultRetentionDays: number, batch: number): Promise<number> {
  const result = await sql`
    with oldest as materialized (
      select ${now}::timestamptz - make_interval(days => least(${defaultRetentionDays}::int, min(retention_days))) as at
      from event_retention where retention_days is not null
    )
    delete from events where sequence = any(array(
      select e.sequence from events e
      left join event_retention r on r.organization_id = e.organization_id
      where e.created_at < (select at from oldest)
        and (r.organization_id is null or r.retention_days is not null)
        and e.created_at < ${now}::timestamptz - make_interval(days => coalesce(r.retention_days, ${defaultRetentionDays}))
        and not exists (select 1 from webhook_deliveries d where d.event_sequence = e.sequence and d.status in ('pending', 'retrying'))
      order by e.created_at
      limit ${batch}
    ))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
