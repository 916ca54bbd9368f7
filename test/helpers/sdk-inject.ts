// Lets the SDK talk to a test app through inject(): a fetch that never opens a socket.
import type { FastifyInstance } from 'fastify';
import { createRosterClient, type RosterClient } from '../../src/sdk/index.ts';
import { ADMIN_KEY, ORIGIN } from './test-app.ts';

type InjectMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A fetch over app.inject (whole bodies, which is enough for tests). */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const res = await app.inject({
      method: (init?.method ?? 'GET') as InjectMethod,
      url: `${url.pathname}${url.search}`,
      headers,
      ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
    });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: out });
  }) as typeof fetch;
}

/** The SDK client of a test app, without sockets. */
export function injectClient(app: FastifyInstance): RosterClient {
  return createRosterClient({ baseUrl: ORIGIN, apiKey: ADMIN_KEY, fetch: injectFetch(app) });
}
