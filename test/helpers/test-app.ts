// Builds Roster on a fresh store for end-to-end tests and speaks SCIM and the admin API through inject().
import type { FastifyInstance, RouteOptions } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { ensureAdminKey } from '../../src/directory/admin-keys.ts';
import { buildApp, type AppDeps } from '../../src/http/app.ts';
import { guardSerialization } from './serialization-guard.ts';
import { openTestStore, type TestStore } from './test-store.ts';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const ORIGIN = 'http://roster.test';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any;
  text: string;
}

export interface TestDirectory {
  id: string;
  organizationId: string;
  token: string;
  /** SCIM base path, e.g. /scim/v2/<id>. */
  base: string;
  scim(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

export interface TestApp {
  app: FastifyInstance;
  db: TestStore;
  admin(method: string, path: string, body?: unknown, key?: string): Promise<Reply>;
  createDirectory(provider?: string, organizationId?: string): Promise<TestDirectory>;
  close(): Promise<void>;
}

type InjectMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

async function send(app: FastifyInstance, method: string, url: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await app.inject({
    method: method as InjectMethod,
    url,
    headers: { ...(payload !== undefined ? { 'content-type': 'application/scim+json' } : {}), ...headers },
    ...(payload !== undefined ? { payload } : {}),
  });
  let parsed: unknown;
  try {
    parsed = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, text: res.body };
}

/** Roster on its own store; close() drops everything. */
export async function startTestApp(env: Record<string, string> = {}, deps: Partial<Omit<AppDeps, 'store'>> = {}): Promise<TestApp> {
  const db = await openTestStore();
  // Every inject() comes from one address, and many tests fail authentication on purpose: the
  // brute-force throttle is off unless a test turns it on (test/brute-force.test.ts does).
  const config = loadConfig({ ROSTER_ADMIN_API_KEY: ADMIN_KEY, ROSTER_PUBLIC_URL: ORIGIN, LOG_LEVEL: 'silent', ROSTER_AUTH_MAX_FAILURES: '0', ...env });
  await ensureAdminKey(db.store.db, config.adminApiKey);
  // Every admin answer of every e2e test is checked against what its handler sent (serialization-guard.ts).
  const onRoute = (route: RouteOptions) => {
    deps.onRoute?.(route);
    guardSerialization(route);
  };
  const app = await buildApp(config, { store: db.store, logger: false, ...deps, onRoute });
  const admin = (method: string, path: string, body?: unknown, key = ADMIN_KEY) =>
    send(app, method, `/api/v1${path}`, body, { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) });
  let defaultOrg: string | undefined;
  return {
    app,
    db,
    admin,
    async createDirectory(provider = 'generic', organizationId?: string) {
      if (!organizationId) {
        defaultOrg ??= (await admin('POST', '/organizations', { name: 'Acme' })).body.id as string;
      }
      const orgId = organizationId ?? (defaultOrg as string);
      const created = await admin('POST', `/organizations/${orgId}/directories`, { name: `${provider} directory`, provider });
      if (created.status !== 201) throw new Error(`could not create directory: ${created.text}`);
      const { id, bearerToken } = created.body as { id: string; bearerToken: string };
      const base = `/scim/v2/${id}`;
      return {
        id,
        organizationId: orgId,
        token: bearerToken,
        base,
        scim: (method, path, body, headers = {}) => send(app, method, `${base}${path}`, body, { authorization: `Bearer ${bearerToken}`, ...headers }),
      };
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A typical IdP create body. */
export function userBody(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const local = userName.split('@')[0] ?? userName;
  return {
    schemas: [USER_URN],
    userName,
    name: { givenName: local, familyName: 'Test' },
    emails: [{ value: userName.includes('@') ? userName : `${userName}@example.com`, type: 'work', primary: true }],
    active: true,
    ...extra,
  };
}

export function patchBody(...operations: unknown[]): Record<string, unknown> {
  return { schemas: [PATCH_URN], Operations: operations };
}
