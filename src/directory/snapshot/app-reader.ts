// Reads a directory's users, groups and members as the app sees them (AppUser, AppGroup), in keyset pages.
import { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Filter } from '../../scim/filter/filter-ast.ts';
import { parseFilter } from '../../scim/filter/filter-parser.ts';
import type { DirectoryRow } from '../../store/database.ts';
import { findGroup, findGroupsByIds } from '../../store/group-repository.ts';
import { groupsOfUsers } from '../../store/membership-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { findDirectoryUser, pageDirectoryGroups, pageDirectoryUsers, pageGroupMembers } from '../../store/read-repository.ts';
import { findUsersByIds } from '../../store/user-repository.ts';
import { appGroup, type AppGroup } from '../groups/group-app-view.ts';
import { resourcesOfDirectory } from '../schemas/schema-cache.ts';
import { appUser, type AppUser } from '../users/user-app-view.ts';

export const USER_STATES = ['active', 'suspended', 'deprovisioned', 'held', 'refused'] as const;

export interface PageInput {
  after: string | undefined;
  limit: number;
}

export interface Page<T> {
  data: T[];
  /** The last id of this page when more follow, else null. */
  nextCursor: string | null;
}

/** `limit` (1–1000, default 100) and the `after` cursor (the id a previous page ended on). */
export function parsePageInput(query: Record<string, unknown>): PageInput {
  const raw = query.limit ?? '100';
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RosterError('invalid_value', 'limit must be a whole number from 1 to 1000', { attribute: 'limit' });
  }
  const after = typeof query.after === 'string' && query.after !== '' ? query.after : undefined;
  if (after !== undefined && !isUuid(after)) {
    throw new RosterError('invalid_cursor', `after "${after.slice(0, 40)}" is not a cursor this API returned`, {
      attribute: 'after',
      hint: 'Pass the nextCursor of the previous page, or leave after out to start from the beginning.',
    });
  }
  return { limit, after: after?.toLowerCase() };
}

/** The SCIM filter of `filter=`, parsed by the protocol core (invalid_filter on error). */
export function parseFilterParam(query: Record<string, unknown>): Filter | undefined {
  return typeof query.filter === 'string' && query.filter.trim() !== '' ? parseFilter(query.filter) : undefined;
}

/** `state=active,suspended` (or repeated); every state when absent. */
export function parseStates(query: Record<string, unknown>): string[] | undefined {
  const raw = query.state === undefined ? [] : Array.isArray(query.state) ? query.state : [query.state];
  const states = raw.flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean);
  const bad = states.find((s) => !(USER_STATES as readonly string[]).includes(s));
  if (bad !== undefined) throw new RosterError('invalid_value', `state "${bad}" is not one of ${USER_STATES.join(', ')}`, { attribute: 'state' });
  return states.length > 0 ? states : undefined;
}

/** Reads one row more than asked, so the last page says so (nextCursor null) without an empty page after it. */
function toPage<R extends { id: string }, T>(rows: R[], limit: number, render: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { data: kept.map(render), nextCursor: more ? (kept[kept.length - 1]?.id ?? null) : null };
}

export async function listAppUsers(
  db: Executor,
  dir: DirectoryRow,
  q: PageInput & { filter?: Filter | undefined; states?: string[] | undefined; scimBaseUrl?: string },
): Promise<Page<AppUser>> {
  const rs = q.filter ? (await resourcesOfDirectory(db, dir.id, dir.schemas_version)).User : undefined;
  const rows = await pageDirectoryUsers(db, { directoryId: dir.id, afterId: q.after, limit: q.limit + 1, filter: q.filter, states: q.states, scimBaseUrl: q.scimBaseUrl, rs });
  return toPage(rows, q.limit, (r) => appUser(r, dir.organization_id));
}

export interface UserGroupRef {
  id: string;
  displayName: string | null;
  /** direct, or indirect through a nested group. */
  membership: 'direct' | 'indirect';
}

/** One user in any state, with every group it belongs to, directly or through nesting. */
export async function getAppUser(db: Executor, dir: DirectoryRow, userId: string): Promise<AppUser & { groups: UserGroupRef[] }> {
  const row = isUuid(userId) ? await findDirectoryUser(db, dir.id, userId) : undefined;
  if (!row) throw new RosterError('not_found', `User ${userId} not found in directory ${dir.id}`, { resourceId: userId });
  const groups = (await groupsOfUsers(db, [row.id])).get(row.id) ?? [];
  return {
    ...appUser(row, dir.organization_id),
    groups: groups.map((g) => ({ id: g.value, displayName: g.display, membership: String(g.type) === 'direct' ? 'direct' : 'indirect' })),
  };
}

export async function listAppGroups(db: Executor, dir: DirectoryRow, q: PageInput & { filter?: Filter | undefined; scimBaseUrl?: string }): Promise<Page<AppGroup>> {
  const rs = q.filter ? (await resourcesOfDirectory(db, dir.id, dir.schemas_version)).Group : undefined;
  const rows = await pageDirectoryGroups(db, { directoryId: dir.id, afterId: q.after, limit: q.limit + 1, filter: q.filter, scimBaseUrl: q.scimBaseUrl, rs });
  return toPage(rows, q.limit, (r) => appGroup(r, dir.organization_id));
}

export async function getAppGroup(db: Executor, dir: DirectoryRow, groupId: string): Promise<AppGroup> {
  const row = await findGroup(db, dir.id, groupId);
  if (!row) throw new RosterError('not_found', `Group ${groupId} not found in directory ${dir.id}`, { resourceId: groupId });
  return appGroup(row, dir.organization_id);
}

export interface AppMember {
  object: 'member';
  groupId: string;
  /** The member's id; also the page cursor. */
  id: string;
  type: 'User' | 'Group';
  user?: AppUser;
  group?: AppGroup;
}

/** One page of a group's direct members, each with its AppUser or AppGroup. */
export async function listAppMembers(db: Executor, dir: DirectoryRow, groupId: string, q: PageInput): Promise<Page<AppMember>> {
  await getAppGroup(db, dir, groupId);
  const rows = await pageGroupMembers(db, groupId, q.after, q.limit + 1);
  const kept = rows.slice(0, q.limit);
  const users = new Map((await findUsersByIds(db, dir.id, kept.filter((m) => m.member_type === 'User').map((m) => m.member_id))).map((u) => [u.id, u]));
  const groups = new Map((await findGroupsByIds(db, dir.id, kept.filter((m) => m.member_type === 'Group').map((m) => m.member_id))).map((g) => [g.id, g]));
  return toPage(
    rows.map((m) => ({ ...m, id: m.member_id })),
    q.limit,
    (m): AppMember => {
      const user = users.get(m.member_id);
      const group = groups.get(m.member_id);
      return {
        object: 'member',
        groupId,
        id: m.member_id,
        type: m.member_type,
        ...(user ? { user: appUser(user, dir.organization_id) } : {}),
        ...(group ? { group: appGroup(group, dir.organization_id) } : {}),
      };
    },
  );
}
