// Group rules: create, replace, patch, delete; members go to the membership table with their events.
import { RosterError } from '../../errors.ts';
import { recordEvents, type DomainEvent } from '../../events/event-writer.ts';
import { newId } from '../../lib/ids.ts';
import { checkIfMatch } from '../../scim/etag.ts';
import { applyPatch } from '../../scim/patch/patch-engine.ts';
import type { MemberRef, PatchOperation } from '../../scim/patch/patch-types.ts';
import type { GroupRow } from '../../store/database.ts';
import { deleteGroupRow, findGroup, findGroupByExternalId, groupUpdateSql, insertGroup, type GroupColumns } from '../../store/group-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { insertTombstone } from '../../store/tombstone-repository.ts';
import { changedAttributes } from '../users/user-columns.ts';
import type { DirectoryContext } from '../directory-context.ts';
import { applyMemberChanges, leaveAllGroups } from './member-changes.ts';
import { appGroup } from './group-app-view.ts';
import { pushUsers } from './member-push.ts';

function notFound(id: string): RosterError {
  return new RosterError('not_found', `Group ${id} not found`, { resourceId: id, hint: 'The group may have been deleted; search by displayName or externalId.' });
}

/** Splits a normalised group into stored columns and its member list (kept in the table, not the JSON). */
export function splitGroup(resource: Record<string, unknown>): { cols: GroupColumns; members: MemberRef[] | undefined } {
  const { members, id: _id, meta: _meta, ...stored } = resource;
  const displayName = stored.displayName;
  if (typeof displayName !== 'string' || displayName === '') {
    throw new RosterError('invalid_value', 'displayName is required for a group', { attribute: 'displayName', hint: 'Send the group name as displayName.' });
  }
  return {
    cols: { display_name: displayName, external_id: typeof stored.externalId === 'string' ? stored.externalId : null, resource: stored },
    members: Array.isArray(members) ? (members as MemberRef[]) : undefined,
  };
}

async function assertExternalIdFree(trx: Executor, ctx: DirectoryContext, externalId: string | null, exceptId?: string): Promise<void> {
  if (externalId === null) return;
  const other = await findGroupByExternalId(trx, ctx.directoryId, externalId, exceptId);
  if (other) {
    throw new RosterError('uniqueness', `externalId "${externalId}" already belongs to group ${other}`, {
      attribute: 'externalId',
      resourceId: other,
      hint: 'Match the existing group by externalId instead of creating a second one.',
    });
  }
}

function groupEvent(type: string, ctx: DirectoryContext, row: GroupRow, extra: Record<string, unknown> = {}): DomainEvent {
  return {
    type,
    organizationId: ctx.organizationId,
    directoryId: ctx.directoryId,
    objectId: row.id,
    objectVersion: row.version,
    data: { group: appGroup(row, ctx.organizationId), ...extra },
  };
}

/** POST /Groups (RFC 7644 §3.3); members must already exist in the directory. */
export async function createGroup(trx: Executor, ctx: DirectoryContext, resource: Record<string, unknown>): Promise<GroupRow> {
  const { cols, members } = splitGroup(resource);
  await assertExternalIdFree(trx, ctx, cols.external_id);
  const row = await insertGroup(trx, newId(), ctx.directoryId, cols);
  const memberEvents = members && members.length > 0 ? await applyMemberChanges(trx, ctx, row.id, [{ kind: 'add', members }], cols.display_name) : [];
  await recordEvents(trx, [groupEvent('group.created', ctx, row), ...withVersion(memberEvents, row)]);
  return row;
}

/** The group's own member events carry its version after the change; an ancestor's keep theirs. */
function withVersion(events: DomainEvent[], row: GroupRow): DomainEvent[] {
  return events.map((e) => (e.objectId === row.id ? { ...e, objectVersion: row.version } : e));
}

