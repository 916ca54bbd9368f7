// The token never appears in a report: not in URLs, bodies, nor server echoes of them.
import type { ReportedRequest, ReportedResponse } from './check.ts';
import type { Exchange } from './scim-client.ts';

export function redact(text: string, token: string): string {
  return token ? text.split(token).join('<redacted>') : text;
}

/** The request and response of a failure as a report shows them: body parsed when it was JSON, excerpt capped. */
export function reportExchange(e: Exchange, token: string): { request: ReportedRequest; response: ReportedResponse } {
  let body: unknown;
  if (e.requestBody !== undefined) {
    const text = redact(e.requestBody, token);
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return {
    request: { method: e.method, url: redact(e.url, token), ...(body !== undefined ? { body } : {}) },
    response: {
      status: e.status,
      contentType: e.contentType,
      body: redact(e.text, token).slice(0, 1000),
      ...(e.networkError ? { error: e.networkError } : {}),
    },
  };
}
