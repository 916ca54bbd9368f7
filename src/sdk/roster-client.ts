// createRosterClient: a typed client of Roster's admin API (organizations, directories, tokens, the
// read API, snapshots, events, webhooks), over fetch.
import { applyIfNewer } from './apply-if-newer.ts';
import type { RosterEvent } from './event-types.ts';
import { eventQuery, iterateEvents, type EventIterator, type EventPage, type EventQuery, type IterateOptions } from './events-iterator.ts';
import { httpClient, type ClientOptions, type HttpClient, type QueryValue } from './http-client.ts';
import { reconcileDirectory, type ReconcileOptions, type ReconcileResult } from './reconcile.ts';
import { resolveRoute as route, type ResolvedRoute } from './routes.ts';
import { openSnapshotStream, type SnapshotStream } from './snapshot-stream.ts';
import type { PortalLink, PortalLinkInput } from './portal-types.ts';
import type { AccessReview, AccessReviewInput, AccessReviewItem } from './access-review-types.ts';
import type { DirectoryImport, DirectoryImportInput } from './import-types.ts';
import type {
  AppGroup,
  AppMember,
  AppUser,
  AppUserWithGroups,
  CreatedDirectory,
  CreatedWebhookEndpoint,
  Directory,
  ListPage,
  Organization,
  Provider,
  Snapshot,
  TokenRotated,
  TokenRotationStarted,
  TokenRotationStatus,
  WebhookEndpoint,
} from './types.ts';
import type { ActivityRecorded, InactiveSignIn, SeatUtilization } from './seat-types.ts';
import type { JitResult, JitSignInInput } from './jit-types.ts';
import type { Suspension } from './suspension-types.ts';
import type { Offboarding, OffboardingTask } from './offboarding-types.ts';
import type { Role, RoleGrant, RoleRule, RoleRulePreview } from './role-types.ts';
import type { AppField, DirectoryMapping, FieldType, MappingOverrides, MappingPreview } from './mapping-types.ts';
import type { CustomSchema, CustomSchemaInput } from './custom-schema-types.ts';
import { verifyWebhook, type HeaderSource } from './webhook-verify.ts';

export interface PageOptions {
  after?: string | undefined;
  limit?: number | undefined;
}

export interface UserListOptions extends PageOptions {
  /** A SCIM filter, e.g. `userName eq "ada@acme.com"` or `emails.value co "@acme.com"`. */
  filter?: string | undefined;
  /** Lifecycle states to include; all of them when absent. */
  state?: readonly ('active' | 'suspended' | 'deprovisioned' | 'held' | 'refused')[] | undefined;
}

export interface WebhookInput {
  url: string;
  eventTypes?: string[];
  organizationId?: string | null;
  description?: string | null;
  enabled?: boolean;
}

