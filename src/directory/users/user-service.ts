// User rules: create, replace, patch, delete, each change committed with its events (one statement on the common path).
import { isDeepStrictEqual } from 'node:util';
import { RosterError } from '../../errors.ts';
import { recordEvents, type DomainEvent } from '../../events/event-writer.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { hashPassword } from '../../lib/password.ts';
import { checkIfMatch } from '../../scim/etag.ts';
import { applyPatch } from '../../scim/patch/patch-engine.ts';
import type { PatchOperation } from '../../scim/patch/patch-types.ts';
import type { UserRow } from '../../store/database.ts';
import type { Executor } from '../../store/organization-repository.ts';
import type { NewEvent } from '../../store/event-repository.ts';
import { insertTombstone } from '../../store/tombstone-repository.ts';
import {
  deleteUserRow,
  findIdentityMatches,
  findUser,
  findUserConflict,
  insertUser,
  type IdentityMatch,
  lockDeprovisionedUser,
  setUserState,
  updateUser,
  type UserColumns,
} from '../../store/user-repository.ts';
import { findUserWithGroups, insertUserUnlessMatched, updateUserIfVersion, type UserGroup } from '../../store/user-write-repository.ts';
import type { DirectoryContext } from '../directory-context.ts';
import { leaveAllGroups } from '../groups/member-changes.ts';
import type { CompiledMapping, FieldProblem } from '../mapping/field-mapping.ts';
import { directoryMapping } from '../mapping/mapping-cache.ts';
import { admissionState } from './domain-policy.ts';
import { recentUsers } from './recent-users.ts';
import { appUser } from './user-app-view.ts';
import { APP_VISIBLE_STATES, changedAttributes, userColumns, type UserState } from './user-columns.ts';

/** A normalised create or replace body, with the password already hashed outside the transaction. */
export interface UserInput {
  resource: Record<string, unknown>;
  passwordHash: string | undefined;
}

/** Hashes a write-only password before a transaction opens (scrypt is slow on purpose). */
export async function prepareUserInput(resource: Record<string, unknown>): Promise<UserInput> {
  const password = resource.password;
  return { resource, passwordHash: typeof password === 'string' && password !== '' ? await hashPassword(password) : undefined };
}

function notFound(id: string): RosterError {
  return new RosterError('not_found', `User ${id} not found`, { resourceId: id, hint: 'The user may have been deleted; search by userName or externalId.' });
}

/** 409 naming the existing user, so the admin can remove the duplicate or link it. */
function conflictError(ctx: DirectoryContext, holderId: string, createdAt: Date, field: 'userName' | 'externalId', value: string | null): RosterError {
  const by = ctx.providerLabel === 'the identity provider' ? '' : ` by ${ctx.providerLabel}`;
  return new RosterError('uniqueness', `${field} "${value}" already belongs to user ${holderId}, created${by} on ${createdAt.toISOString().slice(0, 10)}`, {
    attribute: field,
    resourceId: holderId,
    hint: `Remove the duplicate in ${ctx.providerLabel}, or match the existing user by this value instead of creating a new one.`,
  });
}

async function assertUnique(trx: Executor, ctx: DirectoryContext, userName: string, externalId: string | null, exceptId?: string): Promise<void> {
  const conflict = await findUserConflict(trx, ctx.directoryId, userName, externalId, exceptId);
  if (conflict) throw conflictError(ctx, conflict.id, conflict.created_at, conflict.field, conflict.field === 'userName' ? userName : externalId);
}

/** Only a new userName or externalId can collide; most updates (a title, `active`) skip the check. */
function identityChanged(before: UserRow, cols: { user_name: string; external_id: string | null }): boolean {
  return before.user_name.toLowerCase() !== cols.user_name.toLowerCase() || before.external_id !== cols.external_id;
}

function userEvent(type: string, ctx: DirectoryContext, row: UserRow, extra: Record<string, unknown> = {}): DomainEvent {
  return {
    type,
    organizationId: ctx.organizationId,
    directoryId: ctx.directoryId,
    objectId: row.id,
    objectVersion: row.version,
    data: { user: appUser(row, ctx.organizationId), ...extra },
  };
}

/** An event as the single-statement writes insert it (the log's row, before the database stamps times). */
function newEventRow(e: DomainEvent): NewEvent {
  return { id: newId(), organization_id: e.organizationId, directory_id: e.directoryId, type: e.type, object_id: e.objectId, object_version: e.objectVersion, data: e.data };
}

/**
 * Events for a change from `before` to `after`: an update and/or one lifecycle transition
 * (docs/lifecycle.md). Held and refused users are not the app's yet: their changes are silent.
 */
