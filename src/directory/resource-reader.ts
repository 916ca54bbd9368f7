// Reads users and groups as SCIM views: by id, and as filtered, sorted, paged lists.
import { RosterError } from '../errors.ts';
import { isUuid } from '../lib/ids.ts';
import type { ListParams } from '../scim/list/list-params.ts';
import type { ResourceSchema } from '../scim/schema/attribute.ts';
import type { GroupRow, UserRow } from '../store/database.ts';
import { findGroup, findGroupsByIds } from '../store/group-repository.ts';
import { groupsOfUsers, listMembers } from '../store/membership-repository.ts';
import type { Executor } from '../store/organization-repository.ts';
import { countResources, pageResourceIds } from '../store/resource-query.ts';
import { findUser, findUsersByIds } from '../store/user-repository.ts';
import type { DirectoryContext } from './directory-context.ts';
import { groupView } from './groups/group-view.ts';
import { userView } from './users/user-view.ts';

export type View = Record<string, unknown>;

/** Which computed attributes a response needs: skipping them skips their queries. */
export interface ViewNeeds {
  /** User `groups` / Group `members`. */
  related: boolean;
}

export async function readUser(db: Executor, ctx: DirectoryContext, id: string, needs: ViewNeeds): Promise<{ row: UserRow; view: View }> {
  const row = isUuid(id) ? await findUser(db, ctx.directoryId, id) : undefined;
  if (!row) throw new RosterError('not_found', `User ${id} not found`, { resourceId: id });
  const groups = needs.related ? (await groupsOfUsers(db, [row.id])).get(row.id) ?? [] : undefined;
  return { row, view: userView(row, groups, ctx) };
}

export async function readGroup(db: Executor, ctx: DirectoryContext, id: string, needs: ViewNeeds): Promise<{ row: GroupRow; view: View }> {
  const row = isUuid(id) ? await findGroup(db, ctx.directoryId, id) : undefined;
  if (!row) throw new RosterError('not_found', `Group ${id} not found`, { resourceId: id });
  const members = needs.related ? await listMembers(db, row.id) : undefined;
  return { row, view: groupView(row, members, ctx) };
}

/** The view of rows already read (after a write), with related attributes when needed. */
export async function viewOfUser(db: Executor, ctx: DirectoryContext, row: UserRow, needs: ViewNeeds): Promise<View> {
  const groups = needs.related ? (await groupsOfUsers(db, [row.id])).get(row.id) ?? [] : undefined;
  return userView(row, groups, ctx);
}

export async function viewOfGroup(db: Executor, ctx: DirectoryContext, row: GroupRow, needs: ViewNeeds): Promise<View> {
  return groupView(row, needs.related ? await listMembers(db, row.id) : undefined, ctx);
}

interface CursorState {
  /** Last id of the previous page (default order): keyset, any depth at index speed. */
  a?: string;
  /** Offset (sorted lists). */
  o?: number;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(text: string): CursorState {
  if (text === '') return {};
  try {
    const state = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorState;
    if (state && typeof state === 'object' && (state.a === undefined || isUuid(state.a)) && (state.o === undefined || Number.isInteger(state.o))) return state;
  } catch {
    // fall through to the error below
  }
  throw new RosterError('invalid_value', `The cursor "${text.slice(0, 40)}" is not one this server issued`, {
    attribute: 'cursor',
    hint: 'Start again with an empty cursor and follow nextCursor from each response.',
  });
}

export interface ListResult {
  total: number;
  views: View[];
  startIndex: number;
  nextCursor?: string | undefined;
}

/** A page of users or groups (RFC 7644 §3.4.2.4 index paging, RFC 9865 cursor paging). */
export async function listResources(db: Executor, ctx: DirectoryContext, rs: ResourceSchema, params: ListParams, needs: ViewNeeds): Promise<ListResult> {
  const cursor = params.cursor !== undefined ? decodeCursor(params.cursor) : undefined;
  const offset = cursor ? cursor.o ?? 0 : params.startIndex - 1;
  const query = {
    directoryId: ctx.directoryId,
    filter: params.filter,
    sortBy: params.sortBy,
    descending: params.descending,
    offset: cursor?.a ? 0 : offset,
    limit: params.count,
    afterId: params.sortBy ? undefined : cursor?.a,
  };
  const total = await countResources(db, rs, query);
  if (params.count === 0) return { total, views: [], startIndex: params.startIndex };
  const ids = await pageResourceIds(db, rs, query);
  const views = rs.type === 'User' ? await userViews(db, ctx, ids, needs) : await groupViews(db, ctx, ids, needs);
  let nextCursor: string | undefined;
  if (cursor && ids.length === params.count) {
    nextCursor = params.sortBy ? encodeCursor({ o: offset + ids.length }) : encodeCursor({ a: ids[ids.length - 1] as string });
  }
  return { total, views, startIndex: cursor ? offset + 1 : params.startIndex, nextCursor };
}

async function userViews(db: Executor, ctx: DirectoryContext, ids: string[], needs: ViewNeeds): Promise<View[]> {
  const rows = new Map((await findUsersByIds(db, ctx.directoryId, ids)).map((r) => [r.id, r]));
  const groups = needs.related ? await groupsOfUsers(db, ids) : undefined;
  return ids.flatMap((id) => {
    const row = rows.get(id);
    return row ? [userView(row, groups ? groups.get(id) ?? [] : undefined, ctx)] : [];
  });
}

async function groupViews(db: Executor, ctx: DirectoryContext, ids: string[], needs: ViewNeeds): Promise<View[]> {
  const rows = new Map((await findGroupsByIds(db, ctx.directoryId, ids)).map((r) => [r.id, r]));
  const views: View[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    if (row) views.push(groupView(row, needs.related ? await listMembers(db, id) : undefined, ctx));
  }
  return views;
}
