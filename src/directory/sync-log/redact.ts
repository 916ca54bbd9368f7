// What of a SCIM request the sync log may keep: bodies without secrets and capped in size, paths without query secrets.

/** Keys whose values are never stored, wherever they sit in a body (`password`, `clientSecret`, `apiToken`, …). */
const SECRET_NAME = /password|secret|token/i;
/** Query parameters are wider: no SCIM parameter is named like these, so anything that is was not meant for a log. */
const SECRET_QUERY_NAME = /password|secret|token|key|auth|signature/i;
export const REDACTED = '[REDACTED]';

/** Bodies are kept up to this many bytes of JSON; past it, a marker with an excerpt. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Failure responses are kept up to this many characters. */
export const MAX_EXCERPT_CHARS = 1024;
// A parsed body can nest deeper than a recursive walk should follow; nothing real does.
const MAX_DEPTH = 32;

function redactValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[TOO DEEP]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const source = value as Record<string, unknown>;
  // A PATCH operation (or Bulk one) names the secret in `path`, not in a key: {"op":"replace","path":"password","value":"…"}.
  const secretPath = typeof source.path === 'string' && SECRET_NAME.test(source.path);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) {
    out[key] = SECRET_NAME.test(key) || (secretPath && key.toLowerCase() === 'value') ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}

/** Marker stored instead of a body larger than MAX_BODY_BYTES: its size and the first bytes of its JSON. */
export interface TruncatedBody {
  truncated: true;
  bytes: number;
  excerpt: string;
}

/**
 * The body as the sync log keeps it: secrets replaced by "[REDACTED]", and past `maxBytes` of JSON a
 * `TruncatedBody` marker instead. No body (GET, DELETE, unparseable JSON) is null.
 */
export function redactBody(body: unknown, maxBytes = MAX_BODY_BYTES): unknown {
  if (body === undefined || body === null) return null;
  const redacted = redactValue(body, 0);
  const text = JSON.stringify(redacted);
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return redacted;
  const marker: TruncatedBody = { truncated: true, bytes, excerpt: Buffer.from(text).subarray(0, maxBytes).toString('utf8') };
  return marker;
}

/**
 * The request path relative to the SCIM base URL, query decoded so the filter reads as the IdP
 * wrote it (`/Users?filter=userName eq "a@b.com"`), any parameter named like a secret redacted.
 */
export function loggedPath(url: string, basePath: string): string {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const relative = pathname.toLowerCase().startsWith(basePath.toLowerCase()) ? pathname.slice(basePath.length) || '/' : pathname;
  if (q < 0) return relative;
  const params = new URLSearchParams(url.slice(q + 1));
  const parts: string[] = [];
  for (const [key, value] of params) parts.push(`${key}=${SECRET_QUERY_NAME.test(key) ? REDACTED : value}`);
  return parts.length > 0 ? `${relative}?${parts.join('&')}` : relative;
}

/** At most MAX_EXCERPT_CHARS of a response, with an ellipsis when cut. */
export function excerpt(text: string): string {
  return text.length <= MAX_EXCERPT_CHARS ? text : `${text.slice(0, MAX_EXCERPT_CHARS - 1)}…`;
}
