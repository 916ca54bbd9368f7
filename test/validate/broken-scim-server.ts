// A small in-memory SCIM server with switchable defects, so the validator can be shown to catch each one.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DEFECTS = [
  'wrong-totals',
  'patch-ignored',
  '500-instead-of-404',
  'errors-without-schemas',
  'case-sensitive-username-filter',
  'duplicate-create-allowed',
] as const;
export type Defect = (typeof DEFECTS)[number];

export interface BrokenServerOptions {
  defects?: Defect[];
  /** Answer every n-th request with 429 and Retry-After: 1 (not a defect: the validator must wait and retry). */
  throttleEvery?: number;
}

export interface BrokenServer {
  baseUrl: string;
  token: string;
  users: Map<string, Resource>;
  groups: Map<string, Resource>;
  /** Requests answered 429. */
  throttled: number;
  close(): Promise<void>;
}

type Resource = Record<string, any>;

const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: string,
  ) {
    super(message);
  }
}

const attrDefs = (names: string[]) => names.map((name) => ({ name, type: 'string', multiValued: false, required: name === 'userName', caseExact: false, uniqueness: name === 'userName' ? 'server' : 'none' }));

const DISCOVERY: Record<string, unknown> = {
  ServiceProviderConfig: {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer', description: 'bearer token' }],
  },
  ResourceTypes: [
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: URN.user },
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'Group', name: 'Group', endpoint: '/Groups', schema: URN.group },
  ],
  Schemas: [
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'], id: URN.user, name: 'User', attributes: attrDefs(['userName', 'name', 'displayName', 'title', 'emails', 'active']) },
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'], id: URN.group, name: 'Group', attributes: attrDefs(['displayName', 'members']) },
  ],
};

const list = (resources: unknown[], total: number, startIndex: number) => ({ schemas: [URN.list], totalResults: total, itemsPerPage: resources.length, startIndex, Resources: resources });

/** `a eq "x"`, `a pr`, joined by `and`: all this server understands; anything else is a 400 invalidFilter. */
function compileFilter(text: string, caseSensitiveUserName: boolean): (r: Resource) => boolean {
  const parts = text.split(/\s+and\s+/i).map((part) => {
    const pr = /^([\w.:]+)\s+pr$/i.exec(part.trim());
    if (pr) return (r: Resource) => get(r, pr[1] as string) !== undefined && get(r, pr[1] as string) !== '';
    const eq = /^([\w.:]+)\s+eq\s+"((?:[^"\\]|\\.)*)"$/i.exec(part.trim());
    if (!eq) throw new HttpError(400, `cannot parse filter "${text}"`, 'invalidFilter');
    const [, name, value] = eq as unknown as [string, string, string];
    const exact = name.toLowerCase() === 'externalid' || name.toLowerCase() === 'id' || (caseSensitiveUserName && name.toLowerCase() === 'username');
    return (r: Resource) => {
      const v = get(r, name);
      return typeof v === 'string' && (exact ? v === value : v.toLowerCase() === value.toLowerCase());
    };
  });
  return (r) => parts.every((p) => p(r));
}

function get(r: Resource, path: string): unknown {
  return path.split('.').reduce<any>((v, k) => (v && typeof v === 'object' ? v[Object.keys(v).find((x) => x.toLowerCase() === k.toLowerCase()) ?? k] : undefined), r);
}

const bool = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() === 'true' : v);

/** Sets one PATCH path on a user or group: the paths Okta and Entra send, nothing more. */
function setPath(r: Resource, path: string, value: unknown, op: string): void {
  if (path.startsWith(`${URN.enterprise}:`)) {
    r[URN.enterprise] = { ...(r[URN.enterprise] ?? {}), [path.slice(URN.enterprise.length + 1)]: value };
    return;
  }
  const lower = path.toLowerCase();
  const members = /^members\[value eq "([^"]+)"\]$/i.exec(path);
  if (members) {
    r.members = (r.members ?? []).filter((m: Resource) => m.value !== members[1]);
  } else if (lower === 'members') {
    const given = (Array.isArray(value) ? value : []).map((m: Resource) => ({ value: m.value }));
    const ids = new Set(given.map((m) => m.value));
    if (op === 'replace') r.members = given;
    else if (op === 'remove') r.members = Array.isArray(value) ? (r.members ?? []).filter((m: Resource) => !ids.has(m.value)) : [];
    else r.members = [...(r.members ?? []).filter((m: Resource) => !ids.has(m.value)), ...given];
  } else if (lower === 'emails[type eq "work"].value') {
    const emails = (r.emails ?? []).filter((e: Resource) => e.type !== 'work');
    r.emails = [...emails, { type: 'work', value, primary: true }];
  } else if (lower.includes('.')) {
    const [parent, child] = path.split('.') as [string, string];
    r[parent] = { ...(r[parent] ?? {}), [child]: value };
  } else if (lower === 'active') {
    r.active = bool(value);
  } else if (lower !== 'id') {
    r[path] = value;
  }
}

