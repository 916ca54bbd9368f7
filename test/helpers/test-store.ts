// Opens a fresh store for a test run: in-memory PGlite, or a new PostgreSQL database dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db.ts';

export type StoreKind = 'pglite' | 'postgres';

/** Which store the e2e suite runs on: ROSTER_TEST_STORE=pglite|postgres (default pglite). */
export function testStoreKind(): StoreKind {
  return process.env.ROSTER_TEST_STORE === 'postgres' ? 'postgres' : 'pglite';
}

/** The server to create test databases on: DATABASE_URL when set, else the local PostgreSQL. */
export function postgresAdminUrl(): string {
  return process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a server: DATABASE_URL is ${process.env.DATABASE_URL ? 'set but unreachable' : 'not set'} and ` +
        `${postgresAdminUrl()} did not answer (${error instanceof Error ? error.message : String(error)}). ` +
        'Start PostgreSQL or run with ROSTER_TEST_STORE=pglite.',
    );
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestStore {
  store: Store;
  kind: StoreKind;
  /** The connection string of the PostgreSQL test database (postgres only). */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

/** A store no other test shares. */
export async function openTestStore(kind: StoreKind = testStoreKind()): Promise<TestStore> {
  if (kind === 'pglite') {
    const store = await openStore({});
    return { store, kind, dispose: () => store.close() };
  }
  const name = `roster_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const databaseUrl = withDatabase(postgresAdminUrl(), name);
  const store = await openStore({ databaseUrl, poolSize: 10 });
  return {
    store,
    kind,
    databaseUrl,
    dispose: async () => {
      // A test may have closed the store already to hand the database to a server process.
      await store.close().catch(() => {});
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
