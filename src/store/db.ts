// Opens the store: PGlite (embedded, default) or a PostgreSQL server, both through Kysely, and migrates it.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Database } from './database.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { PreparingClient } from './prepared-client.ts';

export type Db = Kysely<Database>;

export interface StoreOptions {
  /** postgres://… for a server; otherwise the embedded store. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded store; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * How long a new PostgreSQL connection may take before the request fails with 503 (default 5 s):
   * with the server away, requests answer quickly instead of queueing until the client gives up.
   */
  connectTimeoutMs?: number;
  /** Name repeated statements so PostgreSQL parses and plans them once per connection (default on). */
  preparedStatements?: boolean;
}

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PostgreSQL: the pool's connections now, and the queries waiting for one (/metrics). */
  connections?(): { total: number; idle: number; waiting: number };
}

// int8 (bigserial sequences, count(*)) as strings: exact, and JSON-safe past 2^53.
pg.types.setTypeParser(20, (v) => v);

/**
 * Creates the PGlite folder in a temporary sibling and renames it into place, so a crash
 * during the very first initialisation never leaves a folder that will not open again.
 */
async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  // Loaded only for the embedded store: under tsx the module grew the resident memory of a process
  // on a PostgreSQL server, which never opens it, by 16 MB at idle (docs/performance.md, ninth session).
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir === undefined) return PGlite.create();
  const exists = await fs
    .stat(path.join(dataDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!exists) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    const staging = `${dataDir}.init-${process.pid}-${Date.now()}`;
    const fresh = await PGlite.create(staging);
    await fresh.close();
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.rename(staging, dataDir);
  }
  return PGlite.create(dataDir);
}

/** Opens the store named by the options and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Db;
  let kind: Store['kind'];
  let connections: Store['connections'];
  if (options.databaseUrl) {
    // JIT compiles a plan for ~200 ms when a recursive CTE's row estimate looks large; for OLTP
    // queries of a few milliseconds that is pure loss (measured: user groups of a page, 250 ms → 5 ms).
    // keepAlive: a connection whose server vanished without a FIN is found dead by TCP, not by a hung request.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      // PGOPTIONS (libpq's variable, which pg reads only when no options are given) still applies, after ours.
      options: ['-c jit=off', process.env.PGOPTIONS].filter(Boolean).join(' '),
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      keepAlive: true,
      // Named prepared statements (prepared-client.ts); off for poolers that cannot keep them (PgBouncer in transaction mode before 1.21).
      ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
    });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    // Nor a checked-out one: inside a transaction, between two queries, a dropped connection makes the
    // client emit 'error' with no listener, an uncaught exception that killed Roster (found by
    // test/faults/database-outage.test.ts). The query in flight, or the next, fails and answers 503;
    // the pool discards the broken client when it is released.
    pool.on('connect', (client) => client.on('error', () => {}));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    kind = 'postgres';
    connections = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  } else {
    const pglite = await openPglite(options.dataDir);
    db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    kind = 'pglite';
  }
  await migrate(db);
  return { db, kind, close: () => db.destroy(), ...(connections ? { connections } : {}) };
}

/** Runs pending migrations; Kysely's lock makes concurrent replicas safe. */
export async function migrate(db: Db): Promise<string[]> {
  // Migrations of parallel work land in any order; each is independent of the others' tables.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