function changeEvents(ctx: DirectoryContext, before: UserRow, after: UserRow, passwordChanged = false): DomainEvent[] {
  const events: DomainEvent[] = [];
  if (!APP_VISIBLE_STATES.has(before.state) || !APP_VISIBLE_STATES.has(after.state)) return events;
  const changes = changedAttributes(before.resource, after.resource);
  delete changes.active;
  const fieldChanges = changedAttributes(before.fields ?? {}, after.fields ?? {});
  const previousFields = Object.keys(fieldChanges).length > 0 ? { previousFields: fieldChanges } : {};
  // A new password moves the version too; the app learns that it changed, never its value.
  if (Object.keys(changes).length > 0 || passwordChanged) {
    events.push(userEvent('user.updated', ctx, after, { previous: changes, ...previousFields, ...(passwordChanged ? { passwordChanged: true } : {}) }));
  } else if (Object.keys(fieldChanges).length > 0) {
    // The same attributes now map to other fields (the mapping changed since the last write).
    events.push(userEvent('user.fields_changed', ctx, after, { previous: fieldChanges }));
  }
  if (before.active && !after.active) events.push(userEvent('user.deactivated', ctx, after));
  if (!before.active && after.active) events.push(userEvent('user.reactivated', ctx, after));
  return events;
}

/**
 * Writes a replaced or patched user with its events, under the row lock the caller holds. A write
 * that changes nothing (an IdP re-sending its last PATCH, a PUT of the same body) keeps the row, its
 * version and the log as they are: the ETag must only move when the resource does. A new password
 * always counts.
 */
async function writeChange(trx: Executor, ctx: DirectoryContext, before: UserRow, cols: UserColumns, passwordHash: string | undefined): Promise<UserRow> {
  if (unchanged(before, cols, passwordHash)) return before;
  const after = await updateUser(trx, before.id, { ...cols, ...(passwordHash ? { password_hash: passwordHash } : {}) });
  await recordEvents(trx, changeEvents(ctx, before, after, passwordHash !== undefined));
  return after;
}

function unchanged(before: UserRow, cols: UserColumns, passwordHash: string | undefined): boolean {
  return passwordHash === undefined && before.active === cols.active && isDeepStrictEqual(before.resource, cols.resource) && isDeepStrictEqual(before.fields, cols.fields);
}

/**
 * A written user; `groups`, when present, were read with it (the response can show them without
 * asking again); `fieldProblems`, mapped fields left out or missing, go to the sync log as warnings.
 */
export type WrittenUser = UserRow & { groups?: UserGroup[]; fieldProblems?: FieldProblem[] };

/** The columns with the app's fields computed from the resource; problems are collected for the caller. */
function mapped(mapping: CompiledMapping, cols: UserColumns, problems: FieldProblem[]): UserColumns {
  const computed = mapping.compute(cols.resource);
  problems.splice(0, problems.length, ...computed.problems);
  return { ...cols, fields: computed.fields };
}

const withProblems = <T extends UserRow>(row: T, problems: FieldProblem[]): T & { fieldProblems?: FieldProblem[] } => (problems.length > 0 ? { ...row, fieldProblems: problems } : row);

/** What a PUT or PATCH makes of the current row: new columns and, if one was sent, a hashed password. */
type ChangePlan = (before: UserRow) => Promise<{ cols: UserColumns; passwordHash: string | undefined }>;

/** The locked read-modify-write: identity changes (uniqueness check) and the optimistic path's last resort. */
async function changeLocked(trx: Executor, ctx: DirectoryContext, id: string, plan: ChangePlan, ifMatch: string | undefined): Promise<WrittenUser> {
  const mapping = await directoryMapping(trx, ctx);
  const before = await findUser(trx, ctx.directoryId, id, true);
  if (!before) throw notFound(id);
  checkIfMatch(ifMatch, before.version);
  const planned = await plan(before);
  const problems: FieldProblem[] = [];
  const cols = mapped(mapping, planned.cols, problems);
  if (identityChanged(before, cols)) await assertUnique(trx, ctx, cols.user_name, cols.external_id, id);
  return withProblems(await writeChange(trx, ctx, before, cols, planned.passwordHash), problems);
}

// Optimistic attempts before taking the row lock: two writers on one user are rare in a sync.
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * PUT and PATCH: read, compute, then one statement writes the row and its events only if the
 * version is still the one read (no BEGIN, no lock, no COMMIT round trips). A concurrent write
 * makes it read again, so If-Match and the events always refer to the row actually replaced.
 */
