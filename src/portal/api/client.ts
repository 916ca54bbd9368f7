// The portal's client of the admin API: the portal session's cookie, or the developer's admin key as a bearer.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const KEY_STORAGE = 'roster.adminKey';

/** The developer's admin key lives in sessionStorage only: gone when the tab closes, never in a cookie. */
export function storedAdminKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeAdminKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query, accept = 'application/json'): Promise<T> {
  const key = storedAdminKey();
  const headers: Record<string, string> = { accept };
  // The session cookie travels by itself (same origin); the header is the CSRF proof the server asks of changes.
  if (key) headers.authorization = `Bearer ${key}`;
  else headers['x-roster-portal'] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, query), { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError(0, 'network', 'Roster could not be reached. Check your connection and try again.', undefined);
  }
  const text = await res.text();
  if (res.ok && accept !== 'application/json') return text as T;
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; hint?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? 'internal', error?.message ?? `Roster answered ${res.status}`, error?.hint);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** A text answer (CSV, HTML), with the same credentials as every call: the developer's key cannot ride a plain link. */
  text: (path: string, accept: string) => request<string>('GET', path, undefined, undefined, accept),
};

/** Saves text as a file the browser downloads. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
