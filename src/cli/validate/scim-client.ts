// The validator's HTTP side: one SCIM call = one recorded exchange, with a timeout and 429 Retry-After honoured.
import { Agent, request } from 'undici';

export interface Exchange {
  method: string;
  url: string;
  /** The body as sent (JSON text), absent for GET and DELETE. */
  requestBody?: string;
  status: number;
  contentType: string;
  headers: Record<string, string>;
  text: string;
  /** Parsed body when it was JSON; undefined otherwise. */
  json: any;
  /** Set when no answer came (timeout, refused connection). */
  networkError?: string;
}

export interface ScimClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** How many 429 answers in a row to wait out before giving the 429 to the check. */
  maxRetries?: number;
  /** Longest Retry-After honoured, so a broken header cannot stall the run for hours. */
  maxRetryAfterMs?: number;
  onExchange?: (e: Exchange) => void;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
}

const SCIM_JSON = 'application/scim+json';

/** How long a 429 asks us to wait: Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3), capped. */
export function retryAfterMs(value: string | undefined, cap: number): number {
  if (!value) return 1000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(cap, Math.max(0, seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? 1000 : Math.min(cap, Math.max(0, date - Date.now()));
}

/** A SCIM client that never throws on an answer: every status comes back as an Exchange for the checks to judge. */
export class ScimClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #agent = new Agent({ keepAliveTimeout: 10_000 });
  readonly #opts: ScimClientOptions;
  /** Requests sent, retries included. */
  requests = 0;
  throttled = 0;

  constructor(opts: ScimClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.#token = opts.token;
    this.#opts = opts;
  }

  /** `path` is relative to the base URL (`/Users?filter=…`); `extra.token` overrides the bearer token (bad-token checks). */
  async call(method: string, path: string, body?: unknown, extra: CallOptions = {}): Promise<Exchange> {
    const url = this.baseUrl + path;
    const requestBody = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { ...extra.headers, authorization: `Bearer ${extra.token ?? this.#token}`, accept: `${SCIM_JSON}, application/json` };
    if (requestBody !== undefined) headers['content-type'] = SCIM_JSON;
    const maxRetries = this.#opts.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      const exchange = await this.#send(method, url, headers, requestBody);
      if (exchange.status !== 429 || attempt >= maxRetries) {
        this.#opts.onExchange?.(exchange);
        return exchange;
      }
      this.throttled++;
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs(exchange.headers['retry-after'], this.#opts.maxRetryAfterMs ?? 60_000)));
    }
  }

  async #send(method: string, url: string, headers: Record<string, string>, requestBody: string | undefined): Promise<Exchange> {
    const base = { method, url, ...(requestBody !== undefined ? { requestBody } : {}) };
    try {
      const res = await request(url, {
        method: method as 'GET',
        headers,
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(this.#opts.timeoutMs),
        ...(requestBody !== undefined ? { body: requestBody } : {}),
      });
      const text = await res.body.text();
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { ...base, status: res.statusCode, contentType: flat['content-type'] ?? '', headers: flat, text, json };
    } catch (error) {
      const message = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${this.#opts.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      return { ...base, status: 0, contentType: '', headers: {}, text: '', json: undefined, networkError: message };
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}
