// Roles the app declares and grants of them to users, optionally time-bound, each with its event.
import { readFutureTime } from '../lib/input-time.ts';
import { RosterError } from '../errors.ts';
import { recordEvents, type DomainEvent } from '../events/event-writer.ts';
import { isUuid, newId } from '../lib/ids.ts';
import { findUserWithOrganization } from '../store/activity-repository.ts';
import type { Executor } from '../store/organization-repository.ts';
import {
  claimExpiredGrants,
  deleteRole,
  findGrant,
  findRoleByKey,
  insertGrant,
  insertRole,
  listRoles,
  openGrant,
  revokeGrantRow,
  setGrantExpiry,
  updateRole,
  userGrants,
  type GrantWithRole,
  type RoleRow,
} from '../store/role-repository.ts';
import { isoOrNull } from '../lib/api-time.ts';

const KEY = /^[a-z][a-z0-9_.:-]{0,63}$/;

export const roleJson = (r: RoleRow) => ({ key: r.key, name: r.name, description: r.description, billable: r.billable, createdAt: new Date(r.created_at).toISOString() });

function text(v: unknown, attribute: string, max: number, required: boolean): string | null | undefined {
  if (v === undefined) {
    if (required) throw new RosterError('invalid_value', `${attribute} is required`, { attribute });
    return undefined;
  }
  if (v === null || v === '') {
    if (required) throw new RosterError('invalid_value', `${attribute} is required`, { attribute });
    return null;
  }
  if (typeof v !== 'string' || v.length > max) throw new RosterError('invalid_value', `${attribute} must be text of at most ${max} characters`, { attribute });
  return v.trim();
}

export async function createRole(db: Executor, body: Record<string, unknown>) {
  if (typeof body.key !== 'string' || !KEY.test(body.key)) {
    throw new RosterError('invalid_value', "key must be lower-case letters, digits, '_', '.', ':', '-' (such as admin or billing:viewer)", { attribute: 'key' });
  }
  if (body.billable !== undefined && typeof body.billable !== 'boolean') throw new RosterError('invalid_value', 'billable must be true or false', { attribute: 'billable' });
  const row = await insertRole(db, {
    id: newId(),
    key: body.key,
    name: text(body.name, 'name', 200, true) as string,
    description: text(body.description, 'description', 1000, false) ?? null,
    billable: body.billable ?? true,
  });
  if (!row) throw new RosterError('conflict', `A role with key "${body.key}" already exists`, { attribute: 'key' });
  return roleJson(row);
}

export async function pageRoles(db: Executor) {
  return { data: (await listRoles(db)).map(roleJson), nextCursor: null };
}

async function requireRole(db: Executor, key: string): Promise<RoleRow> {
  const role = await findRoleByKey(db, key);
  if (!role) throw new RosterError('not_found', `No role with key "${key}"`, { attribute: 'roleKey', hint: 'Declare it with POST /api/v1/roles' });
  return role;
}

export async function changeRole(db: Executor, key: string, body: Record<string, unknown>) {
  await requireRole(db, key);
  if (body.billable !== undefined && typeof body.billable !== 'boolean') throw new RosterError('invalid_value', 'billable must be true or false', { attribute: 'billable' });
  const name = text(body.name, 'name', 200, false);
  if (name === null) throw new RosterError('invalid_value', 'name cannot be empty', { attribute: 'name' });
  const description = text(body.description, 'description', 1000, false);
  const row = await updateRole(db, key, { ...(name ? { name } : {}), ...(description !== undefined ? { description } : {}), ...(typeof body.billable === 'boolean' ? { billable: body.billable } : {}) });
  return roleJson(row as RoleRow);
}

/** Removes a role the app no longer has; its grants go with it (no events: the role itself is gone). */
export async function removeRole(db: Executor, key: string): Promise<void> {
  if (!(await deleteRole(db, key))) throw new RosterError('not_found', `No role with key "${key}"`, { resourceId: key });
}

export function grantJson(g: GrantWithRole) {
  return {
    id: g.id,
    userId: g.user_id,
    role: { key: g.role_key, name: g.role_name },
    reason: g.reason,
    grantedAt: new Date(g.granted_at).toISOString(),
    expiresAt: isoOrNull(g.expires_at),
    revokedAt: isoOrNull(g.revoked_at),
    revokedBy: g.revoked_by,
    source: g.source,
    ruleId: g.rule_id,
  };
}

function roleEvent(type: 'role.assigned' | 'role.revoked', g: GrantWithRole, extra: Record<string, unknown> = {}): DomainEvent {
  return { type, organizationId: g.organization_id, directoryId: g.directory_id, objectId: g.user_id, objectVersion: null, data: { grant: grantJson(g), ...extra } };
}