async function change(db: Executor, ctx: DirectoryContext, id: string, plan: ChangePlan, ifMatch: string | undefined): Promise<WrittenUser> {
  if (db.isTransaction) return changeLocked(db, ctx, id, plan, ifMatch);
  if (!isUuid(id)) throw notFound(id);
  const mapping = await directoryMapping(db, ctx);
  const problems: FieldProblem[] = [];
  // One optimistic write from `before`: the written user, or why there was none. `groups` are those
  // read with `before`; without them (a kept row) the write's statement answers them.
  const attempt = async (before: UserRow, groups: UserGroup[] | undefined): Promise<WrittenUser | 'identity' | 'unchanged' | 'moved'> => {
    const { cols: planned, passwordHash } = await plan(before);
    const cols = mapped(mapping, planned, problems);
    if (identityChanged(before, cols)) return 'identity';
    if (unchanged(before, cols, passwordHash)) return 'unchanged';
    const written = { ...cols, ...(passwordHash ? { password_hash: passwordHash } : {}) };
    const after = await updateUserIfVersion(db, ctx.directoryId, id, before.version, written, changeRows(ctx, before, cols, written, passwordHash), groups === undefined);
    if (!after) return 'moved';
    const { groups: answered, ...row } = after;
    recentUsers.remember(row);
    return withProblems({ ...row, groups: groups ?? answered ?? [] }, problems);
  };
  // The row this process committed last for this user, when the IdP sent no If-Match (an ETag must be
  // checked against the stored row, not a kept one): tried once, before any read. Anything but a
  // write ("nothing changed" is only true of the stored row; identity changes take the locked path)
  // reads the stored row below.
  const kept = ifMatch === undefined ? recentUsers.get(ctx.directoryId, id) : undefined;
  if (kept) {
    const written = await attempt(kept, undefined);
    if (typeof written === 'object') return written;
    recentUsers.forget(ctx.directoryId, id);
  }
  for (let tries = 0; tries < OPTIMISTIC_ATTEMPTS; tries++) {
    const read = await findUserWithGroups(db, ctx.directoryId, id);
    if (!read) throw notFound(id);
    const { groups, ...before } = read;
    checkIfMatch(ifMatch, before.version);
    const written = await attempt(before, groups);
    if (written === 'identity') break;
    if (written === 'unchanged') return withProblems({ ...before, groups }, problems);
    if (written !== 'moved') return written;
  }
  return db.transaction().execute((trx) => changeLocked(trx, ctx, id, plan, ifMatch));
}

/** The event rows of an optimistic write, from the row as it will be if the version still holds. */
function changeRows(ctx: DirectoryContext, before: UserRow, cols: UserColumns, written: UserColumns, passwordHash: string | undefined): NewEvent[] {
  const provisional: UserRow = { ...before, ...written, fields: cols.fields ?? before.fields, version: before.version + 1, updated_at: before.updated_at };
  return changeEvents(ctx, before, provisional, passwordHash !== undefined).map(newEventRow);
}

/** A password is hashed once per request, however many optimistic attempts it takes. */
function passwordHasher(): (password: unknown) => Promise<string | undefined> {
  let last: { plain: string; hash: string } | undefined;
  return async (password) => {
    if (typeof password !== 'string' || password === '') return undefined;
    if (last?.plain !== password) last = { plain: password, hash: await hashPassword(password) };
    return last.hash;
  };
}

/**
 * POST /Users (RFC 7644 §3.3). A create that matches a deprovisioned user (same externalId, or the
 * same userName when none is sent) brings that person back (rehire) instead of making a second one.
 * The common case, nobody matches, is one statement: check, insert and event together.
 */
export async function createUser(db: Executor, ctx: DirectoryContext, input: UserInput): Promise<WrittenUser> {
  const state: UserState = admissionState(ctx, input.resource);
  const mapping = await directoryMapping(db, ctx);
  const problems: FieldProblem[] = [];
  const cols = { ...mapped(mapping, userColumns(input.resource, state), problems), password_hash: input.passwordHash ?? null };
  const id = newId();
  const provisional: UserRow = { id, directory_id: ctx.directoryId, ...cols, fields: cols.fields ?? {}, suspended_until: null, version: 1, created_at: new Date(0), updated_at: new Date(0) };
  // A held user is the IdP's but not yet the app's: the event waits for approval.
  const events = APP_VISIBLE_STATES.has(cols.state) ? [newEventRow(userEvent('user.created', ctx, provisional))] : [];
  const { row, matches } = await insertUserUnlessMatched(db, id, ctx.directoryId, cols, events);
  if (row) {
    // A statement outside a transaction has committed when it returns; inside one (Bulk), it may still roll back.
    if (!db.isTransaction) recentUsers.remember(row);
    return withProblems(row, problems);
  }
  const conflict = matches.find((m) => m.state !== 'deprovisioned');
  if (conflict) throw identityConflict(ctx, conflict, cols);
  const rehired = await (db.isTransaction ? createLocked(db, ctx, input, mapping) : db.transaction().execute((trx) => createLocked(trx, ctx, input, mapping)));
  return withProblems(rehired, problems);
}

