// What a check gets: the client, a unique name prefix, and fixtures that are tracked for cleanup.
import { randomUUID } from 'node:crypto';
import { CheckSkipped, type Idp } from './check.ts';
import { answered, attr, URN } from './expect.ts';
import type { CallOptions, Exchange, ScimClient } from './scim-client.ts';

export interface Created {
  id: string;
  userName: string;
  externalId: string;
  resource: Record<string, any>;
  exchange: Exchange;
}

export interface CreatedGroup {
  id: string;
  displayName: string;
  resource: Record<string, any>;
}

/** Everything the run made, so cleanup can remove it even after a failed check. */
export class Tracker {
  readonly users = new Set<string>();
  readonly groups = new Set<string>();
}

export class CheckContext {
  #n = 0;
  #spc: Promise<Record<string, any> | undefined> | undefined;

  constructor(
    readonly client: ScimClient,
    readonly prefix: string,
    readonly idp: Idp,
    readonly tracker: Tracker,
  ) {}

  /** A unique name under the run's prefix: `roster-validate-3f9a1c-dup-4`. */
  name(tag: string): string {
    return `${this.prefix}-${tag}-${++this.#n}`;
  }

  call(method: string, path: string, body?: unknown, extra?: CallOptions): Promise<Exchange> {
    return this.client.call(method, path, body, extra);
  }

  /** The ServiceProviderConfig, fetched once; undefined when the server does not serve one. */
  serviceProviderConfig(): Promise<Record<string, any> | undefined> {
    this.#spc ??= this.call('GET', '/ServiceProviderConfig').then((e) => (e.status === 200 && e.json && typeof e.json === 'object' ? e.json : undefined));
    return this.#spc;
  }

  /** The body an IdP typically sends to create a user. */
  userBody(tag = 'user', extra: Record<string, unknown> = {}): Record<string, any> {
    const userName = `${this.name(tag)}@example.com`;
    return {
      schemas: [URN.user],
      userName,
      externalId: randomUUID(),
      name: { givenName: 'Ada', familyName: 'Validate' },
      emails: [{ value: userName, type: 'work', primary: true }],
      active: true,
      ...extra,
    };
  }

  /** POSTs `body` as a user fixture; a check that needs one skips when the server cannot make it. */
  async createUser(body: Record<string, any> = this.userBody()): Promise<Created> {
    const e = await this.call('POST', '/Users', body);
    const id = e.json && typeof e.json.id === 'string' ? (e.json.id as string) : undefined;
    if (id && e.status >= 200 && e.status < 300) this.tracker.users.add(id);
    if (e.status !== 201 || !id) throw new CheckSkipped(`could not create a test user (POST /Users → ${answered(e)})`);
    return { id, userName: body.userName, externalId: body.externalId, resource: e.json, exchange: e };
  }

  async createGroup(body: Record<string, any> = {}): Promise<CreatedGroup> {
    const displayName = (body.displayName as string | undefined) ?? this.name('group');
    const e = await this.call('POST', '/Groups', { schemas: [URN.group], displayName, members: [], ...body });
    const id = e.json && typeof e.json.id === 'string' ? (e.json.id as string) : undefined;
    if (id && e.status >= 200 && e.status < 300) this.tracker.groups.add(id);
    if (e.status !== 201 || !id) throw new CheckSkipped(`could not create a test group (POST /Groups → ${answered(e)})`);
    return { id, displayName, resource: e.json };
  }

  /** GET of a fixture; a check skips when it cannot read back what it made. */
  async read(resource: 'Users' | 'Groups', id: string, query = ''): Promise<{ resource: Record<string, any>; exchange: Exchange }> {
    const e = await this.call('GET', `/${resource}/${encodeURIComponent(id)}${query}`);
    if (e.status !== 200 || !e.json || attr(e.json, 'id') !== id) throw new CheckSkipped(`could not read back ${resource}/${id} (GET → ${answered(e)})`);
    return { resource: e.json, exchange: e };
  }

  /** Whether PATCH is advertised; PATCH checks skip on a server that says it has none. */
  async requirePatch(): Promise<void> {
    const spc = await this.serviceProviderConfig();
    if (spc && attr(attr(spc, 'patch'), 'supported') === false) throw new CheckSkipped('ServiceProviderConfig says patch.supported is false');
  }
}

export function patch(...operations: unknown[]): Record<string, unknown> {
  return { schemas: [URN.patch], Operations: operations };
}

export const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
export const q = (filter: string) => encodeURIComponent(filter);
