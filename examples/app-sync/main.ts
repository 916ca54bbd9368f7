// Starts the example app: `WEBHOOK_SECRET=whsec_… npx tsx examples/app-sync/main.ts` (see README.md).
import path from 'node:path';
import { createRosterClient } from 'roster/sdk';
import { createSyncApp } from './app-server.ts';
import { openAppStore } from './app-store.ts';

const port = Number(process.env.PORT ?? 3000);
const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  process.stderr.write('Set WEBHOOK_SECRET to the secret Roster returned for this webhook endpoint (whsec_…)\n');
  process.exit(1);
}
const store = openAppStore(path.resolve(process.env.DATA_FILE ?? './app-sync-data.json'));

// Optional: rebuild from Roster's snapshot first, so the app starts from the full directory.
if (process.env.ROSTER_URL && process.env.ROSTER_API_KEY && process.env.DIRECTORY_ID) {
  const roster = createRosterClient({ baseUrl: process.env.ROSTER_URL, apiKey: process.env.ROSTER_API_KEY });
  const result = await roster.reconcile({ directoryId: process.env.DIRECTORY_ID, store });
  store.setCursor(result.cursor);
  store.save();
  process.stdout.write(`Reconciled ${result.counts.users} users and ${result.counts.groups} groups from the snapshot\n`);
}

createSyncApp({ store, webhookSecret: secret, log: (line) => process.stdout.write(`${line}\n`) }).listen(port, '127.0.0.1', () => {
  process.stdout.write(`app-sync listening on http://127.0.0.1:${port} (webhooks at /webhooks/roster)\n`);
});
