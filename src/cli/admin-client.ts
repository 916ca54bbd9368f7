// A small client of the admin API for the CLI: the CLI reaches a running server only through HTTP.
export interface AdminClientOptions {
  url: string;
  key: string;
}

export class CliError extends Error {
  override name = 'CliError';
}

/** Calls the admin API; throws CliError with the server's error message. */
export async function adminCall(opts: AdminClientOptions, method: string, route: string, body?: unknown): Promise<any> {
  let res: Response;
  try {
    res = await fetch(`${opts.url.replace(/\/+$/, '')}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${opts.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new CliError(`Could not reach Roster at ${opts.url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (res.status === 204) return undefined;
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new CliError(`${method} ${route} failed (${res.status}): ${json?.error?.message ?? text}`);
  return json;
}
