// roster/sdk: the typed client of Roster's admin API, event types, webhook verification, and the
// helpers that keep an app's copy of a directory right (applyIfNewer, reconcile).
export { applyIfNewer, type ApplyOutcome, type IncomingEvent } from './apply-if-newer.ts';
export {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RosterApiError,
  ValidationError,
  WebhookVerificationError,
  type ApiErrorBody,
} from './errors.ts';
export * from './event-types.ts';
export type { EventIterator, EventPage, EventQuery, IterateOptions } from './events-iterator.ts';
export type { ClientOptions } from './http-client.ts';
export { createMemoryStore, type MemoryStore } from './memory-store.ts';
export type { ReconcileOptions, ReconcileResult } from './reconcile.ts';
export { createRosterClient, type PageOptions, type RosterClient, type UserListOptions, type WebhookInput } from './roster-client.ts';
export { SDK_OBJECT_FIELDS } from './object-fields.ts';
export { SDK_ROUTES, type SdkRoute } from './routes.ts';
export type { SnapshotStream } from './snapshot-stream.ts';
export { isNewer, versionKey, type Awaitable, type Membership, type Stamp, type SyncStore, type TombstoneRecord } from './sync-store.ts';
export type * from './types.ts';
export type * from './seat-types.ts';
export type * from './jit-types.ts';
export type * from './suspension-types.ts';
export type * from './offboarding-types.ts';
export type * from './role-types.ts';
export type * from './mapping-types.ts';
export type * from './access-review-types.ts';
export type * from './import-types.ts';
export type * from './portal-types.ts';
export type * from './custom-schema-types.ts';
export { verifyWebhook, type HeaderSource } from './webhook-verify.ts';
