// One HTTP attempt of a webhook: Standard Webhooks headers and signature, a timeout, what came back.
import { Webhook } from 'standardwebhooks';

export interface SendOutcome {
  /** 2xx only; a redirect or any other status is a failure. */
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  /** At most 1 KB of the response body. */
  responseExcerpt: string | null;
  /** Why it failed, in words: a status, a timeout, a refused connection. */
  error: string | null;
}

const EXCERPT_BYTES = 1024;

/** `webhook-signature`: one `v1,…` per secret, space-separated, as the spec allows during rotation. */
export function signWebhook(secrets: string[], msgId: string, at: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(msgId, at, body)).join(' ');
}

async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    // A receiver that streams megabytes must not keep us reading.
    await reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES);
  return bytes.length === 0 ? null : new TextDecoder().decode(bytes);
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no response within ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e?.message ?? 'request failed'}: ${cause}` : e?.message ?? String(error);
}

/** POSTs `body` signed with `secrets`; never throws. */
export async function sendWebhook(
  request: { url: string; msgId: string; body: string; secrets: string[]; at: Date },
  timeoutMs: number,
): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Roster-Webhooks/1',
        'webhook-id': request.msgId,
        'webhook-timestamp': String(Math.floor(request.at.getTime() / 1000)),
        'webhook-signature': signWebhook(request.secrets, request.msgId, request.at, request.body),
      },
      body: request.body,
    });
    const responseExcerpt = await readExcerpt(response).catch(() => null);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, durationMs: elapsed(), responseExcerpt, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, statusCode: null, durationMs: elapsed(), responseExcerpt: null, error: describe(error, timeoutMs) };
  }
}
