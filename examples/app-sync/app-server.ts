// The example app's HTTP side: receives Roster's webhooks, verifies them, keeps its users table with
// applyIfNewer, and revokes the sessions of users the IdP deactivated or removed.
import http from 'node:http';
import { applyIfNewer, verifyWebhook, WebhookVerificationError, type RosterEvent } from 'roster/sdk';
import type { AppStore } from './app-store.ts';

export interface SyncAppOptions {
  store: AppStore;
  /** The `whsec_…` secret Roster returned when the webhook endpoint was created (a function: read at each request). */
  webhookSecret: string | (() => string);
  log?: (line: string) => void;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body, null, 2));
}

/**
 * What the app does with one event. Sessions follow the user's *current* state, not the event:
 * a late user.deactivated that applyIfNewer skips (the user was reactivated since) revokes nothing.
 */
async function handle(store: AppStore, event: RosterEvent): Promise<{ outcome: string; revoked: number }> {
  const outcome = await applyIfNewer(store, event);
  let revoked = 0;
  if ((event.type === 'user.deactivated' || event.type === 'user.deleted') && outcome !== 'ignored') {
    const user = store.tables().users[event.data.user.id];
    // Gone (purged) or no longer active: nobody may stay signed in as this user.
    if (!user || user.state !== 'active') revoked = store.revokeSessions(event.data.user.id, event.type);
  }
  store.save();
  return { outcome, revoked };
}

export function createSyncApp(options: SyncAppOptions): http.Server {
  const { store } = options;
  const secret = () => (typeof options.webhookSecret === 'function' ? options.webhookSecret() : options.webhookSecret);
  const log = options.log ?? (() => {});
  return http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://app');
      if (req.method === 'POST' && url.pathname === '/webhooks/roster') {
        const body = await readBody(req);
        let event: RosterEvent;
        try {
          // Verify against the raw body exactly as received: re-serialised JSON would not match.
          event = verifyWebhook(req.headers, body, secret());
        } catch (error) {
          if (error instanceof WebhookVerificationError) return send(res, 401, { error: error.message });
          throw error;
        }
        const result = await handle(store, event);
        log(`${event.type} #${event.sequence}: ${result.outcome}${result.revoked ? `, revoked ${result.revoked} session(s)` : ''}`);
        // 2xx tells Roster the delivery succeeded, also for a stale duplicate.
        return send(res, 200, result);
      }
      if (req.method === 'GET' && url.pathname === '/users') return send(res, 200, Object.values(store.tables().users));
      if (req.method === 'GET' && url.pathname === '/sessions') return send(res, 200, Object.values(store.tables().sessions));
      if (req.method === 'POST' && url.pathname === '/sessions') {
        // A stand-in for the app's sign-in: only users the IdP keeps active may sign in.
        const { userId } = JSON.parse((await readBody(req)) || '{}') as { userId?: string };
        const user = userId ? store.tables().users[userId] : undefined;
        if (!user || user.state !== 'active') return send(res, 403, { error: 'unknown or inactive user' });
        const session = store.openSession(user.id);
        store.save();
        return send(res, 201, session);
      }
      send(res, 404, { error: 'not found' });
    })().catch((error: unknown) => {
      log(`error: ${error instanceof Error ? error.stack : String(error)}`);
      // 5xx: Roster retries the delivery later.
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
}
