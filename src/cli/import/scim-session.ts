// The importer's SCIM client: one directory's base URL and token, retries on 429/503 as an IdP would.
import type { PatchOp } from '../../directory/import/import-plan.ts';
import type { ImportTarget } from '../../directory/import/import-run.ts';
import { patchBody } from '../../directory/import/import-plan.ts';
import { CliError } from '../admin-client.ts';

export interface ScimAnswer {
  status: number;
  json: any;
}

const MAX_RETRIES = 5;

const describeError = (json: any, status: number) => `${status}${json?.scimType ? ` ${json.scimType}` : ''}: ${json?.detail ?? 'no detail'}`;

export class ScimSession implements ImportTarget {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Sends one request; waits out `Retry-After` on 429 and 503 (at most 5 times), then answers whatever came. */
  async request(method: string, path: string, body?: unknown): Promise<ScimAnswer> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}${path}`, {
          method,
          headers: { authorization: `Bearer ${this.token}`, accept: 'application/scim+json', ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        throw new CliError(`Could not reach ${this.baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const text = await res.text();
      if ((res.status === 429 || res.status === 503) && attempt < MAX_RETRIES) {
        const wait = Math.min(60, Number(res.headers.get('retry-after')) || 2 ** attempt);
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = { detail: text.slice(0, 300) };
      }
      if (res.status === 401) throw new CliError(`The SCIM token was refused by ${this.baseUrl} (401): check --token`);
      return { status: res.status, json };
    }
  }

  /** Every user of the directory, page after page (1,000 at a time). */
  async allUsers(onPage?: (seen: number, total: number) => void): Promise<Record<string, any>[]> {
    const users: Record<string, any>[] = [];
    for (let start = 1; ; ) {
      const r = await this.request('GET', `/Users?startIndex=${start}&count=1000`);
      if (r.status !== 200) throw new CliError(`Listing users failed (${r.status}): ${r.json?.detail ?? ''}`);
      const page: Record<string, any>[] = r.json?.Resources ?? [];
      users.push(...page);
      onPage?.(users.length, r.json?.totalResults ?? users.length);
      if (page.length === 0 || users.length >= (r.json?.totalResults ?? 0)) return users;
      start += page.length;
    }
  }

  async create(body: Record<string, unknown>): Promise<string | null> {
    const r = await this.request('POST', '/Users', body);
    return r.status === 201 ? null : describeError(r.json, r.status);
  }

  async patch(id: string, ops: PatchOp[]): Promise<string | null> {
    const r = await this.request('PATCH', `/Users/${id}`, patchBody(ops));
    return r.status === 200 || r.status === 204 ? null : describeError(r.json, r.status);
  }
}
