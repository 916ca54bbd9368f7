// Single-statement user writes: the row and its events in one round trip, a statement being its own transaction.
import { sql, type RawBuilder } from 'kysely';
import type { UserRow } from './database.ts';
import type { NewEvent } from './event-repository.ts';
import type { MemberRow } from './membership-repository.ts';
import type { Executor } from './organization-repository.ts';
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
): Promise<{ row: UserRow | undefined; matches: IdentityMatch[] }> {
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
  const { matches, inserted, ...row } = out;
  return {
    row: inserted ? (row as UserRow) : undefined,
    matches: matches.map((m) => ({ ...m, created_at: new Date(m.created_at), updated_at: new Date(m.updated_at) })),
  };
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
): Promise<(UserRow & { groups?: UserGroup[] }) | undefined> {
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
