// The `roster` command: serve, migrate, and organization/directory/token administration.
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { SERVER_NODE_FLAGS } from '../node-flags.ts';
import { exitOnStartupError, serve } from '../serve.ts';
import { migrate, openStore } from '../store/db.ts';
import { adminCall, CliError, type AdminClientOptions } from './admin-client.ts';
import { registerImport } from './import-command.ts';
import { registerSimulate } from './simulate-command.ts';
import { registerValidate } from './validate-command.ts';

const program = new Command()
  .name('roster')
  .description('Roster: open-source directory sync (SCIM 2.0 server, events, webhooks)')
  .option('--url <url>', 'Roster server for admin commands', process.env.ROSTER_URL ?? 'http://127.0.0.1:8080')
  .option('--key <key>', 'admin API key (default: $ROSTER_ADMIN_API_KEY)', process.env.ROSTER_ADMIN_API_KEY)
  .option('--json', 'print JSON instead of text');

function client(): AdminClientOptions {
  const { url, key } = program.opts<{ url: string; key?: string }>();
  if (!key) throw new CliError('Give the admin API key with --key or ROSTER_ADMIN_API_KEY');
  return { url, key };
}

function print(value: unknown, text: (v: any) => string): void {
  process.stdout.write(`${program.opts<{ json?: boolean }>().json ? JSON.stringify(value, null, 2) : text(value)}\n`);
}

program
  .command('serve')
  .description('run the server (same as npm start); configured by PORT, HOST, ROSTER_DATA_DIR, DATABASE_URL, ROSTER_ADMIN_API_KEY')
  .action(async () => {
    const missing = SERVER_NODE_FLAGS.filter((f) => ![...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes(f));
    if (missing.length > 0) {
      process.stderr.write(`note: npm start runs Node with ${missing.join(' ')} (a smaller young generation: a large sync's peak memory stays under 300 MB); set NODE_OPTIONS="${missing.join(' ')}" to run the same way\n`);
    }
    try {
      await serve(loadConfig());
    } catch (error) {
      exitOnStartupError(error);
    }
  });

program
  .command('migrate')
  .description('bring the database schema up to date (the server also does this on start)')
  .action(async () => {
    const config = loadConfig();
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, preparedStatements: config.databasePreparedStatements });
    const applied = await migrate(store.db);
    await store.close();
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  });

const org = program.command('org').description('organizations (your customers)');
org
  .command('create <name>')
  .option('--domain <domain...>', 'email domains of the organization')
  .action(async (name: string, opts: { domain?: string[] }) => {
    const o = await adminCall(client(), 'POST', '/organizations', { name, ...(opts.domain ? { domains: opts.domain } : {}) });
    print(o, (v) => `organization ${v.id} "${v.name}"`);
  });
org.command('list').action(async () => {
  const r = await adminCall(client(), 'GET', '/organizations?limit=100');
  print(r.data, (rows: any[]) => rows.map((o) => `${o.id}  ${o.name}`).join('\n') || 'no organizations');
});

const dir = program.command('directory').description('directories (one SCIM connection per IdP)');
dir
  .command('create <orgId> <name>')
  .requiredOption('--provider <provider>', 'okta, entra, onelogin, jumpcloud, ping, rippling, google or generic')
  .action(async (orgId: string, name: string, opts: { provider: string }) => {
    const d = await adminCall(client(), 'POST', `/organizations/${orgId}/directories`, { name, provider: opts.provider });
    print(d, (v) => `directory ${v.id} (${v.provider})\nSCIM base URL: ${v.scimBaseUrl}\nBearer token (shown once): ${v.bearerToken}`);
  });
dir.command('list <orgId>').action(async (orgId: string) => {
  const r = await adminCall(client(), 'GET', `/organizations/${orgId}/directories?limit=100`);
  print(r.data, (rows: any[]) => rows.map((d) => `${d.id}  ${d.provider.padEnd(9)} ${d.state.padEnd(8)} ${d.name}`).join('\n') || 'no directories');
});
dir.command('delete <directoryId>').action(async (id: string) => {
  await adminCall(client(), 'DELETE', `/directories/${id}`);
  print({ deleted: id }, () => `directory ${id} deleted`);
});
dir
  .command('rotate-token <directoryId>')
  .option('--grace <seconds>', 'how long the old token keeps working', '0')
  .action(async (id: string, opts: { grace: string }) => {
    const r = await adminCall(client(), 'POST', `/directories/${id}/token`, { gracePeriodSeconds: Number(opts.grace) });
    print(r, (v) => `new bearer token (shown once): ${v.bearerToken}\nprevious tokens stop at ${v.previousTokensExpireAt}`);
  });

registerSimulate(program);
registerImport(program);
registerValidate(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
