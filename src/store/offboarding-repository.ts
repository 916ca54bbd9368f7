// SQL for leaver checklists: the declared tasks, the organization's offboardings and their steps.
import { sql } from 'kysely';
import type { Executor } from './organization-repository.ts';

export interface TaskRow {
  key: string;
  name: string;
  description: string | null;
  position: number;
}

export interface OffboardingRow {
  id: string;
  user_id: string;
  organization_id: string;
  directory_id: string;
  user_name: string;
  email: string | null;
  display_name: string | null;
  manager_id: string | null;
  cause: string;
  started_at: Date;
  completed_at: Date | null;
  cancelled_at: Date | null;
}

export interface StepRow {
  offboarding_id: string;
  task_key: string;
  name: string;
  position: number;
  done_at: Date | null;
  note: string | null;
  done_by: string | null;
}

export async function listTasks(db: Executor): Promise<TaskRow[]> {
  const { rows } = await sql<TaskRow>`select * from offboarding_tasks order by position`.execute(db);
  return rows;
}

/** Replaces the declared tasks; offboardings already started keep the tasks they began with. */
export async function replaceTasks(trx: Executor, tasks: Omit<TaskRow, 'position'>[]): Promise<void> {
  await sql`delete from offboarding_tasks`.execute(trx);
  for (const [position, t] of tasks.entries()) {
    await sql`insert into offboarding_tasks (key, name, description, position) values (${t.key}, ${t.name}, ${t.description}, ${position})`.execute(trx);
  }
}

export type OffboardingStatus = 'open' | 'completed' | 'cancelled' | 'all';

/** The organization's offboardings, newest first, by cursor (the id of the last one read). */
export async function listOffboardings(db: Executor, organizationId: string, status: OffboardingStatus, after: OffboardingRow | undefined, limit: number) {
  const where =
    status === 'open' ? sql`and completed_at is null and cancelled_at is null`
    : status === 'completed' ? sql`and completed_at is not null`
    : status === 'cancelled' ? sql`and cancelled_at is not null`
    : sql``;
  const page = after ? sql`and (started_at, id) < (${after.started_at}, ${after.id})` : sql``;
  const { rows } = await sql<OffboardingRow>`
    select * from offboardings where organization_id = ${organizationId} ${where} ${page}
    order by started_at desc, id desc limit ${limit}`.execute(db);
  return rows;
}

export async function findOffboarding(db: Executor, organizationId: string, id: string, lock = false): Promise<OffboardingRow | undefined> {
  const { rows } = await sql<OffboardingRow>`
    select * from offboardings where id = ${id} and organization_id = ${organizationId} ${lock ? sql`for update` : sql``}`.execute(db);
  return rows[0];
}

export async function stepsOf(db: Executor, ids: readonly string[]): Promise<StepRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<StepRow>`select * from offboarding_steps where offboarding_id = any(${ids}::uuid[]) order by position`.execute(db);
  return rows;
}

/** Sets a step done (or not); answers false when the offboarding has no such task. */
export async function setStepDone(trx: Executor, offboardingId: string, key: string, done: boolean, note: string | null, doneBy: string | null): Promise<boolean> {
  const result = await sql`
    update offboarding_steps set done_at = ${done ? sql`now()` : sql`null`}, note = ${note}, done_by = ${done ? doneBy : null}
    where offboarding_id = ${offboardingId} and task_key = ${key}`.execute(trx);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Completes the offboarding when every step is done, reopens it when one is undone. */
export async function settleOffboarding(trx: Executor, id: string): Promise<void> {
  await sql`
    update offboardings o set completed_at = case
      when not exists (select 1 from offboarding_steps s where s.offboarding_id = o.id and s.done_at is null) then coalesce(o.completed_at, now())
      else null end
    where o.id = ${id}`.execute(trx);
}
