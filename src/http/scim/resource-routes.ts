// SCIM routes for one resource type: create, read, list, search, replace, patch, delete (RFC 7644 §3).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listResources, type ViewNeeds } from '../../directory/resource-reader.ts';
import { normalizeSearchBody } from '../../idp/dialect.ts';
import { dialectFor } from '../../idp/registry.ts';
import { formatETag, etagMatches } from '../../scim/etag.ts';
import type { AttrPath } from '../../scim/filter/filter-ast.ts';
import { parseListParams, parseSearchRequest, type ListParams, type RawParams } from '../../scim/list/list-params.ts';
import { parsePatchRequest } from '../../scim/patch/patch-request.ts';
import { parseAttributeList, projectResource } from '../../scim/resource/projection.ts';
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import type { Db } from '../../store/db.ts';
import type { ResourceOps } from './resource-ops.ts';
import { membersWhole, sendGroupWithMembers, sendListWithMembers } from './group-stream.ts';
import { prepareOptions } from './prepare-options.ts';
import { noteFieldProblems } from './sync-log-hook.ts';
import { sendScim } from './scim-reply.ts';

export interface ScimRouteDeps {
  db: Db;
  maxResults: number;
  /** See ScimPluginOptions.waitForSlowClients. */
  waitForSlowClients: boolean;
}

