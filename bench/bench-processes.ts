// The bench's processes: Roster servers on their own databases, set up through the admin API as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SERVER_NODE_FLAGS } from '../src/node-flags.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on a server (create/drop database, checks); a client per call. */
export async function runSql<Row = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as Row[];
  } finally {
    await c.end();
  }
}

export function startProcess(cmd: string, argv: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 90 s:\n${out}`)), 90_000);
    const on = (b: Buffer) => {
      // Keep the head (the ready line) and a tail for failures; a long run must not grow this without end.
      out = out.length < 20_000 ? out + b.toString() : out;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

export interface RosterServer {
  child: ChildProcess;
  url: string;
}

/** `node <SERVER_NODE_FLAGS> --import tsx src/main.ts` (as npm start) on a free port; it migrates its store before it listens. */
export async function startRoster(env: Record<string, string>, profile = false): Promise<RosterServer> {
  const argv = [...SERVER_NODE_FLAGS, ...(profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, '.tmp', 'profiles')] : []), '--import', 'tsx', 'src/main.ts'];
  const { child, output } = await startProcess(process.execPath, argv, { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, /listening on (http:\/\/\S+)/);
  return { child, url: /listening on (http:\/\/\S+)/.exec(output())?.[1] as string };
}

export async function adminCall(url: string, key: string, method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await r.json()) as Record<string, unknown>;
  if (!r.ok) throw new Error(`${method} ${route} → ${r.status} ${JSON.stringify(json)}`);
  return json;
}

export interface BenchDirectory {
  id: string;
  organizationId: string;
  scimBaseUrl: string;
  token: string;
}

/**
 * An organization (or the given one) and a directory. `perSecond` 0 lifts the per-directory
 * limit so the bench measures the server, not the limiter; a number sets the limit (burst = 1 s).
 */
export async function createDirectory(url: string, key: string, name: string, provider: string, perSecond = 0, organizationId?: string): Promise<BenchDirectory> {
  const orgId = organizationId ?? ((await adminCall(url, key, 'POST', '/organizations', { name })).id as string);
  const dir = await adminCall(url, key, 'POST', `/organizations/${orgId}/directories`, { name, provider });
  const limits = perSecond > 0 ? { rateLimitPerSecond: perSecond, rateLimitBurst: perSecond } : { rateLimitPerSecond: 100000, rateLimitBurst: 1000000 };
  await adminCall(url, key, 'PATCH', `/directories/${dir.id as string}`, limits);
  return { id: dir.id as string, organizationId: orgId, scimBaseUrl: dir.scimBaseUrl as string, token: dir.bearerToken as string };
}

export async function setDirectoryLimit(url: string, key: string, directoryId: string, perSecond: number): Promise<void> {
  await adminCall(url, key, 'PATCH', `/directories/${directoryId}`, { rateLimitPerSecond: perSecond, rateLimitBurst: perSecond });
}
