// Bulk requests (RFC 7644 §3.7): parsing, limits, and bulkId references between operations.
import { RosterError } from '../../errors.ts';

export const BULK_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

export interface BulkOperation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  bulkId?: string | undefined;
  version?: string | undefined;
  path: string;
  data?: unknown;
}

export interface BulkRequest {
  failOnErrors: number | undefined;
  operations: BulkOperation[];
}

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function field(obj: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** Validates a BulkRequest; more operations than `maxOperations` is a 413 (RFC 7644 §3.7.4). */
export function parseBulkRequest(body: unknown, maxOperations: number): BulkRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RosterError('invalid_syntax', 'A Bulk request body must be a JSON object with "Operations"');
  }
  const obj = body as Record<string, unknown>;
  const schemas = field(obj, 'schemas');
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(BULK_REQUEST_URN))) {
    throw new RosterError('invalid_syntax', `"schemas" must contain ${BULK_REQUEST_URN}`, { attribute: 'schemas' });
  }
  const ops = field(obj, 'Operations');
  if (!Array.isArray(ops) || ops.length === 0) throw new RosterError('invalid_syntax', '"Operations" must be a non-empty array', { attribute: 'Operations' });
  if (ops.length > maxOperations) {
    throw new RosterError('payload_too_large', `The Bulk request has ${ops.length} operations; this server accepts at most ${maxOperations}`, {
      hint: 'Split the request; maxOperations is advertised in /ServiceProviderConfig',
    });
  }
  const failOnErrors = field(obj, 'failOnErrors');
  if (failOnErrors !== undefined && (typeof failOnErrors !== 'number' || !Number.isInteger(failOnErrors) || failOnErrors < 1)) {
    throw new RosterError('invalid_syntax', '"failOnErrors" must be a whole number of at least 1', { attribute: 'failOnErrors' });
  }
  const seen = new Set<string>();
  const operations = ops.map((raw, i): BulkOperation => {
    if (typeof raw !== 'object' || raw === null) throw new RosterError('invalid_syntax', `Operations[${i}] must be an object`);
    const op = raw as Record<string, unknown>;
    // Only a string is a method: String() of an object whose toString is not a function throws (found by the fuzzer).
    const rawMethod = field(op, 'method');
    const method = typeof rawMethod === 'string' ? rawMethod.toUpperCase() : '';
    if (!METHODS.has(method)) throw new RosterError('invalid_syntax', `Operations[${i}].method must be POST, PUT, PATCH or DELETE`, { attribute: 'method' });
    const path = field(op, 'path');
    if (typeof path !== 'string' || !path.startsWith('/')) throw new RosterError('invalid_syntax', `Operations[${i}].path must be a path such as /Users`, { attribute: 'path' });
    const bulkId = field(op, 'bulkId');
    if (method === 'POST' && (typeof bulkId !== 'string' || bulkId === '')) {
      throw new RosterError('invalid_syntax', `Operations[${i}]: a POST needs a bulkId (RFC 7644 §3.7)`, { attribute: 'bulkId' });
    }
    if (typeof bulkId === 'string') {
      if (seen.has(bulkId)) throw new RosterError('invalid_syntax', `bulkId "${bulkId}" is used twice`, { attribute: 'bulkId' });
      seen.add(bulkId);
    }
    const version = field(op, 'version');
    return { method: method as BulkOperation['method'], bulkId: typeof bulkId === 'string' ? bulkId : undefined, version: typeof version === 'string' ? version : undefined, path, data: field(op, 'data') };
  });
  return { failOnErrors: failOnErrors as number | undefined, operations };
}

const REF = /^bulkId:(.+)$/;

/** The bulkIds an operation refers to, in its path or anywhere in its data. */
export function bulkReferences(op: BulkOperation): Set<string> {
  const refs = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = REF.exec(v);
      if (m?.[1]) refs.add(m[1]);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  visit(op.data);
  for (const segment of op.path.split('/')) visit(segment);
  return refs;
}

/** Replaces `bulkId:x` with the id created for x, in the path and the data. */
export function resolveBulkReferences(op: BulkOperation, ids: Map<string, string>): BulkOperation {
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = REF.exec(v);
      return m?.[1] && ids.has(m[1]) ? ids.get(m[1]) : v;
    }
    if (Array.isArray(v)) return v.map(swap);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  return { ...op, path: op.path.split('/').map((s) => swap(s) as string).join('/'), data: swap(op.data) };
}