interface IdParams {
  id: string;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Whether the response needs the costly computed attribute (RFC 7644 §3.4.2.5 attributes/excludedAttributes). */
export function needsFor(related: string, attributes: AttrPath[], excluded: AttrPath[]): ViewNeeds {
  const named = (list: AttrPath[], whole: boolean) =>
    list.some((p) => p.attr.toLowerCase() === related.toLowerCase() && !p.schema?.includes('extension') && (!whole || p.sub === undefined));
  // Excluding `members.display` keeps the members (without display); only `members` itself drops them.
  if (named(excluded, true)) return { related: false };
  if (attributes.length > 0 && !named(attributes, false)) return { related: false };
  return { related: true };
}

function projection(query: RawParams): { attributes: AttrPath[]; excludedAttributes: AttrPath[] } {
  const pick = (name: string) => {
    const entry = Object.entries(query).find(([k]) => k.toLowerCase() === name.toLowerCase());
    return typeof entry?.[1] === 'string' ? entry[1] : undefined;
  };
  return { attributes: parseAttributeList(pick('attributes')), excludedAttributes: parseAttributeList(pick('excludedAttributes')) };
}

/**
 * Sends the SCIM ListResponse (RFC 7644 §3.4.2) with integer counts, as Okta requires. Groups whose
 * members add up to a chunk or more have them streamed (group-stream.ts).
 */
async function sendList(db: Db, request: FastifyRequest, reply: FastifyReply, ops: ResourceOps, params: ListParams, waitForSlowClients: boolean): Promise<FastifyReply> {
  const ctx = request.scim.ctx;
  const needs = { ...needsFor(ops.related, params.attributes, params.excludedAttributes), deferLarge: ops.rs.type === 'Group' && membersWhole(params) };
  const rs = ctx.resources[ops.rs.type];
  const result = await listResources(db, ctx, rs, params, needs);
  const resources = result.views.map((v) => projectResource(rs, v, params));
  const body = {
    schemas: [SCHEMA_URN.listResponse],
    totalResults: result.total,
    itemsPerPage: resources.length,
    startIndex: result.startIndex,
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
    Resources: resources,
  };
  if (result.deferred) return sendListWithMembers(db, request, reply, body, result.deferred, params, waitForSlowClients);
  return sendScim(reply, 200, body);
}

/** Registers the routes of one resource type under `prefix` (`/Users`, `/Groups`). */
export function registerResourceRoutes(app: FastifyInstance, prefix: string, ops: ResourceOps, deps: ScimRouteDeps): void {
  const { db } = deps;

  // Writes take `p` parsed before the transaction: a malformed `attributes=` must be refused before
  // anything commits, not after (the IdP would retry a change that was in fact made; found by test/fuzz).
  type Projection = ReturnType<typeof projection>;
  const respond = async (request: FastifyRequest, reply: FastifyReply, status: number, row: { id: string; version: number }, p: Projection) => {
    noteFieldProblems(request, row);
    const needs = status === 201 && ops.createdWithoutRelated ? { related: false } : needsFor(ops.related, p.attributes, p.excludedAttributes);
    const view = await ops.viewOf(db, request.scim.ctx, row, needs);
    const headers: Record<string, string> = { etag: formatETag(row.version) };
    if (status === 201) headers.location = String((view.meta as { location: string }).location);
    return sendScim(reply, status, projectResource(request.scim.ctx.resources[type], view, p), headers);
  };

  // Returned objects would go out as application/json; every SCIM answer is application/scim+json (RFC 7644 §3.1).
  // Each request passes through its provider's dialect (src/idp) before the protocol core parses it.
  const dialect = (request: FastifyRequest) => dialectFor(request.scim.ctx.provider);
  const type = ops.rs.type;

  app.get(prefix, async (request, reply) => {
    const query = dialect(request).normalizeQuery(type, request.query as RawParams);
    return sendList(db, request, reply, ops, parseListParams(query, deps.maxResults), deps.waitForSlowClients);
  });

  app.post(`${prefix}/.search`, async (request, reply) => {
    const body = normalizeSearchBody(dialect(request), type, request.body);
    return sendList(db, request, reply, ops, parseSearchRequest(body, deps.maxResults), deps.waitForSlowClients);
  });

  app.post(prefix, async (request, reply) => {
    const p = projection(request.query as RawParams);
    const input = await ops.prepare(dialect(request).normalizeBody(type, request.body), 'create', prepareOptions(request));
    const row = await ops.create(db, request.scim.ctx, input);
    return respond(request, reply, 201, row, p);
  });

  app.get<{ Params: IdParams }>(`${prefix}/:id`, async (request, reply) => {
    const p = projection(request.query as RawParams);
    const needs = needsFor(ops.related, p.attributes, p.excludedAttributes);
    const ifNoneMatch = header(request, 'if-none-match');
    if (type === 'Group' && needs.related && membersWhole(p)) return sendGroupWithMembers(db, request, reply, request.params.id, p, ifNoneMatch, deps.waitForSlowClients);
    const { row, view } = await ops.read(db, request.scim.ctx, request.params.id, needs);
    if (ifNoneMatch && etagMatches(ifNoneMatch, row.version)) return reply.code(304).header('etag', formatETag(row.version)).send();
    return sendScim(reply, 200, projectResource(request.scim.ctx.resources[type], view, p), { etag: formatETag(row.version) });
  });

  app.put<{ Params: IdParams }>(`${prefix}/:id`, async (request, reply) => {
    const p = projection(request.query as RawParams);
    const input = await ops.prepare(dialect(request).normalizeBody(type, request.body), 'replace', prepareOptions(request));
    const row = await ops.replace(db, request.scim.ctx, request.params.id, input, header(request, 'if-match'));
    return respond(request, reply, 200, row, p);
  });

  app.patch<{ Params: IdParams }>(`${prefix}/:id`, async (request, reply) => {
    const p = projection(request.query as RawParams);
    const operations = dialect(request).normalizePatch(type, parsePatchRequest(request.body));
    const row = await ops.patch(db, request.scim.ctx, request.params.id, operations, header(request, 'if-match'));
    // A client naming attributes asked for the resource (RFC 7644 §3.5.2 "subject to the attributes
    // query parameter"); otherwise the dialect's choice stands.
    const asked = p.attributes.length > 0 || p.excludedAttributes.length > 0;
    if (dialect(request).patchResponse[type] === 'no-content' && !asked) {
      noteFieldProblems(request, row);
      return reply.code(204).header('etag', formatETag(row.version)).send();
    }
    return respond(request, reply, 200, row, p);
  });

  app.delete<{ Params: IdParams }>(`${prefix}/:id`, async (request, reply) => {
    await ops.remove(db, request.scim.ctx, request.params.id, header(request, 'if-match'));
    return reply.code(204).send();
  });
}
