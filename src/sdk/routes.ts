// Every admin API route the SDK calls, as `METHOD /path/{param}` under /api/v1. The client builds its
// requests from this table only, so test/openapi.test.ts can check each one against the OpenAPI document.

export const SDK_ROUTES = [
  'POST /organizations',
  'GET /organizations',
  'GET /organizations/{id}',
  'PATCH /organizations/{id}',
  'GET /organizations/{id}/held-users',
  'POST /organizations/{id}/portal-links',
  'POST /organizations/{orgId}/directories',
  'GET /organizations/{orgId}/directories',
  'GET /directories/{id}',
  'PATCH /directories/{id}',
  'DELETE /directories/{id}',
  'POST /directories/{id}/token',
  'POST /directories/{id}/token-rotations',
  'POST /directories/{id}/token-rotations/complete',
  'POST /directories/{id}/token-rotations/cancel',
  'GET /directories/{id}/users',
  'GET /directories/{id}/users/{userId}',
  'POST /users/{id}/approve',
  'POST /users/{id}/refuse',
  'POST /users/{id}/activity',
  'POST /users/{id}/suspension',
  'PATCH /users/{id}/suspension',
  'POST /users/{id}/suspension/end',
  'GET /users/{id}/suspensions',
  'POST /roles',
  'GET /roles',
  'PATCH /roles/{key}',
  'DELETE /roles/{key}',
  'POST /users/{id}/roles',
  'GET /users/{id}/roles',
  'PATCH /users/{id}/roles/{roleKey}',
  'DELETE /users/{id}/roles/{roleKey}',
  'GET /organizations/{id}/role-rules',
  'GET /organizations/{id}/role-rules/preview',
  'POST /organizations/{id}/role-rules',
  'DELETE /organizations/{id}/role-rules/{ruleId}',
  'POST /fields',
  'GET /fields',
  'PATCH /fields/{key}',
  'DELETE /fields/{key}',
  'GET /directories/{id}/mapping',
  'PUT /directories/{id}/mapping',
  'GET /directories/{id}/mapping/preview',
  'POST /directories/{id}/mapping/preview',
  'POST /organizations/{id}/access-reviews',
  'GET /organizations/{id}/access-reviews',
  'GET /organizations/{id}/access-reviews/{reviewId}',
  'GET /organizations/{id}/access-reviews/{reviewId}/items',
  'POST /organizations/{id}/access-reviews/{reviewId}/items/{itemId}/decision',
  'POST /organizations/{id}/access-reviews/{reviewId}/close',
  'GET /organizations/{id}/access-reviews/{reviewId}/evidence.csv',
  'GET /organizations/{id}/access-reviews/{reviewId}/report',
  'GET /offboarding-tasks',
  'PUT /offboarding-tasks',
  'GET /organizations/{id}/offboardings',
  'GET /organizations/{id}/offboardings/{offboardingId}',
  'POST /organizations/{id}/offboardings/{offboardingId}/tasks/{key}',
  'GET /organizations/{id}/seats',
  'GET /organizations/{id}/seats/never-signed-in',
  'GET /organizations/{id}/seats/active-while-inactive',
  'POST /organizations/{id}/jit',
  'POST /directories/{id}/imports',
  'GET /directories/{id}/imports/{importId}',
  'GET /directories/{id}/groups',
  'GET /directories/{id}/groups/{groupId}',
  'GET /directories/{id}/groups/{groupId}/members',
  'GET /directories/{id}/snapshot',
  'GET /directories/{id}/schemas',
  'POST /directories/{id}/schemas',
  'GET /directories/{id}/schemas/{urn}',
  'PUT /directories/{id}/schemas/{urn}',
  'DELETE /directories/{id}/schemas/{urn}',
  'GET /events',
  'POST /webhooks',
  'GET /webhooks',
  'GET /webhooks/{id}',
  'PATCH /webhooks/{id}',
  'DELETE /webhooks/{id}',
  'POST /webhooks/{id}/rotate-secret',
] as const;

export type SdkRoute = (typeof SDK_ROUTES)[number];

/** The `{names}` of a route template, so tsc refuses a call that forgets one. */
type ParamsOf<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamsOf<Rest> : never;

/** No argument for a route without parameters; otherwise every one of them. */
export type RouteArgs<R extends SdkRoute> = [ParamsOf<R>] extends [never] ? [] : [params: Record<ParamsOf<R>, string>];

export interface ResolvedRoute {
  method: string;
  /** Under /api/v1, each parameter URL-encoded. */
  path: string;
}

/** The HTTP method and path of one route of SDK_ROUTES. */
export function resolveRoute<R extends SdkRoute>(route: R, ...[params]: RouteArgs<R>): ResolvedRoute {
  const space = route.indexOf(' ');
  const values = (params ?? {}) as Record<string, string>;
  const path = route.slice(space + 1).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
  return { method: route.slice(0, space), path };
}
