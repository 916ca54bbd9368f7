// Roster listening on a real port (0: any free one), for clients that need sockets: a browser, the SDK over HTTP.
import type { AddressInfo } from 'node:net';
import type { AppDeps } from '../../src/http/app.ts';
import { ADMIN_KEY, startTestApp, type TestApp } from './test-app.ts';

export interface ListeningApp extends TestApp {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The admin API over HTTP with the admin key. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** Starts Roster on 127.0.0.1 at a free port; links and SCIM URLs use that origin (no ROSTER_PUBLIC_URL). */
export async function startListeningApp(env: Record<string, string> = {}, deps: Partial<Omit<AppDeps, 'store'>> = {}): Promise<ListeningApp> {
  const t = await startTestApp({ ROSTER_PUBLIC_URL: '', ...env }, deps);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...t,
    url,
    async api(method, path, body) {
      const res = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}
