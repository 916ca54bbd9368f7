// Groups with their members, when there are many: the JSON is written as the members come from the
// database, so serving 100,000 members never holds them as one array or one string.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { memberJson, groupView, groupViewWithMembersAt } from '../../directory/groups/group-view.ts';
import { MEMBER_CHUNK, openGroupRead, openMembersSnapshot, readSmallGroup, type ListResult } from '../../directory/resource-reader.ts';
import type { DirectoryContext } from '../../directory/directory-context.ts';
import { etagMatches, formatETag } from '../../scim/etag.ts';
import type { AttrPath } from '../../scim/filter/filter-ast.ts';
import { projectResource } from '../../scim/resource/projection.ts';
import type { MemberRow } from '../../store/membership-repository.ts';
import type { Db } from '../../store/db.ts';
import { SCIM_MEDIA_TYPE, sendScim } from './scim-reply.ts';

/**
 * Beyond this much JSON waiting for a slow client, the next chunk waits for it to drain (holding the
 * read's snapshot and its connection); below it, the database is never held for the client's sake.
 * Where waiting is off (PGlite: one connection for all), the rest waits in memory instead.
 */
const MAX_BUFFERED = 4 * 1024 * 1024;

/** A client that reads nothing for this long gives its connection back: the response is cut. */
const STALLED_MS = 30_000;

interface Projection {
  attributes: AttrPath[];
  excludedAttributes: AttrPath[];
}

/** How a stream waits for its client: the defaults above; tests make them small. */
export interface StreamLimits {
  /** Unread JSON past which the next chunk waits (Infinity: never wait). */
  maxBuffered: number;
  stalledMs: number;
}

/** One group's members, to be written where `token` stands in the JSON. */
export interface Part {
  token: string;
  chunks: AsyncIterable<MemberRow[]>;
}

/** Members asked for whole: a request naming `members.value` or the like goes the ordinary way. */
export function membersWhole(p: Projection): boolean {
  return ![...p.attributes, ...p.excludedAttributes].some((a) => a.attr.toLowerCase() === 'members' && a.sub !== undefined);
}

/** Each member as the projection shows members (its sub-attributes, in its order), as JSON. */
function memberWriter(ctx: DirectoryContext, p: Projection): (m: MemberRow) => string {
  const rs = ctx.resources.Group;
  const one = memberJson({ value: '00000000-0000-0000-0000-000000000000', type: 'User', display: 'x' }, ctx);
  const sample = projectResource(rs, { schemas: [rs.core.id], members: [one] }, p).members as Record<string, unknown>[] | undefined;
  const keys = Object.keys(sample?.[0] ?? {});
  return (m) => {
    const full = memberJson(m, ctx);
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = full[k];
    return JSON.stringify(out);
  };
}

/** GET /Groups/{id} with its members: read at once below a chunk, streamed from a snapshot above. */
export async function sendGroupWithMembers(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  p: Projection,
  ifNoneMatch: string | undefined,
  waitForSlowClients: boolean,
): Promise<FastifyReply> {
  const ctx = request.scim.ctx;
  const rs = ctx.resources.Group;
  const small = await readSmallGroup(db, ctx, id);
  const notModified = (version: number) => ifNoneMatch !== undefined && ifNoneMatch !== '' && etagMatches(ifNoneMatch, version);
  if (small.members) {
    const etag = formatETag(small.row.version);
    if (notModified(small.row.version)) return reply.code(304).header('etag', etag).send();
    return sendScim(reply, 200, projectResource(rs, groupView(small.row, small.members, ctx), p), { etag });
  }
  const read = await openGroupRead(db, ctx, id);
  let handedOff = false;
  try {
    const etag = formatETag(read.row.version);
    if (notModified(read.row.version)) return reply.code(304).header('etag', etag).send();
    // Members removed since the first look: the ordinary answer, byte for byte.
    if (read.first.length < MEMBER_CHUNK) return sendScim(reply, 200, projectResource(rs, groupView(read.row, read.first, ctx), p), { etag });
    const token = `roster-members-${randomUUID()}`;
    const json = JSON.stringify(projectResource(rs, groupViewWithMembersAt(read.row, token, ctx), p));
    const chunks = (async function* () {
      yield read.first;
      yield* read.rest;
    })();
    handedOff = true;
    return streamJson(request, reply, json, [{ token, chunks }], memberWriter(ctx, p), read.close, limitsFor(waitForSlowClients), { etag });
  } finally {
    if (!handedOff) await read.close();
  }
}

