// createRosterClient: a typed client of Roster's admin API (organizations, directories, tokens, the
// read API, snapshots, events, webhooks), over fetch.
import { applyIfNewer } from './apply-if-newer.ts';
import type { RosterEvent } from './event-types.ts';
import { eventQuery, iterateEvents, type EventIterator, type EventPage, type EventQuery, type IterateOptions } from './events-iterator.ts';
import { httpClient, type ClientOptions, type HttpClient } from './http-client.ts';
import { reconcileDirectory, type ReconcileOptions, type ReconcileResult } from './reconcile.ts';
import { openSnapshotStream, type SnapshotStream } from './snapshot-stream.ts';
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
  WebhookEndpoint,
} from './types.ts';
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

const enc = encodeURIComponent;

/** Every page of a keyset list, one item at a time. */
async function* allPages<T>(fetchPage: (after: string | undefined) => Promise<ListPage<T>>): AsyncGenerator<T> {
  for (let after: string | undefined; ; ) {
    const page = await fetchPage(after);
    yield* page.data;
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

function client(http: HttpClient) {
  const get = <T>(path: string, query?: Record<string, string | number | readonly string[] | undefined>) => http.request<T>('GET', path, { query: query ?? {} });
  const users = {
    list: (directoryId: string, o: UserListOptions = {}) => get<ListPage<AppUser>>(`/directories/${enc(directoryId)}/users`, { filter: o.filter, state: o.state, after: o.after, limit: o.limit }),
    get: (directoryId: string, userId: string) => get<AppUserWithGroups>(`/directories/${enc(directoryId)}/users/${enc(userId)}`),
    /** Every user matching the options, page after page. */
    iterate: (directoryId: string, o: Omit<UserListOptions, 'after'> = {}) => allPages((after) => users.list(directoryId, { ...o, after })),
    approve: (userId: string) => http.request<AppUser>('POST', `/users/${enc(userId)}/approve`),
    refuse: (userId: string) => http.request<AppUser>('POST', `/users/${enc(userId)}/refuse`),
  };
  const groups = {
    list: (directoryId: string, o: PageOptions & { filter?: string } = {}) => get<ListPage<AppGroup>>(`/directories/${enc(directoryId)}/groups`, { filter: o.filter, after: o.after, limit: o.limit }),
    get: (directoryId: string, groupId: string) => get<AppGroup>(`/directories/${enc(directoryId)}/groups/${enc(groupId)}`),
    members: (directoryId: string, groupId: string, o: PageOptions = {}) =>
      get<ListPage<AppMember>>(`/directories/${enc(directoryId)}/groups/${enc(groupId)}/members`, { after: o.after, limit: o.limit }),
    /** Every direct member of a group, page after page (groups may have 100,000). */
    iterateMembers: (directoryId: string, groupId: string, o: Omit<PageOptions, 'after'> = {}) => allPages((after) => groups.members(directoryId, groupId, { ...o, after })),
  };
  return {
    organizations: {
      create: (input: { name: string; domains?: string[] }) => http.request<Organization>('POST', '/organizations', { body: input }),
      get: (id: string) => get<Organization>(`/organizations/${enc(id)}`),
      list: (o: PageOptions = {}) => get<ListPage<Organization>>('/organizations', { after: o.after, limit: o.limit }),
      update: (id: string, patch: { name?: string; domains?: string[]; externalDomainPolicy?: 'allow' | 'hold' | 'reject' }) =>
        http.request<Organization>('PATCH', `/organizations/${enc(id)}`, { body: patch }),
      heldUsers: (id: string) => get<ListPage<AppUser>>(`/organizations/${enc(id)}/held-users`),
    },
    directories: {
      create: (organizationId: string, input: { name: string; provider: Provider }) =>
        http.request<CreatedDirectory>('POST', `/organizations/${enc(organizationId)}/directories`, { body: input }),
      get: (id: string) => get<Directory>(`/directories/${enc(id)}`),
      list: (organizationId: string, o: PageOptions = {}) => get<ListPage<Directory>>(`/organizations/${enc(organizationId)}/directories`, { after: o.after, limit: o.limit }),
      update: (id: string, patch: { name?: string; deprovisionRule?: 'deactivate' | 'delete'; rateLimitPerSecond?: number; rateLimitBurst?: number; syncLogRetentionDays?: number }) =>
        http.request<Directory>('PATCH', `/directories/${enc(id)}`, { body: patch }),
      delete: (id: string) => http.request<void>('DELETE', `/directories/${enc(id)}`),
    },
    tokens: {
      /** A new SCIM token; the old ones work for `gracePeriodSeconds` more (0: they stop now). */
      rotate: (directoryId: string, o: { gracePeriodSeconds?: number } = {}) =>
        http.request<{ directoryId: string; bearerToken: string; previousTokensExpireAt: string }>('POST', `/directories/${enc(directoryId)}/token`, { body: o }),
      startRotation: (directoryId: string) => http.request<{ directoryId: string; status: 'pending'; bearerToken: string }>('POST', `/directories/${enc(directoryId)}/token-rotations`),
      completeRotation: (directoryId: string) => http.request<{ directoryId: string; status: 'completed' }>('POST', `/directories/${enc(directoryId)}/token-rotations/complete`),
      cancelRotation: (directoryId: string) => http.request<{ directoryId: string; status: 'cancelled' }>('POST', `/directories/${enc(directoryId)}/token-rotations/cancel`),
    },
    users,
    groups,
    snapshots: {
      /** The whole snapshot in memory: fine for small directories; use stream() or reconcile() for large ones. */
      get: (directoryId: string) => get<Snapshot>(`/directories/${enc(directoryId)}/snapshot`),
      stream: (directoryId: string, signal?: AbortSignal): Promise<SnapshotStream> => openSnapshotStream(http, directoryId, signal),
    },
    events: {
      list: (q: EventQuery = {}) => get<EventPage>('/events', eventQuery(q)),
      iterate: (options: IterateOptions = {}): EventIterator => iterateEvents(http, options),
    },
    webhooks: {
      create: (input: WebhookInput) => http.request<CreatedWebhookEndpoint>('POST', '/webhooks', { body: input }),
      get: (id: string) => get<WebhookEndpoint>(`/webhooks/${enc(id)}`),
      list: (o: PageOptions & { organizationId?: string } = {}) => get<ListPage<WebhookEndpoint>>('/webhooks', { after: o.after, limit: o.limit, organizationId: o.organizationId }),
      update: (id: string, patch: Partial<WebhookInput>) => http.request<WebhookEndpoint>('PATCH', `/webhooks/${enc(id)}`, { body: patch }),
      delete: (id: string) => http.request<void>('DELETE', `/webhooks/${enc(id)}`),
      rotateSecret: (id: string, o: { gracePeriodSeconds?: number } = {}) => http.request<CreatedWebhookEndpoint>('POST', `/webhooks/${enc(id)}/rotate-secret`, { body: o }),
      /** Checks a delivery's signature with the endpoint's secret and returns the event (throws WebhookVerificationError). */
      verify: (headers: HeaderSource, body: string | Buffer, secret: string): RosterEvent => verifyWebhook(headers, body, secret),
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
