// Fails any admin answer that its response schema changed: fast-json-stringify drops properties a
// schema omits and coerces types it misdescribes, so a schema that lies would silently alter bodies.
import { isDeepStrictEqual } from 'node:util';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

type Hook = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>;

/** What the handler sent, as JSON.stringify writes it (what Fastify would answer without a schema). */
const intended = new WeakMap<FastifyRequest, string>();

const capture: Hook = async (request, _reply, payload) => {
  intended.set(request, JSON.stringify(payload));
  return payload;
};

const compare: Hook = async (request, reply, payload) => {
  const expected = intended.get(request);
  intended.delete(request);
  if (expected === undefined || typeof payload !== 'string') return payload;
  if (isDeepStrictEqual(JSON.parse(payload), JSON.parse(expected))) return payload;
  const where = `${request.method} ${request.routeOptions.url} → ${reply.statusCode}`;
  // Printed as well: the error handler turns the throw into a plain 500 that hides this text.
  console.error(`response schema changed the answer of ${where}\n  handler sent: ${expected}\n  serialised:   ${payload}`);
  throw new Error(`response schema changed the answer of ${where}`);
};

const asList = (hooks: unknown): unknown[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

/** An AppDeps.onRoute that adds the check to every route with response schemas (the admin API). */
export function guardSerialization(route: RouteOptions): void {
  if (!route.schema?.response) return;
  const target = route as unknown as { preSerialization?: unknown; onSend?: unknown };
  // Last, so the check sees the payload exactly as the route's own hooks left it.
  target.preSerialization = [...asList(target.preSerialization), capture];
  target.onSend = [...asList(target.onSend), compare];
}
