// Starts Roster: open the store, make sure an admin key exists, build the app, listen, stop on signals.
import { ConfigError, type Config } from './config.ts';
import { ensureAdminKey } from './directory/admin-keys.ts';
import { resolveSecretKey } from './events/secret-key.ts';
import { buildApp } from './http/app.ts';
import { openStore } from './store/db.ts';

/** Runs the server until SIGTERM/SIGINT, then drains in-flight requests and closes the store. */
export async function serve(config: Config): Promise<void> {
  // With DATABASE_URL a missing key fails before the database is touched; the embedded store's
  // key file waits for openStore, whose first start creates the data folder.
  const sharedKey = config.databaseUrl ? await resolveSecretKey(config) : undefined;
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, preparedStatements: config.databasePreparedStatements });
  const generatedKey = await ensureAdminKey(store.db, config.adminApiKey);
  const secret = sharedKey ?? (await resolveSecretKey(config).catch(async (error: unknown) => {
    await store.close();
    throw error;
  }));
  const app = await buildApp(config, { store, secretKey: secret.key, deliveryWorker: config.webhooks.worker, processMetrics: true });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const where = store.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded store in ${config.dataDir}`;
  process.stdout.write(`Roster is listening on ${url} (${where})\n`);
  if (secret.generatedAt) process.stdout.write(`Generated the key that encrypts webhook secrets in ${secret.generatedAt}; back it up with the data folder\n`);
  if (generatedKey) {
    process.stdout.write(`Admin API key (shown once, stored hashed; set ROSTER_ADMIN_API_KEY to choose your own):\n  ${generatedKey}\n`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: draining requests and webhook deliveries');
    // A request that never ends (a client that stopped sending) must not keep the process up forever:
    // past the timeout, exit anyway. Nothing acknowledged is lost; the IdP retries what was cut.
    setTimeout(() => {
      app.log.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out with requests still in flight; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    // close() stops listening, lets in-flight requests finish, then runs the onClose hooks: the
    // webhook worker waits for its deliveries in flight, the sync log flushes. Then the store closes.
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Prints a startup failure in words, then exits non-zero. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError) process.stderr.write(`Configuration error: ${error.message}\n`);
  else process.stderr.write(`Roster failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
}
