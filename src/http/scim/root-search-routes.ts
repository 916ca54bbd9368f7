// POST /.search at the root (RFC 7644 §3.4.3): one result list across Users and Groups.
import type { FastifyInstance } from 'fastify';
import { RosterError } from '../../errors.ts';
import { listResources } from '../../directory/resource-reader.ts';
import { parseListParams, type RawParams } from '../../scim/list/list-params.ts';
import { projectResource } from '../../scim/resource/projection.ts';
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import type { Db } from '../../store/db.ts';
import { needsFor } from './resource-routes.ts';
import { GROUP_OPS, USER_OPS, type ResourceOps } from './resource-ops.ts';
import { sendScim } from './scim-reply.ts';

export function registerRootSearch(app: FastifyInstance, db: Db, maxResults: number): void {
  app.post('/.search', async (request, reply) => {
    const params = parseListParams((request.body ?? {}) as RawParams, maxResults);
    const ctx = request.scim.ctx;
    const types = [USER_OPS, GROUP_OPS] as unknown as ResourceOps[];
    // A filter naming an attribute only one type has searches that type alone.
    const totals: { ops: ResourceOps; total: number }[] = [];
    let firstError: unknown;
    for (const ops of types) {
      try {
        const r = await listResources(db, ctx, ops.rs, { ...params, count: 0 }, { related: false });
        totals.push({ ops, total: r.total });
      } catch (error) {
        if (!(error instanceof RosterError) || error.scimType !== 'invalidFilter') throw error;
        firstError ??= error;
      }
    }
    if (totals.length === 0) throw firstError;
    let offset = params.startIndex - 1;
    let room = params.count;
    const resources: unknown[] = [];
    for (const { ops, total } of totals) {
      if (room > 0 && offset < total) {
        const needs = needsFor(ops.related, params.attributes, params.excludedAttributes);
        const page = await listResources(db, ctx, ops.rs, { ...params, cursor: undefined, startIndex: offset + 1, count: room }, needs);
        resources.push(...page.views.map((v) => projectResource(ops.rs, v, params)));
        room -= page.views.length;
      }
      offset = Math.max(0, offset - total);
    }
    return sendScim(reply, 200, {
      schemas: [SCHEMA_URN.listResponse],
      totalResults: totals.reduce((n, t) => n + t.total, 0),
      itemsPerPage: resources.length,
      startIndex: params.startIndex,
      Resources: resources,
    });
  });
}
