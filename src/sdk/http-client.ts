// The SDK's one door to Roster: fetch with the admin key, JSON in and out, statuses turned into typed errors.
import { ConnectionError, errorFor, type ApiErrorBody } from './errors.ts';

export interface ClientOptions {
  /** Roster's origin, e.g. http://127.0.0.1:8080 (the /api/v1 prefix is added). */
  baseUrl: string;
  /** The admin API key (`ROSTER_ADMIN_API_KEY`). */
  apiKey: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

export interface HttpClient {
  request<T>(method: string, path: string, init?: { query?: Record<string, QueryValue>; body?: unknown; signal?: AbortSignal | undefined }): Promise<T>;
  /** The raw response of a GET (2xx only), for streamed bodies. */
  stream(path: string, init?: { query?: Record<string, QueryValue>; accept?: string; signal?: AbortSignal | undefined }): Promise<Response>;
}

function url(base: string, path: string, query: Record<string, QueryValue> = {}): string {
  const u = new URL(`${base.replace(/\/+$/, '')}/api/v1${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    u.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return u.toString();
}

async function failure(response: Response): Promise<Error> {
  const text = await response.text().catch(() => '');
  let body: ApiErrorBody = { code: `http_${response.status}`, message: text.slice(0, 500) || response.statusText };
  try {
    const parsed = JSON.parse(text) as { error?: ApiErrorBody };
    if (parsed.error && typeof parsed.error.code === 'string') body = parsed.error;
  } catch {
    // not JSON: keep the text as the message
  }
  const retry = Number(response.headers.get('retry-after'));
  return errorFor(response.status, body, Number.isFinite(retry) && retry >= 0 ? retry : undefined);
}

export function httpClient(options: ClientOptions): HttpClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const send = async (method: string, target: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal | undefined) => {
    try {
      return await doFetch(target, { method, headers: { authorization: `Bearer ${options.apiKey}`, ...headers }, body, signal: signal ?? null });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ConnectionError(`Could not reach Roster at ${options.baseUrl}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  return {
    async request<T>(method: string, path: string, init: { query?: Record<string, QueryValue>; body?: unknown; signal?: AbortSignal | undefined } = {}): Promise<T> {
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      const headers: Record<string, string> = { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
      const response = await send(method, url(options.baseUrl, path, init.query), headers, body, init.signal);
      if (!response.ok) throw await failure(response);
      if (response.status === 204) return undefined as T;
      try {
        return (await response.json()) as T;
      } catch (error) {
        throw new ConnectionError(`Roster's answer to ${method} ${path} was cut or not JSON`, { cause: error });
      }
    },
    async stream(path, init = {}) {
      const response = await send('GET', url(options.baseUrl, path, init.query), { accept: init.accept ?? 'application/json' }, undefined, init.signal);
      if (!response.ok) throw await failure(response);
      return response;
    },
  };
}