async function requireUser(db: Executor, id: string) {
  const found = isUuid(id) ? await findUserWithOrganization(db, id.toLowerCase()) : undefined;
  if (!found) throw new RosterError('not_found', `User ${id} not found`, { resourceId: id });
  return found;
}

/** Grants a role, optionally until `expiresAt` (contractors, temporary elevation), with `role.assigned`. */
export async function grantRole(trx: Executor, userId: string, body: Record<string, unknown>, now: Date) {
  const { user, organizationId } = await requireUser(trx, userId);
  if (user.state !== 'active' && user.state !== 'suspended') {
    throw new RosterError('conflict', `User ${user.id} is ${user.state}: roles are for the organization's current users`, { resourceId: user.id });
  }
  const role = await requireRole(trx, typeof body.roleKey === 'string' ? body.roleKey : '');
  const expiresAt = readFutureTime(body.expiresAt, 'expiresAt', now);
  const reason = text(body.reason, 'reason', 500, false) ?? null;
  if (await openGrant(trx, user.id, role.id)) {
    throw new RosterError('conflict', `User ${user.id} already has the role "${role.key}"`, { attribute: 'roleKey', hint: 'Change its expiry with PATCH …/roles/{roleKey}' });
  }
  const id = newId();
  await insertGrant(trx, { id, userId: user.id, roleId: role.id, organizationId, reason, expiresAt });
  const grant = (await findGrant(trx, id)) as GrantWithRole;
  await recordEvents(trx, [roleEvent('role.assigned', grant)]);
  return grantJson(grant);
}

async function lockedOpenGrant(trx: Executor, userId: string, roleKey: string): Promise<GrantWithRole> {
  const { user } = await requireUser(trx, userId);
  const role = await requireRole(trx, roleKey);
  const grant = await openGrant(trx, user.id, role.id, true);
  if (!grant) throw new RosterError('not_found', `User ${user.id} does not have the role "${roleKey}"`, { resourceId: user.id });
  return grant;
}

/** Extends (or shortens, or removes) the expiry of an open grant. */
export async function changeGrantExpiry(trx: Executor, userId: string, roleKey: string, body: { expiresAt?: unknown }, now: Date) {
  const grant = await lockedOpenGrant(trx, userId, roleKey);
  await setGrantExpiry(trx, grant.id, readFutureTime(body.expiresAt, 'expiresAt', now));
  return grantJson((await findGrant(trx, grant.id)) as GrantWithRole);
}

/** Ends a grant now, with `role.revoked`. */
export async function revokeRole(trx: Executor, userId: string, roleKey: string) {
  const grant = await lockedOpenGrant(trx, userId, roleKey);
  await revokeGrantRow(trx, grant.id, 'admin');
  const after = (await findGrant(trx, grant.id)) as GrantWithRole;
  await recordEvents(trx, [roleEvent('role.revoked', after, { cause: 'admin' })]);
  return grantJson(after);
}

/** Ends an API grant on an access review's decision, with `role.revoked` (cause `review`); the caller's transaction. */
export async function revokeGrantOnReview(trx: Executor, grantId: string, reviewId: string) {
  const seen = await findGrant(trx, grantId);
  // Locked as DELETE …/roles/:roleKey locks it, so a revoke racing the review's is announced once.
  const grant = seen && seen.source === 'grant' ? await openGrant(trx, seen.user_id, seen.role_id, true) : undefined;
  if (!grant || grant.id !== grantId) return null;
  await revokeGrantRow(trx, grant.id, 'admin');
  const after = (await findGrant(trx, grant.id)) as GrantWithRole;
  await recordEvents(trx, [roleEvent('role.revoked', after, { cause: 'review', reviewId })]);
  return grantJson(after);
}

export async function listUserGrants(db: Executor, userId: string) {
  const { user } = await requireUser(db, userId);
  return { data: (await userGrants(db, user.id)).map(grantJson), nextCursor: null };
}

/** Revokes every grant whose time is up, with `role.revoked` (cause `expired`); replicas split the work. */
export async function revokeExpiredGrants(trx: Executor, now: Date, limit = 100): Promise<number> {
  const due = await claimExpiredGrants(trx, now, limit);
  for (const grant of due) {
    await revokeGrantRow(trx, grant.id, 'expiry');
    await recordEvents(trx, [roleEvent('role.revoked', (await findGrant(trx, grant.id)) as GrantWithRole, { cause: 'expired' })]);
  }
  return due.length;
}
