// SQL for admin suspensions: the open one of a user, its history, the due ones, and the user's state.
import { sql } from 'kysely';
import type { UserRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

export interface SuspensionRow {
  id: string;
  user_id: string;
  until: Date | null;
  reason: string | null;
  started_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
}

/** Marks this transaction's changes of `active` as a suspension's own (the trigger leaves them alone). */
export async function markSuspensionWrite(trx: Executor): Promise<void> {
  await sql`select set_config('roster.suspension_write', 'on', true)`.execute(trx);
}

/** The user row, locked, with its organization. */
export async function lockUserForSuspension(trx: Executor, id: string): Promise<(UserRow & { organization_id: string }) | undefined> {
  const { rows } = await sql<UserRow & { organization_id: string }>`
    select u.*, d.organization_id from users u join directories d on d.id = u.directory_id where u.id = ${id} for update of u`.execute(trx);
  return rows[0];
}

/** Sets state and `active` in the column and in the stored resource (SCIM reads show it), with a new version. */
export async function setSuspendedState(trx: Executor, id: string, active: boolean): Promise<UserRow> {
  const { rows } = await sql<UserRow>`
    update users set state = ${active ? 'active' : 'suspended'}, active = ${active},
      resource = jsonb_set(resource, '{active}', to_jsonb(${active}::boolean)), version = version + 1, updated_at = now()
    where id = ${id} returning *`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error(`user ${id} vanished under its lock`);
  return row;
}

export async function insertSuspension(trx: Executor, row: { id: string; userId: string; until: Date | null; reason: string | null }): Promise<SuspensionRow> {
  const { rows } = await sql<SuspensionRow>`
    insert into user_suspensions (id, user_id, until, reason) values (${row.id}, ${row.userId}, ${row.until}, ${row.reason}) returning *`.execute(trx);
  return rows[0] as SuspensionRow;
}

export async function openSuspension(db: Executor, userId: string): Promise<SuspensionRow | undefined> {
  const { rows } = await sql<SuspensionRow>`select * from user_suspensions where user_id = ${userId} and ended_at is null`.execute(db);
  return rows[0];
}

export async function endSuspensionRow(trx: Executor, id: string, by: 'admin' | 'schedule'): Promise<SuspensionRow> {
  const { rows } = await sql<SuspensionRow>`update user_suspensions set ended_at = now(), ended_by = ${by} where id = ${id} returning *`.execute(trx);
  return rows[0] as SuspensionRow;
}

export async function setSuspensionUntil(trx: Executor, id: string, until: Date | null): Promise<SuspensionRow> {
  const { rows } = await sql<SuspensionRow>`update user_suspensions set until = ${until} where id = ${id} returning *`.execute(trx);
  return rows[0] as SuspensionRow;
}

/** Every suspension of a user, newest first. */
export async function listSuspensions(db: Executor, userId: string): Promise<SuspensionRow[]> {
  const { rows } = await sql<SuspensionRow>`select * from user_suspensions where user_id = ${userId} order by started_at desc, id limit 100`.execute(db);
  return rows;
}

/** Open suspensions due by `now`, locked; another replica skips them (SKIP LOCKED). */
export async function claimDueSuspensions(trx: Executor, now: Date, limit: number): Promise<SuspensionRow[]> {
  const { rows } = await sql<SuspensionRow>`
    select * from user_suspensions where ended_at is null and until is not null and until <= ${now}
    order by until limit ${limit} for update skip locked`.execute(trx);
  return rows;
}
