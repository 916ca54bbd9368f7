// POST /.search at the root (RFC 7644 §3.4.3): one result list across Users and Groups.
import type { FastifyInstance } from 'fastify';
import { listResources, type ListResult } from '../../directory/resource-reader.ts';
import { normalizeSearchBody } from '../../idp/dialect.ts';
import { dialectFor } from '../../idp/registry.ts';
import type { AttrPath } from '../../scim/filter/filter-ast.ts';
import { restrictFilter } from '../../scim/filter/filter-restrict.ts';
import { parseSearchRequest, type ListParams } from '../../scim/list/list-params.ts';
import { projectResource } from '../../scim/resource/projection.ts';
import type { ResourceSchema } from '../../scim/schema/attribute.ts';
import { resolvePath } from '../../scim/schema/resolve-path.ts';
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import type { Db } from '../../store/db.ts';
import { membersWhole, sendListWithMembers } from './group-stream.ts';
import { needsFor } from './resource-routes.ts';
import { GROUP_OPS, USER_OPS, type ResourceOps } from './resource-ops.ts';
import { sendScim } from './scim-reply.ts';

const TYPES = [USER_OPS, GROUP_OPS] as unknown as ResourceOps[];

/** Whether a filter path names an attribute of this resource type; `schemas` belongs to every type. */
function definedIn(rs: ResourceSchema, path: AttrPath): boolean {
  if (path.schema === undefined && path.sub === undefined && path.attr.toLowerCase() === 'schemas') return true;
  return resolvePath(rs, path) !== undefined;
}

/**
 * The filter as it applies to one type, or false when it can match none of that type. A path
 * no type defines is left in place, so the client still gets invalidFilter for a typo.
 */
function filterFor(rs: ResourceSchema, all: readonly ResourceSchema[], params: ListParams): ListParams | false {
  if (!params.filter) return params;
  const defines = (path: AttrPath) => definedIn(rs, path) || !all.some((o) => definedIn(o, path));
  const filter = restrictFilter(params.filter, defines);
  if (filter === false) return false;
  return { ...params, filter: filter === true ? undefined : filter };
}

export function registerRootSearch(app: FastifyInstance, db: Db, maxResults: number, waitForSlowClients: boolean): void {
  app.post('/.search', async (request, reply) => {
    const ctx = request.scim.ctx;
    const params = parseSearchRequest(normalizeSearchBody(dialectFor(ctx.provider), undefined, request.body), maxResults);
    // RFC 7644 §3.4.2.1: an attribute a type does not define has no value in it, so
    // `displayName eq "Ops" or userName eq "bob"` finds the group Ops and the user bob.
    const totals: { ops: ResourceOps; rs: ResourceSchema; params: ListParams; total: number }[] = [];
    const all = TYPES.map((ops) => ctx.resources[ops.rs.type]);
    for (const ops of TYPES) {
      const rs = ctx.resources[ops.rs.type];
      const scoped = filterFor(rs, all, params);
      if (scoped === false) continue;
      const r = await listResources(db, ctx, rs, { ...scoped, count: 0 }, { related: false });
      totals.push({ ops, rs, params: scoped, total: r.total });
    }
    let offset = params.startIndex - 1;
    let room = params.count;
    const resources: unknown[] = [];
    const deferred: NonNullable<ListResult['deferred']> = [];
    for (const { ops, rs, params: scoped, total } of totals) {
      if (room > 0 && offset < total) {
        // Groups of a chunk of members or more are written from one snapshot as they are read, as in GET /Groups.
        const needs = { ...needsFor(ops.related, params.attributes, params.excludedAttributes), deferLarge: rs.type === 'Group' && membersWhole(params) };
        const page = await listResources(db, ctx, rs, { ...scoped, cursor: undefined, startIndex: offset + 1, count: room }, needs);
        resources.push(...page.views.map((v) => projectResource(rs, v, params)));
        deferred.push(...(page.deferred ?? []));
        room -= page.views.length;
      }
      offset = Math.max(0, offset - total);
    }
    const body = {
      schemas: [SCHEMA_URN.listResponse],
      totalResults: totals.reduce((n, t) => n + t.total, 0),
      itemsPerPage: resources.length,
      startIndex: params.startIndex,
      Resources: resources,
    };
    if (deferred.length > 0) return sendListWithMembers(db, request, reply, body, deferred, params, waitForSlowClients);
    return sendScim(reply, 200, body);
  });
}