export async function startBrokenServer(opts: BrokenServerOptions = {}): Promise<BrokenServer> {
  const defects = new Set(opts.defects ?? []);
  const token = `broken-${randomUUID()}`;
  const store = { Users: new Map<string, Resource>(), Groups: new Map<string, Resource>() };
  let requests = 0;
  const state = { throttled: 0 };

  function notFound(what: string): never {
    if (defects.has('500-instead-of-404')) throw new HttpError(500, `internal error looking up ${what}`);
    throw new HttpError(404, `${what} not found`);
  }

  function validate(kind: 'Users' | 'Groups', body: Resource, selfId?: string): Resource {
    const r: Resource = { ...body };
    delete r.id;
    delete r.meta;
    delete r.password;
    delete r.groups;
    if (kind === 'Users') {
      if (typeof r.userName !== 'string' || !r.userName) throw new HttpError(400, 'userName is required', 'invalidValue');
      r.active = r.active === undefined ? true : bool(r.active);
      const clash = [...store.Users.entries()].find(([id, u]) => id !== selfId && u.userName.toLowerCase() === r.userName.toLowerCase());
      if (clash && !defects.has('duplicate-create-allowed')) throw new HttpError(409, `userName ${r.userName} is taken`, 'uniqueness');
    } else {
      r.members = (r.members ?? []).map((m: Resource) => ({ value: m.value }));
    }
    return r;
  }

  function render(kind: 'Users' | 'Groups', id: string, r: Resource, excluded: string[]): Resource {
    const out: Resource = { ...r, id, meta: { resourceType: kind === 'Users' ? 'User' : 'Group' } };
    out.schemas = [kind === 'Users' ? URN.user : URN.group];
    for (const e of excluded) delete out[e];
    return out;
  }

  function handle(method: string, url: URL, body: Resource | undefined): { status: number; body?: unknown } {
    const [, kindRaw, id] = /^\/scim\/v2\/(\w+)(?:\/(.+))?$/.exec(url.pathname) ?? [];
    if (kindRaw && kindRaw in DISCOVERY && method === 'GET') {
      const d = DISCOVERY[kindRaw];
      if (!Array.isArray(d)) return { status: 200, body: d };
      if (id) return { status: 200, body: d.find((x) => x.id === decodeURIComponent(id)) ?? notFound(id) };
      return { status: 200, body: list(d, d.length, 1) };
    }
    if (kindRaw !== 'Users' && kindRaw !== 'Groups') throw new HttpError(404, `no endpoint ${url.pathname}`);
    const kind = kindRaw;
    const map = store[kind];
    const excluded = (url.searchParams.get('excludedAttributes') ?? '').split(',').filter(Boolean);
    if (!id && method === 'GET') {
      const filter = url.searchParams.get('filter');
      const match = filter ? compileFilter(filter, defects.has('case-sensitive-username-filter')) : () => true;
      const all = [...map.entries()].filter(([, r]) => match(r));
      const startIndex = Math.max(1, Number(url.searchParams.get('startIndex') ?? 1));
      const count = Math.max(0, Number(url.searchParams.get('count') ?? 100));
      const page = all.slice(startIndex - 1, startIndex - 1 + count).map(([rid, r]) => render(kind, rid, r, excluded));
      return { status: 200, body: list(page, defects.has('wrong-totals') ? page.length : all.length, startIndex) };
    }
    if (!id && method === 'POST') {
      const newId = randomUUID();
      map.set(newId, validate(kind, body ?? {}));
      return { status: 201, body: render(kind, newId, map.get(newId) as Resource, []) };
    }
    const current = id ? map.get(id) : undefined;
    if (!id || !current) return notFound(`${kind}/${id}`);
    if (method === 'GET') return { status: 200, body: render(kind, id, current, excluded) };
    if (method === 'DELETE') {
      map.delete(id);
      return { status: 204 };
    }
    if (method === 'PUT') {
      map.set(id, validate(kind, body ?? {}, id));
      return { status: 200, body: render(kind, id, map.get(id) as Resource, []) };
    }
    if (method === 'PATCH') {
      const next = structuredClone(current);
      for (const op of (body?.Operations ?? []) as Resource[]) {
        const name = String(op.op).toLowerCase();
        if (op.path) setPath(next, op.path, op.value, name);
        else if (name === 'remove') throw new HttpError(400, 'remove needs a path', 'noTarget');
        else for (const [k, v] of Object.entries(op.value ?? {})) setPath(next, k, v, name);
      }
      if (!defects.has('patch-ignored')) map.set(id, validate(kind, next, id));
      return { status: 200, body: render(kind, id, map.get(id) as Resource, []) };
    }
    throw new HttpError(405, `${method} not allowed`);
  }

  function send(res: ServerResponse, status: number, body?: unknown): void {
    res.statusCode = status;
    if (body !== undefined) {
      res.setHeader('content-type', 'application/scim+json');
      res.end(JSON.stringify(body));
    } else res.end();
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      requests++;
      try {
        if (opts.throttleEvery && requests % opts.throttleEvery === 0) {
          state.throttled++;
          res.setHeader('retry-after', '1');
          throw new HttpError(429, 'slow down');
        }
        if (req.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, 'bad token');
        let body: Resource | undefined;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          throw new HttpError(400, 'the body is not JSON', 'invalidSyntax');
        }
        const out = handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x'), body);
        send(res, out.status, out.body);
      } catch (error) {
        const e = error instanceof HttpError ? error : new HttpError(500, String(error));
        const errorBody = { status: String(e.status), detail: e.message, ...(e.scimType ? { scimType: e.scimType } : {}) };
        send(res, e.status, defects.has('errors-without-schemas') ? errorBody : { schemas: [URN.error], ...errorBody });
      }
    });
  }

  const server: Server = createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    token,
    users: store.Users,
    groups: store.Groups,
    get throttled() {
      return state.throttled;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
