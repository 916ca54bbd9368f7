// SQL for seat utilization: sign-ins per user and day, the organization's counts, and the daily history.
import { sql } from 'kysely';
import type { UserRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

/** A user seen with the organization it belongs to (activity is reported by user id alone). */
export async function findUserWithOrganization(db: Executor, id: string): Promise<{ user: UserRow; organizationId: string } | undefined> {
  const row = await db
    .selectFrom('users')
    .innerJoin('directories', 'directories.id', 'users.directory_id')
    .selectAll('users')
    .select('directories.organization_id')
    .where('users.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { organization_id: organizationId, ...user } = row;
  return { user, organizationId };
}

/** Counts one sign-in on its UTC day; a day's row keeps the first and last time and whether any came while inactive. */
export async function upsertActivity(db: Executor, row: { userId: string; at: Date; whileInactive: boolean }): Promise<{ day: string; signIns: number }> {
  const day = row.at.toISOString().slice(0, 10);
  const result = await db
    .insertInto('user_activity_days')
    .values({ user_id: row.userId, day, first_at: row.at, last_at: row.at, while_inactive: row.whileInactive })
    .onConflict((oc) =>
      oc.columns(['user_id', 'day']).doUpdateSet({
        sign_ins: sql`user_activity_days.sign_ins + 1`,
        first_at: sql`least(user_activity_days.first_at, excluded.first_at)`,
        last_at: sql`greatest(user_activity_days.last_at, excluded.last_at)`,
        while_inactive: sql`user_activity_days.while_inactive or excluded.while_inactive`,
      }),
    )
    .returning(['sign_ins'])
    .executeTakeFirstOrThrow();
  return { day, signIns: result.sign_ins };
}

export interface SeatCounts {
  provisioned: number;
  activated: number;
  active30d: number;
  suspended: number;
}

/**
 * The organization's counts as of `today` (a UTC day): provisioned = users the IdP has active and
 * the app sees; activated = of those, ever signed in; active30d = signed in within the 30 days
 * ending today. One statement; each EXISTS is a primary-key probe.
 */
export async function countSeats(db: Executor, organizationId: string, today: string): Promise<SeatCounts> {
  const row = await sql<{ provisioned: string; activated: string; active_30d: string; suspended: string }>`
    select
      count(*) filter (where u.state = 'active') as provisioned,
      count(*) filter (where u.state = 'active' and exists (select 1 from user_activity_days a where a.user_id = u.id and a.day <= ${today}::date)) as activated,
      count(*) filter (where u.state = 'active' and exists (
        select 1 from user_activity_days a where a.user_id = u.id and a.day > ${today}::date - 30 and a.day <= ${today}::date)) as active_30d,
      count(*) filter (where u.state = 'suspended') as suspended
    from users u join directories d on d.id = u.directory_id
    where d.organization_id = ${organizationId}`.execute(db);
  const r = row.rows[0];
  return { provisioned: Number(r?.provisioned ?? 0), activated: Number(r?.activated ?? 0), active30d: Number(r?.active_30d ?? 0), suspended: Number(r?.suspended ?? 0) };
}

/** Writes (or rewrites) `day`'s counts for every organization in one statement; the last write of a day stands. */
export async function recordSeatCounts(db: Executor, day: string): Promise<number> {
  const result = await sql`
    insert into seat_counts_daily (organization_id, day, provisioned, activated, active_30d, suspended, recorded_at)
    select o.id, ${day}::date,
      count(u.id) filter (where u.state = 'active'),
      count(u.id) filter (where u.state = 'active' and exists (select 1 from user_activity_days a where a.user_id = u.id and a.day <= ${day}::date)),
      count(u.id) filter (where u.state = 'active' and exists (
        select 1 from user_activity_days a where a.user_id = u.id and a.day > ${day}::date - 30 and a.day <= ${day}::date)),
      count(u.id) filter (where u.state = 'suspended'),
      now()
    from organizations o
    left join directories d on d.organization_id = o.id
    left join users u on u.directory_id = d.id
    group by o.id
    on conflict (organization_id, day) do update set
      provisioned = excluded.provisioned, activated = excluded.activated, active_30d = excluded.active_30d,
      suspended = excluded.suspended, recorded_at = excluded.recorded_at`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Recorded days from `since` on, oldest first. */
export async function listSeatHistory(db: Executor, organizationId: string, since: string) {
  return db
    .selectFrom('seat_counts_daily')
    .select([sql<string>`day::text`.as('day'), 'provisioned', 'activated', 'active_30d', 'suspended'])
    .where('organization_id', '=', organizationId)
    .where('day', '>=', since)
    .orderBy('day')
    .execute();
}

/** Users the IdP has active who never signed in, by id after `after`. */
export async function listNeverSignedIn(db: Executor, organizationId: string, after: string | undefined, limit: number) {
  let q = db
    .selectFrom('users')
    .innerJoin('directories', 'directories.id', 'users.directory_id')
    .selectAll('users')
    .where('directories.organization_id', '=', organizationId)
    .where('users.state', '=', 'active')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('user_activity_days').select(sql`1`.as('one')).whereRef('user_activity_days.user_id', '=', 'users.id'))))
    .orderBy('users.id')
    .limit(limit);
  if (after !== undefined) q = q.where('users.id', '>', after);
  return q.execute();
}

/** Users with a sign-in reported while the IdP had them inactive, with the latest such sign-in. */
export async function listActiveWhileInactive(db: Executor, organizationId: string, after: string | undefined, limit: number) {
  let q = db
    .selectFrom('users')
    .innerJoin('directories', 'directories.id', 'users.directory_id')
    .innerJoin('user_activity_days as a', 'a.user_id', 'users.id')
    .selectAll('users')
    .select(sql<Date>`max(a.last_at)`.as('last_inactive_sign_in'))
    .where('directories.organization_id', '=', organizationId)
    .where('a.while_inactive', '=', true)
    .groupBy('users.id')
    .orderBy('users.id')
    .limit(limit);
  if (after !== undefined) q = q.where('users.id', '>', after);
  return q.execute();
}

/** The latest sign-in of each given user, for showing beside a list. */
export async function lastSignIns(db: Executor, userIds: readonly string[]): Promise<Map<string, Date>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('user_activity_days')
    .select(['user_id', sql<Date>`max(last_at)`.as('last_at')])
    .where('user_id', 'in', userIds)
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, new Date(r.last_at)]));
}