async function finishUpdate(trx: Executor, ctx: DirectoryContext, before: GroupRow, cols: GroupColumns | undefined, memberEvents: DomainEvent[]): Promise<GroupRow> {
  const changes = cols ? changedAttributes(before.resource, cols.resource) : {};
  const attributesChanged = Object.keys(changes).length > 0;
  if (!attributesChanged && memberEvents.length === 0) return before;
  // `before` was read under the row lock: the row after the update is known without reading it
  // back, and the update travels with the events (one round trip).
  const after: GroupRow = { ...before, ...(attributesChanged ? cols : {}), version: before.version + 1, updated_at: new Date() };
  const events = attributesChanged ? [groupEvent('group.updated', ctx, after, { previous: changes })] : [];
  await recordEvents(trx, [...events, ...withVersion(memberEvents, after)], groupUpdateSql(before.id, attributesChanged ? cols : undefined, after.updated_at));
  return after;
}

/** PUT /Groups/{id} (RFC 7644 §3.5.1): the member list given replaces the stored one; none given clears it. */
export async function replaceGroup(trx: Executor, ctx: DirectoryContext, id: string, resource: Record<string, unknown>, ifMatch?: string): Promise<GroupRow> {
  const before = await findGroup(trx, ctx.directoryId, id, true);
  if (!before) throw notFound(id);
  checkIfMatch(ifMatch, before.version);
  const { cols, members } = splitGroup(resource);
  // An unchanged externalId was checked when it was set: no lookup on every member PATCH.
  if (cols.external_id !== before.external_id) await assertExternalIdFree(trx, ctx, cols.external_id, id);
  const memberEvents = await applyMemberChanges(trx, ctx, id, [{ kind: 'replace', members: members ?? [] }], cols.display_name);
  return finishUpdate(trx, ctx, before, cols, memberEvents);
}

/**
 * PATCH /Groups/{id} (RFC 7644 §3.5.2): attribute changes and member changes, all or none. Given
 * the database rather than a transaction, the common push of users runs as its one statement on its
 * own (begin and commit were two of its three round trips); anything else takes a transaction.
 */
export async function patchGroup(db: Executor, ctx: DirectoryContext, id: string, ops: PatchOperation[], ifMatch?: string): Promise<GroupRow> {
  const pushed = await pushUsers(db, ctx, id, ops, ifMatch);
  if (pushed) return pushed;
  if (db.isTransaction) return patchGroupIn(db, ctx, id, ops, ifMatch);
  return db.transaction().execute((trx) => patchGroupIn(trx, ctx, id, ops, ifMatch));
}

async function patchGroupIn(trx: Executor, ctx: DirectoryContext, id: string, ops: PatchOperation[], ifMatch?: string): Promise<GroupRow> {
  const before = await findGroup(trx, ctx.directoryId, id, true);
  if (!before) throw notFound(id);
  checkIfMatch(ifMatch, before.version);
  const result = applyPatch(ctx.resources.Group, { ...before.resource }, ops);
  const { cols } = splitGroup(result.resource);
  // An unchanged externalId was checked when it was set: no lookup on every member PATCH.
  if (cols.external_id !== before.external_id) await assertExternalIdFree(trx, ctx, cols.external_id, id);
  const memberEvents = await applyMemberChanges(trx, ctx, id, result.memberChanges, cols.display_name);
  return finishUpdate(trx, ctx, before, cols, memberEvents);
}

/**
 * DELETE /Groups/{id} (RFC 7644 §3.6): the group and its memberships go; the members stay. Groups
 * that held this one as a nested member lose it, with their own member_removed events.
 */
export async function deleteGroup(trx: Executor, ctx: DirectoryContext, id: string, ifMatch?: string): Promise<void> {
  const before = await findGroup(trx, ctx.directoryId, id, 'delete');
  if (!before) throw notFound(id);
  checkIfMatch(ifMatch, before.version);
  const parentEvents = await leaveAllGroups(trx, ctx, id, 'Group');
  await recordEvents(trx, [...parentEvents, groupEvent('group.deleted', ctx, { ...before, version: before.version + 1 })]);
  await insertTombstone(trx, { objectType: 'group', objectId: id, directoryId: ctx.directoryId, organizationId: ctx.organizationId, version: before.version + 1 });
  await deleteGroupRow(trx, id);
}
