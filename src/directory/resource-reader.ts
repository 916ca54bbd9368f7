// Reads users and groups as SCIM views: by id, and as filtered, sorted, paged lists.
import { RosterError } from '../errors.ts';
import { isUuid } from '../lib/ids.ts';
import type { ListParams } from '../scim/list/list-params.ts';
import type { ResourceSchema } from '../scim/schema/attribute.ts';
import type { GroupRow, UserRow } from '../store/database.ts';
import { findGroup } from '../store/group-repository.ts';
import { groupsOfUsers, listMembers, listMembersOfGroups, openMemberCursor, type MemberRow, type MemberType } from '../store/membership-repository.ts';
import type { Executor } from '../store/organization-repository.ts';
import { countResources, pageResources } from '../store/resource-query.ts';
import { findUser } from '../store/user-repository.ts';
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

/** Members fetched per round trip when a group's members are walked rather than read at once. */
export const MEMBER_CHUNK = 1000;

export interface GroupRead {
  row: GroupRow;
  /** The first chunk of members; fewer than the chunk size means these are all of them. */
  first: MemberRow[];
  /** The chunks after the first, in order, from the same snapshot. */
  rest(): AsyncGenerator<MemberRow[]>;
  /** Ends the snapshot (and its connection's hold); call it once, whatever happened. */
  close(): Promise<void>;
}

/**
 * A group and its members in one read-only snapshot, the members through a cursor: a group of
 * 100,000 goes out chunk by chunk instead of as one array (and one 20 MB string).
 */
export async function openGroupRead(db: Executor, ctx: DirectoryContext, id: string, chunk = MEMBER_CHUNK): Promise<GroupRead> {
  if (!isUuid(id)) throw new RosterError('not_found', `Group ${id} not found`, { resourceId: id });
  const trx = await db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await trx.rollback().execute();
  };
  try {
    const row = await findGroup(trx, ctx.directoryId, id);
    if (!row) throw new RosterError('not_found', `Group ${id} not found`, { resourceId: id });
    const fetch = await openMemberCursor(trx, row.id);
    const first = await fetch(chunk);
    async function* rest(): AsyncGenerator<MemberRow[]> {
      let last = first.length;
      while (last === chunk) {
        const next = await fetch(chunk);
        last = next.length;
        if (last > 0) yield next;
      }
    }
    return { row, first, rest, close };
  } catch (error) {
    await close();
    throw error;
  }
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
  throw new RosterError('invalid_cursor', `The cursor "${text.slice(0, 40)}" is not one this server issued`, {
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
    scimBaseUrl: ctx.scimBaseUrl,
    filter: params.filter,
    sortBy: params.sortBy,
    descending: params.descending,
    offset: cursor?.a ? 0 : offset,
    // RFC 9865: nextCursor is absent only on the last page, so a cursor page reads one row
    // ahead to tell a full last page from one with more after it.
    limit: cursor ? params.count + 1 : params.count,
    afterId: params.sortBy ? undefined : cursor?.a,
  };
  if (params.count === 0) return { total: await countResources(db, rs, query), views: [], startIndex: params.startIndex };
  let total: number;
  let views: View[];
  let ids: string[];
  let more: boolean;
  if (rs.type === 'User') {
    const page = await pageResources<UserRow>(db, rs, query, needs.related);
    total = page.total;
    more = page.rows.length > params.count;
    const rows = page.rows.slice(0, params.count);
    ids = rows.map((r) => r.id);
    views = rows.map((row) => userView(row, needs.related ? (row.related ?? []).map((g) => ({ value: g.value, display: g.display, type: g.type as MemberType })) : undefined, ctx));
  } else {
    const page = await pageResources<GroupRow>(db, rs, query, false);
    total = page.total;
    more = page.rows.length > params.count;
    const rows = page.rows.slice(0, params.count);
    ids = rows.map((r) => r.id);
    const members = needs.related ? await listMembersOfGroups(db, ids) : undefined;
    views = rows.map((row) => groupView(row, members?.get(row.id), ctx));
  }
  let nextCursor: string | undefined;
  if (cursor && more) {
    nextCursor = params.sortBy ? encodeCursor({ o: offset + ids.length }) : encodeCursor({ a: ids[ids.length - 1] as string });
  }
  return { total, views, startIndex: cursor ? offset + 1 : params.startIndex, nextCursor };
}

