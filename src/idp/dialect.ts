// How an identity provider bends SCIM: the Dialect each provider file defines, and how one is built from rules.
import type { RawParams } from '../scim/list/list-params.ts';
import type { PatchOperation } from '../scim/patch/patch-types.ts';
import type { ResourceTypeName } from '../scim/schema/attribute.ts';

export type { RawParams } from '../scim/list/list-params.ts';
export type { PatchOperation } from '../scim/patch/patch-types.ts';
export type { ResourceTypeName } from '../scim/schema/attribute.ts';

/**
 * The resource type a request addresses; `undefined` for the root `/.search`, which spans
 * Users and Groups (RFC 7644 §3.4.3).
 */
export type QueryScope = ResourceTypeName | undefined;

/**
 * One provider's dialect. Each function turns what that provider sends into plain RFC 7643/7644
 * input before the protocol layer (src/scim) sees it; anything it does not recognise passes
 * through untouched, so the core's own leniency and its errors still apply. All are pure and
 * never mutate their input.
 */
export interface Dialect {
  provider: string;
  /**
   * What a successful PATCH answers, per resource type. RFC 7644 §3.5.2 allows 200 with the
   * resource or 204; Microsoft Entra asks for 204 ("returning a body with all the members isn't
   * advisable"), and Okta accepts it ("Okta doesn't require the list of users to be returned").
   * A 200 with a group costs O(group size) however few members the PATCH changed.
   */
  patchResponse: Readonly<Record<ResourceTypeName, PatchResponse>>;
  /** The body of a POST or PUT (RFC 7644 §3.3, §3.5.1), also inside Bulk. */
  normalizeBody(resourceType: ResourceTypeName, body: unknown): unknown;
  /** The operations of a PATCH (RFC 7644 §3.5.2) after the PatchOp envelope is parsed. */
  normalizePatch(resourceType: ResourceTypeName, ops: PatchOperation[]): PatchOperation[];
  /** List and search parameters (RFC 7644 §3.4.2, §3.4.3): a query string or a SearchRequest body. */
  normalizeQuery(scope: QueryScope, params: RawParams): RawParams;
}

export type PatchResponse = 'resource' | 'no-content';

export type BodyRule = (resourceType: ResourceTypeName, body: unknown) => unknown;
export type PatchRule = (resourceType: ResourceTypeName, ops: PatchOperation[]) => PatchOperation[];
export type QueryRule = (scope: QueryScope, params: RawParams) => RawParams;

/** A provider's dialect as data: which rules run, in order, on each kind of input. */
export interface DialectSpec {
  provider: string;
  /** Types not named answer 200 with the resource. */
  patchResponse?: Partial<Record<ResourceTypeName, PatchResponse>>;
  body?: readonly BodyRule[];
  patch?: readonly PatchRule[];
  query?: readonly QueryRule[];
}

/** Builds a Dialect that runs the spec's rules in order; a provider without rules speaks plain RFC. */
export function defineDialect(spec: DialectSpec): Dialect {
  const body = spec.body ?? [];
  const patch = spec.patch ?? [];
  const query = spec.query ?? [];
  return {
    provider: spec.provider,
    patchResponse: Object.freeze({ User: 'resource', Group: 'resource', ...spec.patchResponse }),
    normalizeBody: (type, input) => body.reduce((acc, rule) => rule(type, acc), input),
    normalizePatch: (type, ops) => patch.reduce((acc, rule) => rule(type, acc), ops),
    normalizeQuery: (scope, params) => query.reduce((acc, rule) => rule(scope, acc), params),
  };
}

/** A SearchRequest body through the dialect; anything but an object is left for the parser to refuse. */
export function normalizeSearchBody(dialect: Dialect, scope: QueryScope, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return dialect.normalizeQuery(scope, body as RawParams);
}
