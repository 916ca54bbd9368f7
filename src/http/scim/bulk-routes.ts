// POST /Bulk (RFC 7644 §3.7): operations in order, each in its own transaction, bulkIds resolved.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RosterError } from '../../errors.ts';
import { dialectFor } from '../../idp/registry.ts';
import { bulkReferences, parseBulkRequest, resolveBulkReferences, type BulkOperation } from '../../scim/bulk/bulk-request.ts';
import { formatETag } from '../../scim/etag.ts';
import { parsePatchRequest } from '../../scim/patch/patch-request.ts';
import type { Db } from '../../store/db.ts';
import { toRosterError } from '../error-mapping.ts';
import { opsForEndpoint } from './resource-ops.ts';
import { prepareOptions } from './prepare-options.ts';
import { noteFieldProblems } from './sync-log-hook.ts';
import { scimErrorBody, sendScim } from './scim-reply.ts';

const BULK_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

interface BulkResult {
  method: string;
  bulkId?: string | undefined;
  location?: string;
  version?: string;
  status: string;
  response?: unknown;
}

/** RFC 7644 §3.7: `location` is REQUIRED in every result except that of a failed POST. */
function failedLocation(scimBaseUrl: string, op: BulkOperation): { location?: string } {
  if (op.method === 'POST') return {};
  const [, segment, id, extra] = op.path.split('/');
  const ops = segment ? opsForEndpoint(segment) : undefined;
  // A path the server does not serve, or a bulkId nothing created, names no resource to point at.
  if (!ops || !id || extra !== undefined || id.startsWith('bulkId:')) return {};
  return { location: `${scimBaseUrl}${ops.rs.endpoint}/${id}` };
}

async function runOne(db: Db, request: FastifyRequest, op: BulkOperation): Promise<{ result: BulkResult; createdId?: string }> {
  const ctx = request.scim.ctx;
  const [, segment, id, extra] = op.path.split('/');
  const ops = segment ? opsForEndpoint(segment) : undefined;
  if (!ops || extra !== undefined || (op.method === 'POST') !== (id === undefined)) {
    throw new RosterError('invalid_path', `"${op.method} ${op.path}" is not a Bulk operation this server supports`, { attribute: 'path' });
  }
  const endpoint = ops.rs.endpoint;
  const base = { method: op.method, bulkId: op.bulkId };
  // Bulk carries the same bodies as the single requests, so the provider's dialect applies alike.
  const dialect = dialectFor(ctx.provider);
  switch (op.method) {
    case 'POST': {
      const input = await ops.prepare(dialect.normalizeBody(ops.rs.type, op.data), 'create', prepareOptions(request));
      const row = await ops.create(db, ctx, input);
      noteFieldProblems(request, row);
      return { result: { ...base, location: `${ctx.scimBaseUrl}${endpoint}/${row.id}`, version: formatETag(row.version), status: '201' }, createdId: row.id };
    }
    case 'PUT': {
      const input = await ops.prepare(dialect.normalizeBody(ops.rs.type, op.data), 'replace', prepareOptions(request));
      const row = await ops.replace(db, ctx, id as string, input, op.version);
      noteFieldProblems(request, row);
      return { result: { ...base, location: `${ctx.scimBaseUrl}${endpoint}/${row.id}`, version: formatETag(row.version), status: '200' } };
    }
    case 'PATCH': {
      const operations = dialect.normalizePatch(ops.rs.type, parsePatchRequest(op.data));
      const row = await ops.patch(db, ctx, id as string, operations, op.version);
      noteFieldProblems(request, row);
      return { result: { ...base, location: `${ctx.scimBaseUrl}${endpoint}/${row.id}`, version: formatETag(row.version), status: '200' } };
    }
    case 'DELETE':
      await ops.remove(db, ctx, id as string, op.version);
      return { result: { ...base, location: `${ctx.scimBaseUrl}${endpoint}/${id}`, status: '204' } };
  }
}

export function registerBulkRoute(app: FastifyInstance, db: Db, limits: { maxOperations: number; maxPayloadSize: number }): void {
  app.post('/Bulk', { bodyLimit: limits.maxPayloadSize }, async (request, reply) => {
    const bulk = parseBulkRequest(request.body, limits.maxOperations);
    const created = new Map<string, string>();
    const results: BulkResult[] = new Array(bulk.operations.length);
    let errors = 0;
    // Operations run in order, but one that names a bulkId created later waits for it (RFC 7644 §3.7.1).
    let pending = bulk.operations.map((op, index) => ({ op, index }));
    while (pending.length > 0 && (bulk.failOnErrors === undefined || errors < bulk.failOnErrors)) {
      const waiting: typeof pending = [];
      let progressed = false;
      for (const item of pending) {
        if (bulk.failOnErrors !== undefined && errors >= bulk.failOnErrors) break;
        const refs = [...bulkReferences(item.op)];
        const unresolved = refs.filter((r) => !created.has(r));
        const knownLater = unresolved.filter((r) => pending.some((p) => p.op.bulkId === r && p !== item));
        if (knownLater.length > 0) {
          waiting.push(item);
          continue;
        }
        progressed = true;
        try {
          if (unresolved.length > 0) {
            throw new RosterError('invalid_value', `bulkId "${unresolved[0]}" does not name a created resource in this request`, { attribute: 'bulkId' });
          }
          const { result, createdId } = await runOne(db, request, resolveBulkReferences(item.op, created));
          if (createdId && item.op.bulkId) created.set(item.op.bulkId, createdId);
          results[item.index] = result;
        } catch (thrown) {
          const { error } = toRosterError(thrown);
          errors++;
          const location = failedLocation(request.scim.ctx.scimBaseUrl, resolveBulkReferences(item.op, created));
          results[item.index] = { method: item.op.method, bulkId: item.op.bulkId, ...location, status: String(error.status), response: scimErrorBody(error) };
        }
      }
      if (!progressed) {
        for (const item of waiting) {
          // RFC 7644 §3.7.1: references the server cannot order are answered with 409 (Conflict).
          const error = new RosterError('conflict', 'The bulkId references of this operation form a cycle, so no order can create them', {
            attribute: 'bulkId',
            hint: 'Create the resources first, then link them with PATCH operations in the same request',
          });
          errors++;
          results[item.index] = { method: item.op.method, bulkId: item.op.bulkId, status: String(error.status), response: scimErrorBody(error) };
        }
        break;
      }
      pending = waiting;
    }
    return sendScim(reply, 200, { schemas: [BULK_RESPONSE_URN], Operations: results.filter(Boolean) });
  });
}
