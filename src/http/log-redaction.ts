// What the request logs may hold: no credential, no secret-looking field, no secret query parameter.
import type { FastifyRequest } from 'fastify';

/** Query parameters named like these never reach a log line with their value (no SCIM or admin parameter is). */
const SECRET_QUERY_NAME = /password|secret|token|key|auth|signature|code/i;

/** The request URL as logged: values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  let redacted = false;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of new Set(params.keys())) {
    if (SECRET_QUERY_NAME.test(key)) {
      params.set(key, '[REDACTED]');
      redacted = true;
    }
  }
  return redacted ? `${url.slice(0, q)}?${params.toString()}` : url;
}

/**
 * Pino options for every Roster logger. Fastify logs no headers and no bodies; the request
 * serializer keeps it that way explicitly, and `redact` is the net under anything logged next to
 * a message later (`request.log.debug({ req, body })`). test/secrets-not-logged.test.ts proves the whole.
 */
export const LOG_OPTIONS = {
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers.cookie',
      'req.headers["x-api-key"]',
      'headers.authorization',
      'body.password',
      '*.password',
      '*.secret',
      '*.token',
      '*.bearerToken',
      '*.key',
    ],
    censor: '[REDACTED]',
  },
  serializers: {
    req: (request: FastifyRequest) => ({
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
    }),
  },
};