/** A ListResponse whose groups' members were deferred (ListResult.deferred): walked in one snapshot. */
export async function sendListWithMembers(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  deferred: NonNullable<ListResult['deferred']>,
  p: Projection,
  waitForSlowClients: boolean,
): Promise<FastifyReply> {
  const snapshot = await openMembersSnapshot(db);
  const parts = deferred.map(({ token, groupId }) => ({ token, chunks: { [Symbol.asyncIterator]: () => snapshot.members(groupId) } }));
  return streamJson(request, reply, JSON.stringify(body), parts, memberWriter(request.scim.ctx, p), snapshot.close, limitsFor(waitForSlowClients), {});
}

const limitsFor = (waitForSlowClients: boolean): StreamLimits => ({ maxBuffered: waitForSlowClients ? MAX_BUFFERED : Number.POSITIVE_INFINITY, stalledMs: STALLED_MS });

/**
 * Sends `json` with each part's token (a JSON string) replaced by the array of its members, written
 * as they come. `done` runs once the last byte is handed over, or on failure (exported for tests).
 */
export function streamJson(
  request: FastifyRequest,
  reply: FastifyReply,
  json: string,
  parts: Part[],
  member: (m: MemberRow) => string,
  done: () => Promise<void>,
  limits: StreamLimits,
  headers: Record<string, string>,
): FastifyReply {
  // The segments between tokens, in order; a token a projection left out has no members to write.
  const segments: { text: string; part?: Part }[] = [];
  let from = 0;
  for (const part of parts) {
    const quoted = JSON.stringify(part.token);
    const at = json.indexOf(quoted, from);
    if (at < 0) continue;
    segments.push({ text: json.slice(from, at), part });
    from = at + quoted.length;
  }
  segments.push({ text: json.slice(from) });
  const body = new PassThrough();
  void pump(body, segments, member, limits, done, request);
  reply.code(200).header('content-type', SCIM_MEDIA_TYPE);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.send(body);
}

async function drained(body: PassThrough, stalledMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      body.destroy(new Error(`the client read nothing for ${stalledMs / 1000} s`));
      resolve();
    }, stalledMs);
  });
  // The waits that lose the race are cancelled: each left its listeners on the stream, and a slow
  // client's long read waits here once per chunk (Node warned of a leak past ten).
  const cancel = new AbortController();
  const event = (name: string) => once(body, name, { signal: cancel.signal }).then(() => undefined, () => undefined);
  try {
    await Promise.race([event('drain'), event('close'), stalled]);
  } finally {
    clearTimeout(timer);
    cancel.abort();
  }
}

async function pump(body: PassThrough, segments: { text: string; part?: Part }[], member: (m: MemberRow) => string, limits: StreamLimits, done: () => Promise<void>, request: FastifyRequest): Promise<void> {
  try {
    for (const { text, part } of segments) {
      if (body.destroyed) return;
      body.write(text);
      if (!part) continue;
      let sep = '[';
      for await (const chunk of part.chunks) {
        if (body.destroyed) return;
        body.write(sep + chunk.map(member).join(','));
        sep = ',';
        if (body.writableLength > limits.maxBuffered && !body.destroyed) await drained(body, limits.stalledMs);
      }
      body.write(sep === '[' ? '[]' : ']');
    }
    body.end();
  } catch (error) {
    // Headers are gone: the client sees the response cut short, never a body that looks complete.
    request.log.error({ err: error }, "streaming groups' members failed");
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    await done().catch((error: unknown) => request.log.error({ err: error }, 'ending a members read failed'));
  }
}