/** Every page of a keyset list, one item at a time. */
async function* allPages<T>(fetchPage: (after: string | undefined) => Promise<ListPage<T>>): AsyncGenerator<T> {
  for (let after: string | undefined; ; ) {
    const page = await fetchPage(after);
    yield* page.data;
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

type Query = Record<string, QueryValue>;

function client(http: HttpClient) {
  /** One request to a route of SDK_ROUTES (resolved by `route`): the only way this client reaches the server. */
  const call = <T>({ method, path }: ResolvedRoute, init: { query?: Query; body?: unknown } = {}) => http.request<T>(method, path, init);
  const users = {
    list: (directoryId: string, o: UserListOptions = {}) =>
      call<ListPage<AppUser>>(route('GET /directories/{id}/users', { id: directoryId }), { query: { filter: o.filter, state: o.state, after: o.after, limit: o.limit } }),
    get: (directoryId: string, userId: string) => call<AppUserWithGroups>(route('GET /directories/{id}/users/{userId}', { id: directoryId, userId })),
    /** Every user matching the options, page after page. */
    iterate: (directoryId: string, o: Omit<UserListOptions, 'after'> = {}) => allPages((after) => users.list(directoryId, { ...o, after })),
    approve: (userId: string) => call<AppUser>(route('POST /users/{id}/approve', { id: userId })),
    refuse: (userId: string) => call<AppUser>(route('POST /users/{id}/refuse', { id: userId })),
    /** Suspends an active user now (leave of absence); with `until`, they come back by themselves then. */
    suspend: (userId: string, o: { until?: string | null; reason?: string | null } = {}) =>
      call<Suspension>(route('POST /users/{id}/suspension', { id: userId }), { body: o }),
    rescheduleSuspension: (userId: string, until: string | null) => call<Suspension>(route('PATCH /users/{id}/suspension', { id: userId }), { body: { until } }),
    endSuspension: (userId: string) => call<Suspension>(route('POST /users/{id}/suspension/end', { id: userId })),
    suspensions: (userId: string) => call<ListPage<Suspension>>(route('GET /users/{id}/suspensions', { id: userId })),
    /** Reports a sign-in (seat utilization); a non-null `finding` means the IdP no longer has the user active. */
    markActive: (userId: string, at?: Date | string) =>
      call<ActivityRecorded>(route('POST /users/{id}/activity', { id: userId }), { body: at === undefined ? {} : { at: typeof at === 'string' ? at : at.toISOString() } }),
  };
  const groups = {
    list: (directoryId: string, o: PageOptions & { filter?: string } = {}) =>
      call<ListPage<AppGroup>>(route('GET /directories/{id}/groups', { id: directoryId }), { query: { filter: o.filter, after: o.after, limit: o.limit } }),
    get: (directoryId: string, groupId: string) => call<AppGroup>(route('GET /directories/{id}/groups/{groupId}', { id: directoryId, groupId })),
    members: (directoryId: string, groupId: string, o: PageOptions = {}) =>
      call<ListPage<AppMember>>(route('GET /directories/{id}/groups/{groupId}/members', { id: directoryId, groupId }), { query: { after: o.after, limit: o.limit } }),
    /** Every direct member of a group, page after page (groups may have 100,000). */
    iterateMembers: (directoryId: string, groupId: string, o: Omit<PageOptions, 'after'> = {}) => allPages((after) => groups.members(directoryId, groupId, { ...o, after })),
  };
  return {
    organizations: {
      create: (input: { name: string; domains?: string[] }) => call<Organization>(route('POST /organizations'), { body: input }),
      get: (id: string) => call<Organization>(route('GET /organizations/{id}', { id })),
      list: (o: PageOptions = {}) => call<ListPage<Organization>>(route('GET /organizations'), { query: { after: o.after, limit: o.limit } }),
      update: (id: string, patch: { name?: string; domains?: string[]; externalDomainPolicy?: 'allow' | 'hold' | 'reject' }) =>
        call<Organization>(route('PATCH /organizations/{id}', { id }), { body: patch }),
      heldUsers: (id: string) => call<ListPage<AppUser>>(route('GET /organizations/{id}/held-users', { id })),
      /** A single-use Admin Portal link for the organization's IT admin (docs/portal.md). */
      portalLink: (id: string, input: PortalLinkInput) => call<PortalLink>(route('POST /organizations/{id}/portal-links', { id }), { body: input }),
      /** Provisioned vs activated vs active in 30 days, now and by day for `days` days. */
      seats: (id: string, o: { days?: number } = {}) => call<SeatUtilization>(route('GET /organizations/{id}/seats', { id }), { query: { days: o.days } }),
      neverSignedIn: (id: string, o: PageOptions = {}) =>
        call<ListPage<AppUser>>(route('GET /organizations/{id}/seats/never-signed-in', { id }), { query: { after: o.after, limit: o.limit } }),
      /** At SSO login: the user to sign in (created on first login), or `allowed: false` with the reason. */
      jit: (id: string, assertion: JitSignInInput) => call<JitResult>(route('POST /organizations/{id}/jit', { id }), { body: assertion }),
      activeWhileInactive: (id: string, o: PageOptions = {}) =>
        call<ListPage<InactiveSignIn>>(route('GET /organizations/{id}/seats/active-while-inactive', { id }), { query: { after: o.after, limit: o.limit } }),
    },
    directories: {
      create: (organizationId: string, input: { name: string; provider: Provider }) =>
        call<CreatedDirectory>(route('POST /organizations/{orgId}/directories', { orgId: organizationId }), { body: input }),
      get: (id: string) => call<Directory>(route('GET /directories/{id}', { id })),
      list: (organizationId: string, o: PageOptions = {}) =>
        call<ListPage<Directory>>(route('GET /organizations/{orgId}/directories', { orgId: organizationId }), { query: { after: o.after, limit: o.limit } }),
      update: (id: string, patch: { name?: string; deprovisionRule?: 'deactivate' | 'delete'; attributeMode?: 'lenient' | 'strict'; storePasswords?: boolean; rateLimitPerSecond?: number; rateLimitBurst?: number; syncLogRetentionDays?: number }) =>
        call<Directory>(route('PATCH /directories/{id}', { id }), { body: patch }),
      delete: (id: string) => call<void>(route('DELETE /directories/{id}', { id })),
      /** A CSV import: with dryRun, the diff (nothing changes); otherwise it starts and runs in the background (poll getImport). */
      importUsers: (id: string, input: DirectoryImportInput) => call<DirectoryImport>(route('POST /directories/{id}/imports', { id }), { body: input }),
      getImport: (id: string, importId: string) => call<DirectoryImport>(route('GET /directories/{id}/imports/{importId}', { id, importId })),
    },
    /**
     * A directory's custom extension schemas (docs/custom-schemas.md). Changes that would leave values
     * users hold undefined answer 409 (ConflictError) unless `purge` removes those values.
     */
    customSchemas: {
      list: (directoryId: string) => call<ListPage<CustomSchema>>(route('GET /directories/{id}/schemas', { id: directoryId })),
      declare: (directoryId: string, input: CustomSchemaInput & { id: string }) => call<CustomSchema>(route('POST /directories/{id}/schemas', { id: directoryId }), { body: input }),
      get: (directoryId: string, urn: string) => call<CustomSchema>(route('GET /directories/{id}/schemas/{urn}', { id: directoryId, urn })),
      replace: (directoryId: string, urn: string, input: CustomSchemaInput, o: { purge?: boolean } = {}) =>
        call<CustomSchema>(route('PUT /directories/{id}/schemas/{urn}', { id: directoryId, urn }), { body: input, query: { purge: o.purge === undefined ? undefined : String(o.purge) } }),
      delete: (directoryId: string, urn: string, o: { purge?: boolean } = {}) =>
        call<void>(route('DELETE /directories/{id}/schemas/{urn}', { id: directoryId, urn }), { query: { purge: o.purge === undefined ? undefined : String(o.purge) } }),
    },
    tokens: {
      /** A new SCIM token; the old ones work for `gracePeriodSeconds` more (0: they stop now). */
      rotate: (directoryId: string, o: { gracePeriodSeconds?: number } = {}) => call<TokenRotated>(route('POST /directories/{id}/token', { id: directoryId }), { body: o }),
      startRotation: (directoryId: string) => call<TokenRotationStarted>(route('POST /directories/{id}/token-rotations', { id: directoryId })),
      completeRotation: (directoryId: string) =>
        call<TokenRotationStatus & { status: 'completed' }>(route('POST /directories/{id}/token-rotations/complete', { id: directoryId })),
      cancelRotation: (directoryId: string) =>
        call<TokenRotationStatus & { status: 'cancelled' }>(route('POST /directories/{id}/token-rotations/cancel', { id: directoryId })),
    },
    users,
    groups,
    snapshots: {
      /** The whole snapshot in memory: fine for small directories; use stream() or reconcile() for large ones. */
      get: (directoryId: string) => call<Snapshot>(route('GET /directories/{id}/snapshot', { id: directoryId })),
      stream: (directoryId: string, signal?: AbortSignal): Promise<SnapshotStream> => openSnapshotStream(http, directoryId, signal),
    },
    events: {
      list: (q: EventQuery = {}) => call<EventPage>(route('GET /events'), { query: eventQuery(q) }),
      iterate: (options: IterateOptions = {}): EventIterator => iterateEvents(http, options),
    },
    webhooks: {
      create: (input: WebhookInput) => call<CreatedWebhookEndpoint>(route('POST /webhooks'), { body: input }),
      get: (id: string) => call<WebhookEndpoint>(route('GET /webhooks/{id}', { id })),
      list: (o: PageOptions & { organizationId?: string } = {}) =>
        call<ListPage<WebhookEndpoint>>(route('GET /webhooks'), { query: { after: o.after, limit: o.limit, organizationId: o.organizationId } }),
      update: (id: string, patch: Partial<WebhookInput>) => call<WebhookEndpoint>(route('PATCH /webhooks/{id}', { id }), { body: patch }),
      delete: (id: string) => call<void>(route('DELETE /webhooks/{id}', { id })),
      rotateSecret: (id: string, o: { gracePeriodSeconds?: number } = {}) => call<CreatedWebhookEndpoint>(route('POST /webhooks/{id}/rotate-secret', { id }), { body: o }),
      /** Checks a delivery's signature with the endpoint's secret and returns the event (throws WebhookVerificationError). */
      verify: (headers: HeaderSource, body: string | Buffer, secret: string): RosterEvent => verifyWebhook(headers, body, secret),
    },
    roles: {
      create: (input: { key: string; name: string; description?: string | null; billable?: boolean }) => call<Role>(route('POST /roles'), { body: input }),
      list: () => call<ListPage<Role>>(route('GET /roles')),
      update: (key: string, patch: { name?: string; description?: string | null; billable?: boolean }) => call<Role>(route('PATCH /roles/{key}', { key }), { body: patch }),
      delete: (key: string) => call<void>(route('DELETE /roles/{key}', { key })),
      /** Gives a user a role; with `expiresAt` it ends by itself (contractors, temporary elevation). */
      grant: (userId: string, input: { roleKey: string; expiresAt?: string | null; reason?: string | null }) =>
        call<RoleGrant>(route('POST /users/{id}/roles', { id: userId }), { body: input }),
      ofUser: (userId: string) => call<ListPage<RoleGrant>>(route('GET /users/{id}/roles', { id: userId })),
      changeExpiry: (userId: string, roleKey: string, expiresAt: string | null) =>
        call<RoleGrant>(route('PATCH /users/{id}/roles/{roleKey}', { id: userId, roleKey }), { body: { expiresAt } }),
      revoke: (userId: string, roleKey: string) => call<RoleGrant>(route('DELETE /users/{id}/roles/{roleKey}', { id: userId, roleKey })),
      /** Role rules: a group's members, everyone, or users matching a SCIM filter hold the role, kept in step with every change. */
      rules: (organizationId: string) => call<ListPage<RoleRule>>(route('GET /organizations/{id}/role-rules', { id: organizationId })),
      /** Exactly one of groupId, everyone: true, or filter (e.g. `department eq "Sales"`). */
      addRule: (organizationId: string, input: { roleKey: string; groupId?: string; everyone?: boolean; filter?: string; includeNested?: boolean; priority?: number }) =>
        call<RoleRule>(route('POST /organizations/{id}/role-rules', { id: organizationId }), { body: input }),
      removeRule: (organizationId: string, ruleId: string) => call<void>(route('DELETE /organizations/{id}/role-rules/{ruleId}', { id: organizationId, ruleId })),
      /** Who a rule would match now: pass a group id, or `{ filter }` for an attribute rule. */
      previewRule: (organizationId: string, of: string | { filter: string }, includeNested = true) =>
        call<RoleRulePreview>(route('GET /organizations/{id}/role-rules/preview', { id: organizationId }), {
          query: typeof of === 'string' ? { groupId: of, includeNested: String(includeNested) } : { filter: of.filter },
        }),
    },
    /** Attribute mapping (docs/mapping.md): the app's fields, and per directory where each is read from. */
    fields: {
      /** A standard key (department, jobTitle, managerId, …) may leave out `type`; Okta and Entra need no mapping for it. */
      create: (input: { key: string; type?: FieldType; required?: boolean; description?: string | null }) => call<AppField>(route('POST /fields'), { body: input }),
      list: () => call<ListPage<AppField>>(route('GET /fields')),
      update: (key: string, patch: { type?: FieldType; required?: boolean; description?: string | null }) => call<AppField>(route('PATCH /fields/{key}', { key }), { body: patch }),
      delete: (key: string) => call<void>(route('DELETE /fields/{key}', { key })),
      /** The effective mapping of a directory and the progress of its recompute. */
      mapping: (directoryId: string) => call<DirectoryMapping>(route('GET /directories/{id}/mapping', { id: directoryId })),
      /** Replaces the directory's overrides (null unmaps a field) and recomputes its users' fields in the background. */
      setMapping: (directoryId: string, overrides: MappingOverrides) => call<DirectoryMapping>(route('PUT /directories/{id}/mapping', { id: directoryId }), { body: { fields: overrides } }),
      /** Real users with the fields the saved mapping gives them; with `proposed`, what those overrides would give (nothing saved). */
      preview: (directoryId: string, o: { limit?: number; proposed?: MappingOverrides } = {}) =>
        o.proposed === undefined
          ? call<MappingPreview>(route('GET /directories/{id}/mapping/preview', { id: directoryId }), { query: { limit: o.limit?.toString() } })
          : call<MappingPreview>(route('POST /directories/{id}/mapping/preview', { id: directoryId }), { query: { limit: o.limit?.toString() }, body: { fields: o.proposed } }),
    },
    /** Access reviews (docs/access.md §7): campaigns, keep/revoke decisions, and the evidence for auditors. */
    accessReviews: {
      create: (organizationId: string, input: AccessReviewInput) => call<AccessReview>(route('POST /organizations/{id}/access-reviews', { id: organizationId }), { body: input }),
      list: (organizationId: string) => call<ListPage<AccessReview>>(route('GET /organizations/{id}/access-reviews', { id: organizationId })),
      get: (organizationId: string, reviewId: string) => call<AccessReview>(route('GET /organizations/{id}/access-reviews/{reviewId}', { id: organizationId, reviewId })),
      items: (organizationId: string, reviewId: string, o: { reviewer?: string; decided?: boolean } = {}) =>
        call<ListPage<AccessReviewItem>>(route('GET /organizations/{id}/access-reviews/{reviewId}/items', { id: organizationId, reviewId }), {
          query: { reviewer: o.reviewer, decided: o.decided === undefined ? undefined : String(o.decided) },
        }),
      /** Keep or revoke; `reviewer` must be the item's reviewer or the fallback, never the user under review. */
      decide: (organizationId: string, reviewId: string, itemId: string, input: { decision: 'keep' | 'revoke'; reason?: string | null; reviewer: string }) =>
        call<AccessReviewItem>(route('POST /organizations/{id}/access-reviews/{reviewId}/items/{itemId}/decision', { id: organizationId, reviewId, itemId }), { body: input }),
      close: (organizationId: string, reviewId: string) => call<AccessReview>(route('POST /organizations/{id}/access-reviews/{reviewId}/close', { id: organizationId, reviewId })),
      /** The evidence as CSV text (user, role, source, reviewer, decision, reason, decided_at, outcome). */
      evidenceCsv: async (organizationId: string, reviewId: string): Promise<string> =>
        (await http.stream(route('GET /organizations/{id}/access-reviews/{reviewId}/evidence.csv', { id: organizationId, reviewId }).path, { accept: 'text/csv' })).text(),
      /** The evidence as a printable HTML page. */
      report: async (organizationId: string, reviewId: string): Promise<string> =>
        (await http.stream(route('GET /organizations/{id}/access-reviews/{reviewId}/report', { id: organizationId, reviewId }).path, { accept: 'text/html' })).text(),
    },
    offboarding: {
      tasks: () => call<ListPage<OffboardingTask>>(route('GET /offboarding-tasks')),
      /** Declares the tasks every leaver gets, in order (replaces the list; running offboardings keep theirs). */
      setTasks: (tasks: { key: string; name: string; description?: string | null }[]) => call<ListPage<OffboardingTask>>(route('PUT /offboarding-tasks'), { body: { tasks } }),
      list: (organizationId: string, o: PageOptions & { status?: 'open' | 'completed' | 'cancelled' | 'all' } = {}) =>
        call<ListPage<Offboarding>>(route('GET /organizations/{id}/offboardings', { id: organizationId }), { query: { status: o.status, after: o.after, limit: o.limit } }),
      get: (organizationId: string, offboardingId: string) => call<Offboarding>(route('GET /organizations/{id}/offboardings/{offboardingId}', { id: organizationId, offboardingId })),
      /** Ticks a task off (or back on with `done: false`); the offboarding completes with its last task. */
      markDone: (organizationId: string, offboardingId: string, key: string, o: { done?: boolean; note?: string | null; doneBy?: string | null } = {}) =>
        call<Offboarding>(route('POST /organizations/{id}/offboardings/{offboardingId}/tasks/{key}', { id: organizationId, offboardingId, key }), { body: o }),
    },
    /** Rebuilds the app's store for a directory from a snapshot; follow events from the returned cursor. */
    reconcile: (options: ReconcileOptions): Promise<ReconcileResult> => reconcileDirectory(http, options),
    applyIfNewer,
  };
}

export type RosterClient = ReturnType<typeof client>;

/** A client of one Roster server: `createRosterClient({ baseUrl, apiKey })`. */
export function createRosterClient(options: ClientOptions): RosterClient {
  return client(httpClient(options));
}
