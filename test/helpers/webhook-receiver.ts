// A webhook receiver on 127.0.0.1 for tests (node:http, port 0): records every request and
// answers as the test says — 200, an error, slowly, or not at all (connection reset).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: Record<string, string>;
  body: string;
  json: { id: string; type: string; sequence: number; directoryId: string | null; organizationId: string; createdAt: string; data: Record<string, any> };
  status: number;
}

export type Answer = { status: number; body?: string; delayMs?: number } | 'reset';

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides each answer; the default is 200. */
  respond: (request: { headers: Record<string, string>; body: string; count: number }) => Answer;
  /** Requests being answered right now, by webhook-id (to catch two at once). */
  inFlight: Map<string, number>;
  maxConcurrentSameId: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Omit<Receiver, 'url' | 'close'> = { received: [], respond: () => ({ status: 200 }), inFlight: new Map(), maxConcurrentSameId: 0 };
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
      const id = headers['webhook-id'] ?? '';
      const now = (receiver.inFlight.get(id) ?? 0) + 1;
      receiver.inFlight.set(id, now);
      receiver.maxConcurrentSameId = Math.max(receiver.maxConcurrentSameId, now);
      const answer = receiver.respond({ headers, body, count: ++count });
      const finish = () => receiver.inFlight.set(id, (receiver.inFlight.get(id) ?? 1) - 1);
      if (answer === 'reset') {
        finish();
        req.socket.destroy();
        return;
      }
      const reply = () => {
        receiver.received.push({ headers, body, json: JSON.parse(body), status: answer.status });
        finish();
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A clock tests move by hand. */
export function manualClock(start = new Date()) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(at: Date) {
      t = at.getTime();
    },
  };
}
