// Assertions for checks: each names the rule it enforces and carries the exchange that broke it.
import { CheckFailure } from './check.ts';
import type { Exchange } from './scim-client.ts';

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  bulkRequest: 'urn:ietf:params:scim:api:messages:2.0:BulkRequest',
  bulkResponse: 'urn:ietf:params:scim:api:messages:2.0:BulkResponse',
  spc: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

export function fail(rule: string, reason: string, exchange?: Exchange): never {
  throw new CheckFailure(rule, reason, exchange);
}

export function check(condition: unknown, rule: string, reason: string, exchange?: Exchange): asserts condition {
  if (!condition) fail(rule, reason, exchange);
}

/** One line on what came back, for reasons: `500 {"detail":"boom"}`. */
export function answered(e: Exchange): string {
  if (e.networkError) return `no answer (${e.networkError})`;
  return `${e.status}${e.text ? ` ${e.text.slice(0, 160)}` : ''}`;
}

export function expectStatus(e: Exchange, expected: number | number[], rule: string, what: string): void {
  const ok = Array.isArray(expected) ? expected : [expected];
  // The body is in the report's response excerpt; the reason only names the status.
  if (!ok.includes(e.status)) fail(rule, `${what}: expected ${ok.join(' or ')}, got ${e.networkError ? `no answer (${e.networkError})` : e.status}`, e);
}

/** A JSON object body, or a failure under `rule`. */
export function expectJson(e: Exchange, rule: string, what: string): Record<string, any> {
  check(e.json !== null && typeof e.json === 'object' && !Array.isArray(e.json), rule, `${what}: the body is not a JSON object`, e);
  return e.json as Record<string, any>;
}

export function hasSchema(body: unknown, urn: string): boolean {
  const schemas = (body as { schemas?: unknown } | undefined)?.schemas;
  return Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === urn.toLowerCase());
}

/** RFC 7644 §3.4.2: a 200 ListResponse with integer counters; returns its Resources. */
export function expectList(e: Exchange, what: string): any[] {
  expectStatus(e, 200, 'RFC 7644 §3.4.2: a query answers 200 with a ListResponse', what);
  const body = expectJson(e, 'RFC 7644 §3.4.2: a query answers a ListResponse', what);
  check(hasSchema(body, URN.list), 'RFC 7644 §3.4.2: a ListResponse lists the ListResponse schema', `${what}: schemas is ${JSON.stringify(body.schemas)}`, e);
  check(Number.isInteger(body.totalResults), 'RFC 7644 §3.4.2 + Okta: totalResults is an integer, not a string', `${what}: totalResults is ${JSON.stringify(body.totalResults)}`, e);
  const resources = body.Resources ?? [];
  check(Array.isArray(resources), 'RFC 7644 §3.4.2: Resources is an array', `${what}: Resources is ${JSON.stringify(body.Resources)?.slice(0, 80)}`, e);
  return resources;
}

/**
 * An error answer: `status` (judged under `statusRule`), then a RFC 7644 §3.12 body (Error schema,
 * status as a string, a human-readable detail), and scimType when the RFC defines one for the case.
 */
export function expectError(e: Exchange, status: number, statusRule: string, what: string, scimType?: string): void {
  expectStatus(e, status, statusRule, what);
  const rule = 'RFC 7644 §3.12: an error body has the Error schema, status as a string and a detail';
  const body = expectJson(e, rule, `${what}: error body`);
  check(hasSchema(body, URN.error), rule, `${what}: schemas is ${JSON.stringify(body.schemas)}, without ${URN.error}`, e);
  check(body.status === String(status), rule, `${what}: status is ${JSON.stringify(body.status)}, expected "${status}" (a string)`, e);
  check(typeof body.detail === 'string' && body.detail.length > 0, rule, `${what}: no detail message`, e);
  if (scimType) {
    check(body.scimType === scimType, `RFC 7644 §3.12: scimType "${scimType}" for this error`, `${what}: scimType is ${JSON.stringify(body.scimType)}`, e);
  }
}

/** A value from a SCIM resource by attribute name, case-insensitively (RFC 7643 §2.1). */
export function attr(resource: unknown, name: string): any {
  if (resource === null || typeof resource !== 'object') return undefined;
  const key = Object.keys(resource).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (resource as Record<string, unknown>)[key];
}

/** Member ids of a group resource. */
export function memberIds(group: unknown): string[] {
  const members = attr(group, 'members');
  return Array.isArray(members) ? members.map((m) => String(attr(m, 'value'))).sort() : [];
}

export function workEmail(user: unknown): string | undefined {
  const emails = attr(user, 'emails');
  if (!Array.isArray(emails)) return undefined;
  return attr(emails.find((e) => String(attr(e, 'type')).toLowerCase() === 'work'), 'value');
}
