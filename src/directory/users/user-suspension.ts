// Admin suspensions (leave of absence): suspend now, come back on a date or earlier; the IdP still wins.
import { readFutureTime } from '../../lib/input-time.ts';
import { RosterError } from '../../errors.ts';
import { recordEvents, type DomainEvent } from '../../events/event-writer.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { findUserWithOrganization } from '../../store/activity-repository.ts';
import type { UserRow } from '../../store/database.ts';
import type { Executor } from '../../store/organization-repository.ts';
import {
  claimDueSuspensions,
  endSuspensionRow,
  insertSuspension,
  listSuspensions,
  lockUserForSuspension,
  markSuspensionWrite,
  openSuspension,
  setSuspendedState,
  setSuspensionUntil,
  type SuspensionRow,
} from '../../store/suspension-repository.ts';
import { appUser } from './user-app-view.ts';

const MAX_REASON = 500;
const SUSPENSION_END_HINT = 'To end a suspension now, POST …/suspension/end';

export function suspensionJson(row: SuspensionRow) {
  return {
    id: row.id,
    userId: row.user_id,
    until: row.until ? new Date(row.until).toISOString() : null,
    reason: row.reason,
    startedAt: new Date(row.started_at).toISOString(),
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
    endedBy: row.ended_by,
  };
}

function readReason(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || raw.length > MAX_REASON) throw new RosterError('invalid_value', `reason must be text of at most ${MAX_REASON} characters`, { attribute: 'reason' });
  return raw;
}

async function lockedUser(trx: Executor, id: string) {
  const user = isUuid(id) ? await lockUserForSuspension(trx, id.toLowerCase()) : undefined;
  if (!user) throw new RosterError('not_found', `User ${id} not found`, { resourceId: id });
  return user;
}

function stateEvent(type: 'user.deactivated' | 'user.reactivated', user: UserRow, organizationId: string, suspension: ReturnType<typeof suspensionJson>): DomainEvent {
  return { type, organizationId, directoryId: user.directory_id, objectId: user.id, objectVersion: user.version, data: { user: appUser(user, organizationId), suspension } };
}

/** Suspends an active user now (SCIM shows `active: false`), with an optional return date. */
export async function suspendUser(trx: Executor, id: string, body: { until?: unknown; reason?: unknown }, now: Date) {
  const until = readFutureTime(body.until, 'until', now, SUSPENSION_END_HINT);
  const reason = readReason(body.reason);
  const user = await lockedUser(trx, id);
  if (user.state !== 'active') {
    throw new RosterError('conflict', `User ${user.id} is ${user.state}; only an active user can be suspended`, { resourceId: user.id });
  }
  await markSuspensionWrite(trx);
  const after = await setSuspendedState(trx, user.id, false);
  const suspension = suspensionJson(await insertSuspension(trx, { id: newId(), userId: user.id, until, reason }));
  await recordEvents(trx, [stateEvent('user.deactivated', after, user.organization_id, suspension)]);
  return suspension;
}

/** Moves the return date of the open suspension (null: until someone ends it). */
export async function rescheduleSuspension(trx: Executor, id: string, body: { until?: unknown }, now: Date) {
  const user = await lockedUser(trx, id);
  const open = await openSuspension(trx, user.id);
  if (!open) throw new RosterError('conflict', `User ${user.id} has no suspension in progress`, { resourceId: user.id });
  return suspensionJson(await setSuspensionUntil(trx, open.id, readFutureTime(body.until, 'until', now, SUSPENSION_END_HINT)));
}

async function endOpen(trx: Executor, user: UserRow & { organization_id: string }, open: SuspensionRow, by: 'admin' | 'schedule') {
  await markSuspensionWrite(trx);
  const ended = suspensionJson(await endSuspensionRow(trx, open.id, by));
  const after = await setSuspendedState(trx, user.id, true);
  await recordEvents(trx, [stateEvent('user.reactivated', after, user.organization_id, ended)]);
  return ended;
}

/** Ends the open suspension now: the user is active again, with `user.reactivated`. */
export async function endSuspension(trx: Executor, id: string) {
  const user = await lockedUser(trx, id);
  const open = await openSuspension(trx, user.id);
  if (!open) {
    throw new RosterError('conflict', `User ${user.id} has no suspension in progress`, {
      resourceId: user.id,
      hint: user.state === 'suspended' ? 'The identity provider deactivated this user: reactivate it there' : undefined,
    });
  }
  return endOpen(trx, user, open, 'admin');
}

/** Every suspension of a user, newest first (endedBy says who ended each: admin, schedule or identity_provider). */
export async function userSuspensions(db: Executor, id: string) {
  const found = isUuid(id) ? await findUserWithOrganization(db, id.toLowerCase()) : undefined;
  if (!found) throw new RosterError('not_found', `User ${id} not found`, { resourceId: id });
  return { data: (await listSuspensions(db, found.user.id)).map(suspensionJson), nextCursor: null };
}

/** Ends the suspensions whose date has come; several replicas split the work (SKIP LOCKED). Returns how many. */
export async function endDueSuspensions(trx: Executor, now: Date, limit = 100): Promise<number> {
  const due = await claimDueSuspensions(trx, now, limit);
  for (const open of due) {
    const user = await lockUserForSuspension(trx, open.user_id);
    if (user) await endOpen(trx, user, open, 'schedule');
  }
  return due.length;
}