function identityConflict(ctx: DirectoryContext, holder: IdentityMatch, cols: UserColumns): RosterError {
  const field = holder.user_name.toLowerCase() === cols.user_name.toLowerCase() ? 'userName' : 'externalId';
  return conflictError(ctx, holder.id, holder.created_at, field, field === 'userName' ? cols.user_name : cols.external_id);
}

/** The rehire path, in a transaction: the candidate is locked and re-checked before it is brought back. */
async function createLocked(trx: Executor, ctx: DirectoryContext, input: UserInput, mapping: CompiledMapping): Promise<UserRow> {
  const cols = mapped(mapping, userColumns(input.resource, admissionState(ctx, input.resource)), []);
  const matches = await findIdentityMatches(trx, ctx.directoryId, cols.user_name, cols.external_id);
  const conflict = matches.find((m) => m.state !== 'deprovisioned');
  if (conflict) throw identityConflict(ctx, conflict, cols);
  const candidate = matches.filter((m) => m.state === 'deprovisioned').sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime())[0];
  const former = candidate ? await lockDeprovisionedUser(trx, candidate.id) : undefined;
  if (former) {
    const after = await updateUser(trx, former.id, { ...cols, password_hash: input.passwordHash ?? former.password_hash });
    if (APP_VISIBLE_STATES.has(after.state)) await recordEvents(trx, [userEvent('user.reactivated', ctx, after, { rehired: true })]);
    return after;
  }
  const row = await insertUser(trx, newId(), ctx.directoryId, { ...cols, password_hash: input.passwordHash ?? null });
  if (APP_VISIBLE_STATES.has(row.state)) await recordEvents(trx, [userEvent('user.created', ctx, row)]);
  return row;
}

/** PUT /Users/{id} (RFC 7644 §3.5.1): replaces every attribute; an omitted password or active keeps its value. */
export async function replaceUser(db: Executor, ctx: DirectoryContext, id: string, input: UserInput, ifMatch?: string): Promise<WrittenUser> {
  const plan: ChangePlan = async (before) => {
    const resource = { ...input.resource };
    // Okta's AIW apps PUT without `active`; treating that as false would suspend users by accident.
    if (resource.active === undefined) resource.active = before.active;
    return { cols: userColumns(resource, before.state as UserState), passwordHash: input.passwordHash };
  };
  return change(db, ctx, id, plan, ifMatch);
}

/** PATCH /Users/{id} (RFC 7644 §3.5.2): all operations apply, or none. */
export async function patchUser(db: Executor, ctx: DirectoryContext, id: string, ops: PatchOperation[], ifMatch?: string): Promise<WrittenUser> {
  const hash = passwordHasher();
  const plan: ChangePlan = async (before) => {
    const patched = applyPatch(ctx.resources.User, { ...before.resource }, ops).resource;
    // A directory that keeps no passwords drops a PATCHed one as it drops a POSTed one.
    const passwordHash = ctx.storePasswords ? await hash(patched.password) : undefined;
    if (typeof patched.userName !== 'string' || patched.userName === '') {
      throw new RosterError('invalid_value', 'userName is required and cannot be removed', { attribute: 'userName', resourceId: id });
    }
    return { cols: userColumns(patched, before.state as UserState), passwordHash };
  };
  return change(db, ctx, id, plan, ifMatch);
}

/**
 * DELETE /Users/{id} (RFC 7644 §3.6). The directory's rule decides: `deactivate` keeps the record,
 * deprovisioned and hidden from SCIM (404 afterwards); `delete` removes it after its event is written.
 * Either way the user leaves every group.
 */
export async function deleteUser(trx: Executor, ctx: DirectoryContext, id: string, ifMatch?: string): Promise<void> {
  const before = await findUser(trx, ctx.directoryId, id, true);
  if (!before) throw notFound(id);
  checkIfMatch(ifMatch, before.version);
  const events = await leaveAllGroups(trx, ctx, id, 'User');
  const known = APP_VISIBLE_STATES.has(before.state);
  if (ctx.deprovisionRule === 'delete') {
    const last = { ...before, version: before.version + 1, active: false };
    if (known) events.push(userEvent('user.deleted', ctx, last, { retained: false }));
    await recordEvents(trx, events);
    // The tombstone keeps the last version, so a late or repeated event cannot bring the user back.
    await insertTombstone(trx, { objectType: 'user', objectId: id, directoryId: ctx.directoryId, organizationId: ctx.organizationId, version: last.version });
    await deleteUserRow(trx, id);
    return;
  }
  const after = await setUserState(trx, id, 'deprovisioned', false);
  if (known) events.push(userEvent('user.deleted', ctx, after, { retained: true }));
  await recordEvents(trx, events);
}
