// Single-statement user writes: the row and its events in one round trip, a statement being its own transaction.
import { sql, type RawBuilder } from 'kysely';
import type { UserRow } from './database.ts';
import type { NewEvent } from './event-repository.ts';
import type { MemberRow } from './membership-repository.ts';
import type { Executor } from './organization-repository.ts';
import { StatementBatcher } from './statement-batcher.ts';
import type { IdentityMatch, UserColumns } from './user-repository.ts';

// Millisecond precision: a JavaScript Date holds no more, so the row read back and the ISO text
// stamped into the event (what Date.toISOString() would print) name the same instant.
const STAMP = sql`date_trunc('milliseconds', now())`;
const ISO = (ts: RawBuilder<unknown>) => sql`to_jsonb(to_char(${ts} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/**
 * Event rows drawn from the written user row `w`: the user's timestamps are the database's, so
 * they are stamped into `data.user` here. The transaction id is taken in the materialised `x`
 * before any event row (and so any sequence value) exists, as event-horizon.ts requires.
 */
function eventInsert(events: NewEvent[], stampCreated: boolean): RawBuilder<unknown> {
  const rows = events.map((e) => sql`(${e.id}, ${e.organization_id}, ${e.directory_id}, ${e.type}, ${JSON.stringify(e.data)})`);
  let data = sql`jsonb_set(v.data::jsonb, '{user,updatedAt}', ${ISO(sql`w.updated_at`)})`;
  if (stampCreated) data = sql`jsonb_set(${data}, '{user,createdAt}', ${ISO(sql`w.created_at`)})`;
  return sql`, ev as (insert into events (id, organization_id, directory_id, type, object_id, object_version, data, tx_id)
    select v.id::uuid, v.organization_id::uuid, v.directory_id::uuid, v.type, w.id, w.version, ${data}, x.tx
    from x cross join w cross join (values ${sql.join(rows)}) as v(id, organization_id, directory_id, type, data))`;
}

function identityMatches(directoryId: string, userName: string, externalId: string | null): RawBuilder<unknown> {
  const cols = sql`id, user_name, external_id, state, created_at, updated_at`;
  const byName = sql`select ${cols} from users where directory_id = ${directoryId}::uuid and state <> 'deprovisioned' and lower(user_name) = lower(${userName}::text)`;
  const byExternal =
    externalId !== null ? sql` union all select ${cols} from users where directory_id = ${directoryId}::uuid and state <> 'deprovisioned' and external_id = ${externalId}::text` : sql``;
  const former =
    externalId !== null
      ? sql`select ${cols} from users where directory_id = ${directoryId}::uuid and state = 'deprovisioned' and external_id = ${externalId}::text and external_id is not null`
      : sql`select ${cols} from users where directory_id = ${directoryId}::uuid and state = 'deprovisioned' and lower(user_name) = lower(${userName}::text)`;
  return sql`${byName}${byExternal} union all ${former}`;
}

type MatchJson = Omit<IdentityMatch, 'created_at' | 'updated_at'> & { created_at: string; updated_at: string };

/**
 * A create in one statement: the identity check (conflicts and rehire candidates, each on its
 * partial index), the insert when nothing matched, and its events. When something matched, nothing
 * is written and the matches come back for the caller to decide (409 or rehire).
 */
export async function insertUserUnlessMatched(
  db: Executor,
  id: string,
  directoryId: string,
  cols: UserColumns,
  events: NewEvent[],
): Promise<CreateOutcome> {
  if (db.isTransaction) return insertOne(db, { id, directoryId, cols, events });
  return batchersOf(db).create.submit({ id, directoryId, cols, events });
}

/** What a create statement decided for one user: its row, or the matches that stopped it. */
export interface CreateOutcome {
  row: UserRow | undefined;
  matches: IdentityMatch[];
}

interface CreateWrite {
  id: string;
  directoryId: string;
  cols: UserColumns;
  events: NewEvent[];
}

/**
 * A lone create. Kept beside `insertMany` rather than sent as a batch of one: measured with 4,000
 * lone writes on PostgreSQL, five runs each, the batch form cost the database 14% more CPU per create
 * and 17% more per PATCH, in every run. A lone write is the common case outside a first sync.
 */
async function insertOne(db: Executor, { id, directoryId, cols, events }: CreateWrite): Promise<CreateOutcome> {
  const ev = events.length > 0 ? eventInsert(events, true) : sql``;
  const r = await sql<UserRow & { matches: MatchJson[]; inserted: boolean }>`with x as materialized (select pg_current_xact_id() as tx),
    m as (${identityMatches(directoryId, cols.user_name, cols.external_id)}),
    w as (insert into users (id, directory_id, user_name, external_id, emails, display_name, active, state, resource, fields, password_hash, version, created_at, updated_at)
      select ${id}::uuid, ${directoryId}::uuid, ${cols.user_name}, ${cols.external_id}, ${cols.emails}::text[], ${cols.display_name}, ${cols.active},
        ${cols.state}, ${JSON.stringify(cols.resource)}::jsonb, ${JSON.stringify(cols.fields ?? {})}::jsonb, ${cols.password_hash ?? null}, 1, ${STAMP}, ${STAMP}
      where not exists (select 1 from m)
      returning *)${ev}
    select w.*, w.id is not null as inserted, (select coalesce(jsonb_agg(m), '[]'::jsonb) from m) as matches
    from (select 1) one left join w on true`.execute(db);
  const out = r.rows[0];
  if (!out) throw new Error('insertUserUnlessMatched: the statement returned no row');
  return createOutcome(out);
}

function createOutcome(out: UserRow & { matches: MatchJson[]; inserted: boolean }): CreateOutcome {
  const { matches, inserted, ...row } = out;
  return {
    row: inserted ? (row as UserRow) : undefined,
    matches: matches.map((m) => ({ ...m, created_at: new Date(m.created_at), updated_at: new Date(m.updated_at) })),
  };
}

/**
 * Creates of one directory in one statement, each decided as `insertOne` decides it alone: its
 * identity check (the same four partial-index probes, per row, against the rows committed before
 * the statement), its insert when nothing matched, its events. Two writes of one batch never share
 * a userName or externalId (the batcher keeps them apart), so no row's check needs another's insert.
 */
async function insertMany(db: Executor, writes: CreateWrite[]): Promise<CreateOutcome[]> {
  const directoryId = writes[0]!.directoryId;
  const rows = writes.map(
    ({ id, cols }, ord) =>
      sql`(${ord}::int, ${id}::uuid, ${cols.user_name}::text, ${cols.external_id}::text, ${cols.emails}::text[], ${cols.display_name}::text, ${cols.active}::boolean,
        ${cols.state}::text, ${JSON.stringify(cols.resource)}::jsonb, ${JSON.stringify(cols.fields ?? {})}::jsonb, ${cols.password_hash ?? null}::text)`,
  );
  const events = batchEvents(writes);
  const cols = sql`u.id, u.user_name, u.external_id, u.state, u.created_at, u.updated_at`;
  const dir = sql`u.directory_id = ${directoryId}::uuid`;
  const data = sql`jsonb_set(jsonb_set(e.data, '{user,updatedAt}', ${ISO(sql`w.updated_at`)}), '{user,createdAt}', ${ISO(sql`w.created_at`)})`;
  const ev =
    events.length > 0
      ? sql`, ev as (insert into events (id, organization_id, directory_id, type, object_id, object_version, data, tx_id)
    select e.id, e.organization_id, e.directory_id, e.type, w.id, w.version, ${data}, x.tx
    from x cross join (values ${sql.join(events)}) as e(ord, n, id, organization_id, directory_id, type, data) join v on v.ord = e.ord join w on w.id = v.id
    order by e.ord, e.n)`
      : sql``;
  const r = await sql<UserRow & { matches: MatchJson[]; inserted: boolean }>`with x as materialized (select pg_current_xact_id() as tx),
    v(ord, id, user_name, external_id, emails, display_name, active, state, resource, fields, password_hash) as (values ${sql.join(rows)}),
    m as (select v.ord, c.* from v cross join lateral (
        select 1 as branch, ${cols} from users u where ${dir} and u.state <> 'deprovisioned' and lower(u.user_name) = lower(v.user_name)
        union all select 2, ${cols} from users u where ${dir} and u.state <> 'deprovisioned' and u.external_id = v.external_id
        union all select 3, ${cols} from users u where ${dir} and u.state = 'deprovisioned' and v.external_id is not null and u.external_id = v.external_id and u.external_id is not null
        union all select 4, ${cols} from users u where ${dir} and u.state = 'deprovisioned' and v.external_id is null and lower(u.user_name) = lower(v.user_name)
      ) c),
    w as (insert into users (id, directory_id, user_name, external_id, emails, display_name, active, state, resource, fields, password_hash, version, created_at, updated_at)
      select v.id, ${directoryId}::uuid, v.user_name, v.external_id, v.emails, v.display_name, v.active, v.state, v.resource, v.fields, v.password_hash, 1, ${STAMP}, ${STAMP}
      from v where not exists (select 1 from m where m.ord = v.ord)
      returning *)${ev}
    select w.*, w.id is not null as inserted,
      (select coalesce(jsonb_agg(to_jsonb(m) - 'ord' - 'branch' order by m.branch), '[]'::jsonb) from m where m.ord = v.ord) as matches
    from v left join w on w.id = v.id
    order by v.ord`.execute(db);
  return r.rows.map(createOutcome);
}

/**
 * An update in one statement if the row is still at `version` (optimistic concurrency), with its
 * events. Undefined when another writer got there first: the caller reads again and retries.
 */
export async function updateUserIfVersion(
  db: Executor,
  directoryId: string,
  id: string,
  version: number,
  cols: UserColumns,
  events: NewEvent[],
  /** Also answer the user's groups, for a caller that did not read them before. */
  withGroups = false,
): Promise<UpdateOutcome> {
  const write = { directoryId, id, version, cols, events, withGroups };
  if (db.isTransaction) return updateOne(db, write);
  return batchersOf(db).update.submit(write);
}

/** The written row (with its groups when asked), or undefined when the version had moved. */
export type UpdateOutcome = (UserRow & { groups?: UserGroup[] }) | undefined;

interface UpdateWrite {
  directoryId: string;
  id: string;
  version: number;
  cols: UserColumns;
  events: NewEvent[];
  withGroups: boolean;
}

/** A lone update; see `insertOne` for why it is not a batch of one. */
async function updateOne(db: Executor, { directoryId, id, version, cols, events, withGroups }: UpdateWrite): Promise<UpdateOutcome> {
  const ev = events.length > 0 ? eventInsert(events, false) : sql``;
  const password = cols.password_hash !== undefined ? sql`, password_hash = ${cols.password_hash}` : sql``;
  const fields = cols.fields !== undefined ? sql`, fields = ${JSON.stringify(cols.fields)}::jsonb` : sql``;
  const r = await sql<UserRow & { groups?: UserGroup[] }>`with x as materialized (select pg_current_xact_id() as tx),
    w as (update users set user_name = ${cols.user_name}, external_id = ${cols.external_id}, emails = ${cols.emails}::text[],
        display_name = ${cols.display_name}, active = ${cols.active}, state = ${cols.state}, resource = ${JSON.stringify(cols.resource)}::jsonb${password}${fields},
        version = version + 1, updated_at = ${STAMP}
      where id = ${id}::uuid and directory_id = ${directoryId}::uuid and version = ${version} and state <> 'deprovisioned'
      returning *)${ev}
    select w.*${withGroups ? sql`, ${groupsOf(sql`w.id`)} as groups` : sql``} from w`.execute(db);
  return r.rows[0];
}

/**
 * Updates of one directory in one statement, each applied only if its row is still at its version,
 * as `updateOne` does alone. A write that sends no password or no fields keeps the stored ones. No
 * two writes of a batch name the same user (the batcher keeps them apart): `update … from` would
 * apply only one of them.
 */
async function updateMany(db: Executor, writes: UpdateWrite[]): Promise<UpdateOutcome[]> {
  const directoryId = writes[0]!.directoryId;
  const rows = writes.map(
    ({ id, version, cols, withGroups }, ord) =>
      sql`(${ord}::int, ${id}::uuid, ${version}::int, ${cols.user_name}::text, ${cols.external_id}::text, ${cols.emails}::text[], ${cols.display_name}::text,
        ${cols.active}::boolean, ${cols.state}::text, ${JSON.stringify(cols.resource)}::jsonb, ${cols.password_hash !== undefined}::boolean, ${cols.password_hash ?? null}::text,
        ${cols.fields !== undefined ? JSON.stringify(cols.fields) : null}::jsonb, ${withGroups}::boolean)`,
  );
  const events = batchEvents(writes);
  const ev =
    events.length > 0
      ? sql`, ev as (insert into events (id, organization_id, directory_id, type, object_id, object_version, data, tx_id)
    select e.id, e.organization_id, e.directory_id, e.type, w.id, w.version, jsonb_set(e.data, '{user,updatedAt}', ${ISO(sql`w.updated_at`)}), x.tx
    from x cross join (values ${sql.join(events)}) as e(ord, n, id, organization_id, directory_id, type, data) join w on w.batch_ord = e.ord
    order by e.ord, e.n)`
      : sql``;
  const r = await sql<UserRow & { batch_ord: number | null; groups: UserGroup[] | null }>`with x as materialized (select pg_current_xact_id() as tx),
    v(ord, id, version, user_name, external_id, emails, display_name, active, state, resource, set_password, password_hash, fields, with_groups) as (values ${sql.join(rows)}),
    w as (update users u set user_name = v.user_name, external_id = v.external_id, emails = v.emails, display_name = v.display_name, active = v.active,
        state = v.state, resource = v.resource, password_hash = case when v.set_password then v.password_hash else u.password_hash end,
        fields = coalesce(v.fields, u.fields), version = u.version + 1, updated_at = ${STAMP}
      from v
      where u.id = v.id and u.directory_id = ${directoryId}::uuid and u.version = v.version and u.state <> 'deprovisioned'
      returning u.*, v.ord as batch_ord)${ev}
    select w.*, case when v.with_groups and w.id is not null then ${groupsOf(sql`w.id`)} end as groups
    from v left join w on w.batch_ord = v.ord
    order by v.ord`.execute(db);
  return r.rows.map(({ batch_ord, groups, ...row }) => {
    if (batch_ord === null) return undefined;
    return groups === null ? (row as UserRow) : { ...(row as UserRow), groups };
  });
}

/**
 * The event rows of a batch, each tagged with its write (`ord`) and its place among that write's
 * events (`n`): the insert draws their sequence numbers in that order, so one user's events (an
 * update, then its deactivation) keep the order a lone write gives them.
 */
function batchEvents(writes: { events: NewEvent[] }[]): RawBuilder<unknown>[] {
  return writes.flatMap(({ events }, ord) =>
    events.map((e, n) => sql`(${ord}::int, ${n}::int, ${e.id}::uuid, ${e.organization_id}::uuid, ${e.directory_id}::uuid, ${e.type}::text, ${JSON.stringify(e.data)}::jsonb)`),
  );
}

const MAX_BATCH = 32;

interface Batchers {
  create: StatementBatcher<CreateWrite, CreateOutcome>;
  update: StatementBatcher<UpdateWrite, UpdateOutcome>;
}

// One pair per store (tests open many in one process); a transaction's writes are never batched.
const batchers = new WeakMap<Executor, Batchers>();

function batchersOf(db: Executor): Batchers {
  let b = batchers.get(db);
  if (!b) {
    b = {
      create: new StatementBatcher((w) => insertOne(db, w), (ws) => insertMany(db, ws), {
        lane: (w) => w.directoryId,
        maxBatch: MAX_BATCH,
        exclusive: (w) => [`n:${w.cols.user_name.toLowerCase()}`, ...(w.cols.external_id !== null ? [`e:${w.cols.external_id}`] : [])],
      }),
      update: new StatementBatcher((w) => updateOne(db, w), (ws) => updateMany(db, ws), { lane: (w) => w.directoryId, maxBatch: MAX_BATCH, exclusive: (w) => [w.id] }),
    };
    batchers.set(db, b);
  }
  return b;
}

/** What the create and update batchers of this store have done and hold now (tests and metrics). */
export function userWriteBatchers(db: Executor): Record<'create' | 'update', Pick<StatementBatcher<unknown, unknown>, 'sizes' | 'waiting' | 'refused'>> {
  return batchersOf(db);
}

/** A user's groups as the SCIM view shows them (direct and through nested groups), the shape groupsOfUsers returns. */
export type UserGroup = MemberRow;

/** The groups of the user `userId` names (direct and through nested groups), as a jsonb array. */
function groupsOf(userId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(with recursive closure(group_id, direct) as (
        select gm.group_id, true from group_members gm where gm.user_id = ${userId}
        union
        select gm.group_id, false from group_members gm join closure c on gm.member_group_id = c.group_id
      )
      select coalesce(jsonb_agg(jsonb_build_object('value', g.id, 'display', g.display_name,
          'type', case when d.direct then 'direct' else 'indirect' end) order by g.display_name, g.id), '[]'::jsonb)
      from (select group_id, bool_or(direct) as direct from closure group by group_id) d join groups g on g.id = d.group_id)`;
}

/**
 * A SCIM-visible user with its groups, in one round trip: the read before an optimistic update.
 * A user's PUT or PATCH cannot change its groups (RFC 7643 §4.1.2: read-only), so the response
 * after the write reuses them instead of asking again.
 */
export async function findUserWithGroups(db: Executor, directoryId: string, id: string): Promise<(UserRow & { groups: UserGroup[] }) | undefined> {
  const r = await sql<UserRow & { groups: UserGroup[] }>`select u.*, ${groupsOf(sql`u.id`)} as groups
    from users u where u.id = ${id}::uuid and u.directory_id = ${directoryId}::uuid and u.state <> 'deprovisioned'`.execute(db);
  return r.rows[0];
}
