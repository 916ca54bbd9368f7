// SQL for roles and grants: the app's roles, a user's open grants, grants due to expire, counts per role.
import { sql } from 'kysely';
import type { Executor } from './organization-repository.ts';

export interface RoleRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  billable: boolean;
  created_at: Date;
}

export interface GrantRow {
  id: string;
  user_id: string;
  role_id: string;
  organization_id: string;
  reason: string | null;
  granted_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  source: string;
  rule_id: string | null;
}

export type GrantWithRole = GrantRow & { role_key: string; role_name: string; directory_id: string };

export async function insertRole(db: Executor, row: Omit<RoleRow, 'created_at'>): Promise<RoleRow> {
  const { rows } = await sql<RoleRow>`
    insert into roles (id, key, name, description, billable) values (${row.id}, ${row.key}, ${row.name}, ${row.description}, ${row.billable})
    on conflict (key) do nothing returning *`.execute(db);
  return rows[0] as RoleRow;
}

export async function listRoles(db: Executor): Promise<RoleRow[]> {
  const { rows } = await sql<RoleRow>`select * from roles order by key limit 500`.execute(db);
  return rows;
}

export async function findRoleByKey(db: Executor, key: string): Promise<RoleRow | undefined> {
  const { rows } = await sql<RoleRow>`select * from roles where key = ${key}`.execute(db);
  return rows[0];
}

export async function updateRole(db: Executor, key: string, set: { name?: string; description?: string | null; billable?: boolean }): Promise<RoleRow | undefined> {
  const { rows } = await sql<RoleRow>`
    update roles set name = coalesce(${set.name ?? null}, name),
      description = case when ${set.description !== undefined} then ${set.description ?? null} else description end,
      billable = coalesce(${set.billable ?? null}::boolean, billable)
    where key = ${key} returning *`.execute(db);
  return rows[0];
}

export async function deleteRole(db: Executor, key: string): Promise<boolean> {
  const result = await sql`delete from roles where key = ${key}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

const withRole = sql`select g.*, r.key as role_key, r.name as role_name, u.directory_id
  from role_grants g join roles r on r.id = g.role_id join users u on u.id = g.user_id`;

export async function openGrant(db: Executor, userId: string, roleId: string, lock = false): Promise<GrantWithRole | undefined> {
  const { rows } = await sql<GrantWithRole>`${withRole} where g.user_id = ${userId} and g.role_id = ${roleId} and g.source = 'grant' and g.revoked_at is null ${lock ? sql`for update of g` : sql``}`.execute(db);
  return rows[0];
}

export async function insertGrant(db: Executor, row: { id: string; userId: string; roleId: string; organizationId: string; reason: string | null; expiresAt: Date | null }): Promise<void> {
  await sql`insert into role_grants (id, user_id, role_id, organization_id, reason, expires_at)
    values (${row.id}, ${row.userId}, ${row.roleId}, ${row.organizationId}, ${row.reason}, ${row.expiresAt})`.execute(db);
}

export async function setGrantExpiry(db: Executor, id: string, expiresAt: Date | null): Promise<void> {
  await sql`update role_grants set expires_at = ${expiresAt} where id = ${id}`.execute(db);
}

export async function revokeGrantRow(db: Executor, id: string, by: 'admin' | 'expiry'): Promise<void> {
  await sql`update role_grants set revoked_at = now(), revoked_by = ${by} where id = ${id}`.execute(db);
}

export async function findGrant(db: Executor, id: string): Promise<GrantWithRole | undefined> {
  const { rows } = await sql<GrantWithRole>`${withRole} where g.id = ${id}`.execute(db);
  return rows[0];
}

/** A user's grants: open ones, then the history, newest first. */
export async function userGrants(db: Executor, userId: string): Promise<GrantWithRole[]> {
  const { rows } = await sql<GrantWithRole>`${withRole} where g.user_id = ${userId} order by (g.revoked_at is null) desc, g.granted_at desc limit 200`.execute(db);
  return rows;
}

/** Open grants past their expiry, locked; other replicas skip them. */
export async function claimExpiredGrants(trx: Executor, now: Date, limit: number): Promise<GrantWithRole[]> {
  const { rows } = await sql<GrantWithRole>`${withRole}
    where g.revoked_at is null and g.source = 'grant' and g.expires_at is not null and g.expires_at <= ${now}
    order by g.expires_at limit ${limit} for update of g skip locked`.execute(trx);
  return rows;
}

/** Active users of the organization holding each role now. */
export async function countByRole(db: Executor, organizationId: string, today: string) {
  // Seats by role, like countSeats: the role's active holders, those who ever signed in, and those who did in the last 30 days.
  const { rows } = await sql<{ key: string; name: string; billable: boolean; users: string; activated: string; active_30d: string }>`
    select r.key, r.name, r.billable,
      count(distinct u.id) filter (where u.state = 'active') as users,
      count(distinct u.id) filter (where u.state = 'active' and exists (select 1 from user_activity_days a where a.user_id = u.id and a.day <= ${today}::date)) as activated,
      count(distinct u.id) filter (where u.state = 'active' and exists (
        select 1 from user_activity_days a where a.user_id = u.id and a.day > ${today}::date - 30 and a.day <= ${today}::date)) as active_30d
    from roles r left join role_grants g on g.role_id = r.id and g.revoked_at is null and g.organization_id = ${organizationId}
    left join users u on u.id = g.user_id
    group by r.id order by r.key`.execute(db);
  return rows.map((r) => ({ roleKey: r.key, name: r.name, billable: r.billable, users: Number(r.users), activated: Number(r.activated), active30d: Number(r.active_30d) }));
}
