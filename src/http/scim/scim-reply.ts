// Renders SCIM responses: media type, ETag, Location, and RFC 7644 §3.12 error bodies.
import type { FastifyReply } from 'fastify';
import type { RosterError } from '../../errors.ts';
import { withoutTrailingDots } from '../../lib/text.ts';
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';

export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';

/** Sends a SCIM resource or message with the SCIM media type. */
export function sendScim(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string> = {}): FastifyReply {
  reply.code(status).header('content-type', SCIM_MEDIA_TYPE);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.send(JSON.stringify(body));
}

/** The RFC 7644 §3.12 error body: `status` is a string; the detail says what to do next. */
export function scimErrorBody(error: RosterError): Record<string, unknown> {
  // Messages may end with their own full stop; the hint follows after exactly one.
  const detail = error.details.hint ? `${withoutTrailingDots(error.message)}. ${error.details.hint}` : error.message;
  return {
    schemas: [SCHEMA_URN.error],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail,
  };
}

export function sendScimError(reply: FastifyReply, error: RosterError): FastifyReply {
  if (error.details.retryAfter !== undefined) reply.header('retry-after', String(error.details.retryAfter));
  if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="roster"');
  return sendScim(reply, error.status, scimErrorBody(error));
}
