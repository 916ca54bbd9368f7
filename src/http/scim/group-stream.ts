// GET /Groups/{id} with its members: a big group is written as its members come from the database,
// so serving 100,000 members never holds them as one array or one string.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { memberJson, groupView, groupViewWithMembersAt } from '../../directory/groups/group-view.ts';
import { MEMBER_CHUNK, openGroupRead, type GroupRead } from '../../directory/resource-reader.ts';
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

interface Projection {
  attributes: AttrPath[];
  excludedAttributes: AttrPath[];
}

/** Members asked for whole: a request naming `members.value` or the like goes the ordinary way. */
export function membersWhole(p: Projection): boolean {
  return ![...p.attributes, ...p.excludedAttributes].some((a) => a.attr.toLowerCase() === 'members' && a.sub !== undefined);
}

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
  const read = await openGroupRead(db, ctx, id);
  let handedOff = false;
  try {
    const etag = formatETag(read.row.version);
    if (ifNoneMatch && etagMatches(ifNoneMatch, read.row.version)) return reply.code(304).header('etag', etag).send();
    // All of them in the first chunk: the ordinary answer, byte for byte.
    if (read.first.length < MEMBER_CHUNK) return sendScim(reply, 200, projectResource(rs, groupView(read.row, read.first, ctx), p), { etag });
    const placeholder = `roster-members-${randomUUID()}`;
    const json = JSON.stringify(projectResource(rs, groupViewWithMembersAt(read.row, placeholder, ctx), p));
    const at = json.indexOf(JSON.stringify(placeholder));
    if (at < 0) return sendScim(reply, 200, projectResource(rs, groupView(read.row, await allMembers(read), ctx), p), { etag });
    // Each member with the sub-attributes the projection keeps, in its order (as a view would show it).
    const sample = projectResource(rs, groupView(read.row, [{ value: read.row.id, type: 'User', display: 'x' }], ctx), p).members as Record<string, unknown>[];
    const keys = Object.keys(sample[0] ?? {});
    const member = (m: MemberRow) => {
      const full = memberJson(m, ctx);
      const out: Record<string, unknown> = {};
      for (const k of keys) out[k] = full[k];
      return JSON.stringify(out);
    };
    const body = new PassThrough();
    handedOff = true;
    const limit = waitForSlowClients ? MAX_BUFFERED : Number.POSITIVE_INFINITY;
    void pump(read, body, `${json.slice(0, at)}[`, `]${json.slice(at + placeholder.length + 2)}`, member, limit, request);
    return reply.code(200).header('content-type', SCIM_MEDIA_TYPE).header('etag', etag).send(body);
  } finally {
    if (!handedOff) await read.close();
  }
}

/** The rare fallback: a projection that moved the placeholder out of sight. */
async function allMembers(read: GroupRead): Promise<MemberRow[]> {
  const all = [...read.first];
  for await (const chunk of read.rest()) all.push(...chunk);
  return all;
}

/** A client that reads nothing for this long gives its connection back: the response is cut. */
const STALLED_MS = 30_000;

async function drained(body: PassThrough): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      body.destroy(new Error(`the client read nothing for ${STALLED_MS / 1000} s`));
      resolve();
    }, STALLED_MS);
  });
  try {
    await Promise.race([once(body, 'drain'), once(body, 'close'), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

async function pump(read: GroupRead, body: PassThrough, head: string, tail: string, member: (m: MemberRow) => string, limit: number, request: FastifyRequest): Promise<void> {
  try {
    body.write(head + read.first.map(member).join(','));
    for await (const chunk of read.rest()) {
      if (body.destroyed) return;
      body.write(`,${chunk.map(member).join(',')}`);
      if (body.writableLength > limit && !body.destroyed) await drained(body);
    }
    if (!body.destroyed) body.end(tail);
  } catch (error) {
    // Headers are gone: the client sees the response cut short, never a body that looks complete.
    request.log.error({ err: error }, 'streaming a group\'s members failed');
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    await read.close().catch((error: unknown) => request.log.error({ err: error }, 'ending a group read failed'));
  }
}
