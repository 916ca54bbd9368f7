// The simulator's HTTP side: a keep-alive pool, per-operation latencies, statuses and anomalies.
import { Pool } from 'undici';

export interface OpStats {
  latencies: number[];
  errors: Record<string, number>;
  errorSamples: string[];
  anomalies: number;
  anomalySamples: string[];
  /** 429 answers waited out and retried (when the client honours Retry-After, as Okta and Entra do). */
  throttled: number;
}

export interface Reply {
  status: number;
  json: any;
  ok: boolean;
}

/** One SCIM client with a connection per concurrent worker, as an IdP's sync job opens. */
export class LoadClient {
  readonly stats = new Map<string, OpStats>();
  readonly #pool: Pool;
  readonly #prefix: string;
  readonly #headers: Record<string, string>;

  readonly #honourRetryAfter: boolean;

  constructor(baseUrl: string, token: string, connections: number, options: { honourRetryAfter?: boolean } = {}) {
    this.#honourRetryAfter = options.honourRetryAfter ?? false;
    const url = new URL(baseUrl.replace(/\/+$/, ''));
    this.#pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    this.#prefix = url.pathname;
    this.#headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', accept: 'application/scim+json' };
  }

  stat(op: string): OpStats {
    let s = this.stats.get(op);
    if (!s) {
      s = { latencies: [], errors: {}, errorSamples: [], anomalies: 0, anomalySamples: [], throttled: 0 };
      this.stats.set(op, s);
    }
    return s;
  }

  /** Records something answered with 2xx that was still wrong (a wrong count, a lost member). */
  anomaly(op: string, message: string): void {
    const s = this.stat(op);
    s.anomalies++;
    if (s.anomalySamples.length < 3) s.anomalySamples.push(message.slice(0, 300));
  }

  /**
   * One request. With honourRetryAfter, a 429 is waited out (Retry-After seconds) and sent again,
   * as IdPs do; the latency then counts from the first attempt.
   */
  async call(op: string, method: string, path: string, body?: unknown): Promise<Reply> {
    const s = this.stat(op);
    const first = process.hrtime.bigint();
    for (;;) {
      const reply = await this.#once(op, s, method, path, body, first);
      if (reply.status !== 429 || !this.#honourRetryAfter) return reply;
    }
  }

  async #once(op: string, s: OpStats, method: string, path: string, body: unknown, started: bigint): Promise<Reply> {
    let status = 0;
    let text = '';
    let retryAfter = 1;
    try {
      const res = await this.#pool.request({
        method: method as 'GET',
        path: this.#prefix + path,
        headers: this.#headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = res.statusCode;
      text = await res.body.text();
      retryAfter = Number(res.headers['retry-after'] ?? 1) || 1;
    } catch (error) {
      text = error instanceof Error ? error.message : String(error);
    }
    if (status === 429 && this.#honourRetryAfter) {
      s.throttled++;
      await new Promise((r) => setTimeout(r, retryAfter * 1000));
      return { status, json: undefined, ok: false };
    }
    s.latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    const ok = status >= 200 && status < 300;
    if (!ok) {
      s.errors[String(status)] = (s.errors[String(status)] ?? 0) + 1;
      if (s.errorSamples.length < 3) s.errorSamples.push(`${method} ${path} → ${status} ${text.slice(0, 200)}`);
    }
    let json: unknown;
    if (ok && text) {
      try {
        json = JSON.parse(text);
      } catch {
        this.anomaly(op, `not JSON: ${text.slice(0, 100)}`);
      }
    }
    return { status, json, ok };
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
