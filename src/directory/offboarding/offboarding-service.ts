// Leaver checklists: the app declares its tasks; each deprovisioned user gets them to tick off (docs/lifecycle.md).
import { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { getOrganization } from '../organizations/organization-service.ts';
import {
  findOffboarding,
  listOffboardings,
  listTasks,
  replaceTasks,
  setStepDone,
  settleOffboarding,
  stepsOf,
  type OffboardingRow,
  type OffboardingStatus,
  type StepRow,
  type TaskRow,
} from '../../store/offboarding-repository.ts';

const KEY = /^[a-z][a-z0-9_.-]{0,63}$/;
const MAX_TASKS = 50;

const taskJson = (t: TaskRow) => ({ key: t.key, name: t.name, description: t.description });

export async function getTasks(db: Executor) {
  return { data: (await listTasks(db)).map(taskJson), nextCursor: null };
}

/** Replaces the list of tasks every new offboarding starts with (in this order). */
export async function setTasks(trx: Executor, body: { tasks?: unknown }) {
  if (!Array.isArray(body.tasks) || body.tasks.length > MAX_TASKS) {
    throw new RosterError('invalid_value', `tasks must be a list of at most ${MAX_TASKS} {key, name, description?}`, { attribute: 'tasks' });
  }
  const seen = new Set<string>();
  const tasks = body.tasks.map((raw: unknown, i) => {
    const t = (raw ?? {}) as Record<string, unknown>;
    if (typeof t.key !== 'string' || !KEY.test(t.key)) {
      throw new RosterError('invalid_value', `tasks[${i}].key must be lower-case letters, digits, '_', '.', '-' (such as transfer_ownership)`, { attribute: `tasks[${i}].key` });
    }
    if (seen.has(t.key)) throw new RosterError('invalid_value', `tasks[${i}].key "${t.key}" appears twice`, { attribute: `tasks[${i}].key` });
    seen.add(t.key);
    if (typeof t.name !== 'string' || t.name.trim() === '' || t.name.length > 200) {
      throw new RosterError('invalid_value', `tasks[${i}].name must be a short text`, { attribute: `tasks[${i}].name` });
    }
    const description = typeof t.description === 'string' && t.description !== '' ? t.description.slice(0, 1000) : null;
    return { key: t.key, name: t.name.trim(), description };
  });
  await replaceTasks(trx, tasks);
  return getTasks(trx);
}

function offboardingJson(row: OffboardingRow, steps: StepRow[]) {
  const status = row.completed_at ? 'completed' : row.cancelled_at ? 'cancelled' : 'open';
  return {
    id: row.id,
    status,
    cause: row.cause,
    user: { id: row.user_id, directoryId: row.directory_id, userName: row.user_name, email: row.email, displayName: row.display_name, managerId: row.manager_id },
    startedAt: new Date(row.started_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
    cancelledAt: row.cancelled_at ? new Date(row.cancelled_at).toISOString() : null,
    tasks: steps.map((s) => ({ key: s.task_key, name: s.name, done: s.done_at !== null, doneAt: s.done_at ? new Date(s.done_at).toISOString() : null, doneBy: s.done_by, note: s.note })),
  };
}

function readStatus(raw: unknown): OffboardingStatus {
  if (raw === undefined || raw === '') return 'open';
  if (raw === 'open' || raw === 'completed' || raw === 'cancelled' || raw === 'all') return raw;
  throw new RosterError('invalid_value', 'status must be open, completed, cancelled or all', { attribute: 'status' });
}

/** The organization's offboardings (open ones by default), newest first, each with its tasks. */
export async function pageOffboardings(db: Executor, organizationId: string, query: { status?: unknown }, after: string | undefined, limit: number) {
  const org = (await getOrganization(db, organizationId)).id;
  let cursor: OffboardingRow | undefined;
  if (after !== undefined) {
    cursor = isUuid(after) ? await findOffboarding(db, org, after.toLowerCase()) : undefined;
    if (!cursor) throw new RosterError('invalid_cursor', 'after must be the nextCursor of the previous page', { attribute: 'after' });
  }
  const rows = await listOffboardings(db, org, readStatus(query.status), cursor, limit);
  const steps = await stepsOf(db, rows.map((r) => r.id));
  const last = rows[rows.length - 1];
  return { data: rows.map((r) => offboardingJson(r, steps.filter((s) => s.offboarding_id === r.id))), nextCursor: rows.length === limit && last ? last.id : null };
}

async function requireOffboarding(db: Executor, organizationId: string, id: string, lock = false): Promise<OffboardingRow> {
  const org = (await getOrganization(db, organizationId)).id;
  const row = isUuid(id) ? await findOffboarding(db, org, id.toLowerCase(), lock) : undefined;
  if (!row) throw new RosterError('not_found', `Offboarding ${id} not found`, { resourceId: id });
  return row;
}

export async function getOffboarding(db: Executor, organizationId: string, id: string) {
  const row = await requireOffboarding(db, organizationId, id);
  return offboardingJson(row, await stepsOf(db, [row.id]));
}

/**
 * Marks one task done (or not done again), with an optional note; the offboarding completes with its
 * last task. `doneBy` names who did it (the app's own user), else the credential that marked it.
 */
export async function markTask(trx: Executor, organizationId: string, id: string, key: string, body: { done?: unknown; note?: unknown; doneBy?: unknown }, actor: string | null) {
  const row = await requireOffboarding(trx, organizationId, id, true);
  if (row.cancelled_at) throw new RosterError('conflict', 'This offboarding was cancelled (the user was rehired)', { resourceId: row.id });
  const done = body.done === undefined ? true : body.done;
  if (typeof done !== 'boolean') throw new RosterError('invalid_value', 'done must be true or false', { attribute: 'done' });
  const note = typeof body.note === 'string' && body.note !== '' ? body.note.slice(0, 1000) : null;
  if (body.doneBy !== undefined && body.doneBy !== null && (typeof body.doneBy !== 'string' || body.doneBy.trim() === '' || body.doneBy.length > 320)) {
    throw new RosterError('invalid_value', 'doneBy must name who did the task (at most 320 characters)', { attribute: 'doneBy' });
  }
  const doneBy = typeof body.doneBy === 'string' ? body.doneBy.trim() : actor;
  if (!(await setStepDone(trx, row.id, key, done, note, doneBy))) {
    throw new RosterError('not_found', `This offboarding has no task "${key}"`, { attribute: 'key', hint: 'Tasks are fixed when the offboarding starts; see its tasks list' });
  }
  await settleOffboarding(trx, row.id);
  return getOffboarding(trx, organizationId, row.id);
}
