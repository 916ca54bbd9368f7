// Reads users and groups as SCIM views: by id, and as filtered, sorted, paged lists.
import { randomUUID } from 'node:crypto';
import { RosterError } from '../errors.ts';
import { isUuid } from '../lib/ids.ts';
import type { ListParams } from '../scim/list/list-params.ts';
import type { ResourceSchema } from '../scim/schema/attribute.ts';
import type { GroupRow, UserRow } from '../store/database.ts';
import { findGroup } from '../store/group-repository.ts';
import { countMembersOfGroups, groupsOfUsers, listMembers, listMembersOfGroups, openMemberCursor, type MemberRow, type MemberType } from '../store/membership-repository.ts';
import type { Executor } from '../store/organization-repository.ts';
import { countResources, pageResources } from '../store/resource-query.ts';
import { findUser } from '../store/user-repository.ts';
import type { DirectoryContext } from './directory-context.ts';
import { groupView, groupViewWithMembersAt } from './groups/group-view.ts';
import { userView } from './users/user-view.ts';

export type View = Record<string, unknown>;

/** Which computed attributes a response needs: skipping them skips their queries. */
export interface ViewNeeds {
  /** User `groups` / Group `members`. */
  related: boolean;
  /**
   * A list whose groups hold MEMBER_CHUNK members or more between them leaves a token where each
   * group's members go (ListResult.deferred) instead of reading them into the views.
   */
  deferLarge?: boolean;
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

/**
 * A group with its members if they are fewer than a chunk (the common case: two statements, no
 * transaction); `members` undefined when there are more, to be walked with openGroupRead.
 */
export async function readSmallGroup(db: Executor, ctx: DirectoryContext, id: string): Promise<{ row: GroupRow; members: MemberRow[] | undefined }> {
  const row = isUuid(id) ? await findGroup(db, ctx.directoryId, id) : undefined;
  if (!row) throw new RosterError('not_found', `Group ${id} not found`, { resourceId: id });
  const members = await listMembers(db, row.id, MEMBER_CHUNK);
  return { row, members: members.length < MEMBER_CHUNK ? members : undefined };
}

/** Members fetched per round trip when a group's members are walked rather than read at once. */
export const MEMBER_CHUNK = 1000;

/** One read-only snapshot in which groups' members are walked, chunk by chunk, one group at a time. */
export interface MembersSnapshot {
  members(groupId: string, chunk?: number): AsyncGenerator<MemberRow[]>;
  /** Ends the snapshot (and its connection's hold); safe to call more than once. */
  close(): Promise<void>;
}

export async function openMembersSnapshot(db: Executor): Promise<MembersSnapshot & { trx: Executor }> {
  const trx = await db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  let closed = false;
  return {
    trx,
    async *members(groupId, chunk = MEMBER_CHUNK) {
      const cursor = await openMemberCursor(trx, groupId);
      for (;;) {
        const rows = await cursor.fetch(chunk);
        if (rows.length > 0) yield rows;
        if (rows.length < chunk) break;
      }
      await cursor.close();
    },
    async close() {
      if (closed) return;
      closed = true;
      await trx.rollback().execute();
    },
  };
}

export interface GroupRead {
  row: GroupRow;
  /** The first chunk of members; fewer than the chunk size means these are all of them. */
  first: MemberRow[];
  /** The chunks after the first, in order, from the same snapshot. */
  rest: AsyncIterable<MemberRow[]>;
  close(): Promise<void>;
}

/**
 * A group and its members in one read-only snapshot, the members through a cursor: a group of
 * 100,000 goes out chunk by chunk instead of as one array (and one 20 MB string).
 */
export async function openGroupRead(db: Executor, ctx: DirectoryContext, id: string, chunk = MEMBER_CHUNK): Promise<GroupRead> {
  if (!isUuid(id)) throw new RosterError('not_found', `Group ${id} not found`, { resourceId: id });
  const snapshot = await openMembersSnapshot(db);
  try {
    const row = await findGroup(snapshot.trx, ctx.directoryId, id);
    if (!row) throw new RosterError('not_found', `Group ${id} not found`, { resourceId: id });
    const members = snapshot.members(row.id, chunk);
    const first = (await members.next()).value ?? [];
    return { row, first, rest: { [Symbol.asyncIterator]: () => members }, close: snapshot.close };
  } catch (error) {
    await snapshot.close();
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
  /** Groups whose members are to be walked (openMembersSnapshot) and written where their token is. */
  deferred?: { token: string; groupId: string }[];
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
  let deferred: ListResult['deferred'];
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
    // Up to a chunk of members in all, one statement reads them; past that (rare), a count tells
    // which groups have members, and those are walked and written in place (ListResult.deferred).
    const members = needs.related ? await listMembersOfGroups(db, ids, needs.deferLarge ? MEMBER_CHUNK : undefined) : undefined;
    if (needs.related && !members) {
      const counts = await countMembersOfGroups(db, ids);
      const later: NonNullable<ListResult['deferred']> = [];
      views = rows.map((row) => {
        if (!counts.has(row.id)) return groupView(row, undefined, ctx);
        const token = `roster-members-${randomUUID()}`;
        later.push({ token, groupId: row.id });
        return groupViewWithMembersAt(row, token, ctx);
      });
      deferred = later;
    } else {
      views = rows.map((row) => groupView(row, members?.get(row.id), ctx));
    }
  }
  let nextCursor: string | undefined;
  if (cursor && more) {
    nextCursor = params.sortBy ? encodeCursor({ o: offset + ids.length }) : encodeCursor({ a: ids[ids.length - 1] as string });
  }
  return { total, views, startIndex: cursor ? offset + 1 : params.startIndex, nextCursor, ...(deferred ? { deferred } : {}) };
}

