// The one place that reads process.env: parses it into a frozen Config and fails fast.
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Embedded store folder (PGlite); unused when databaseUrl is set. */
  readonly dataDir: string;
  /** postgres://… switches from the embedded store to a PostgreSQL server. */
  readonly databaseUrl: string | undefined;
  /**
   * ROSTER_DATABASE_PREPARED_STATEMENTS=off sends every statement unnamed, for a pooler that cannot
   * keep prepared statements across transactions (PgBouncer in transaction mode before 1.21).
   */
  readonly databasePreparedStatements: boolean;
  /** When set, this admin key is accepted (stored hashed); otherwise one is generated on first start. */
  readonly adminApiKey: string | undefined;
  /** Origin used in scimBaseUrl and meta.location; from the request when unset. */
  readonly publicUrl: string | undefined;
  readonly logLevel: string;
  /**
   * 32-byte key (ROSTER_SECRET_KEY, base64 or hex) that encrypts webhook signing secrets. Unset:
   * generated into <dataDir>/secret.key on the embedded store; required with DATABASE_URL.
   */
  readonly secretKey: Buffer | undefined;
  /** The webhook delivery worker that runs inside each process started by `serve`. */
  readonly webhooks: {
    /** ROSTER_WEBHOOK_WORKER=off leaves delivery to other replicas. */
    readonly worker: boolean;
    readonly timeoutMs: number;
    readonly pollIntervalMs: number;
    /** Deliveries claimed and sent at once per poll. */
    readonly batchSize: number;
  };
  /** Brute-force slowdown: a source that fails authentication this often is refused for a while. */
  readonly authThrottle: {
    /** Failures per source and target within the window; 0 turns the throttle off. */
    readonly maxFailures: number;
    readonly windowSeconds: number;
    readonly blockSeconds: number;
  };
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify trustProxy): false, true, a hop count, or
   * addresses/CIDRs. Behind a load balancer it must be set, or every request seems to come from the
   * balancer and the brute-force throttle would count everyone's failures as one source's.
   */
  readonly trustProxy: boolean | number | string;
  /** On SIGTERM, in-flight requests and webhook deliveries get this long to finish before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /**
   * ROSTER_METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <it>`; unset, anyone
   * who reaches the port may read it (it holds aggregates only, no tenant's data).
   */
  readonly metricsToken: string | undefined;
  /** The Admin Portal: how long a session opened by a portal link lasts. */
  readonly portal: {
    readonly sessionHours: number;
  };
  /** SCIM limits advertised in /ServiceProviderConfig and enforced. */
  readonly scim: {
    readonly maxResults: number;
    readonly bulkMaxOperations: number;
    readonly bulkMaxPayloadSize: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(' or ')}), got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw.replace(/\/+$/, '');
}

function secretKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const raw = env.ROSTER_SECRET_KEY?.trim();
  if (!raw) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : undefined;
  if (!key || key.length !== 32) {
    throw new ConfigError('ROSTER_SECRET_KEY must be 32 bytes as base64 or hex; generate one with: openssl rand -base64 32');
  }
  return key;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, got "${env[name]}"`);
}

function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string {
  const raw = env.ROSTER_TRUST_PROXY?.trim();
  if (raw === undefined || raw === '' || /^(false|off|no|0)$/i.test(raw)) return false;
  if (/^(true|on|yes)$/i.test(raw)) return true;
  if (/^[1-9][0-9]?$/.test(raw)) return Number(raw);
  if (!/^[0-9a-fA-F.:/,\s]+$/.test(raw)) {
    throw new ConfigError(`ROSTER_TRUST_PROXY must be true, false, a number of hops or addresses such as 10.0.0.0/8,127.0.0.1, got "${raw}"`);
  }
  return raw;
}

/** Reads the environment once; throws ConfigError with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const adminApiKey = env.ROSTER_ADMIN_API_KEY || undefined;
  if (adminApiKey !== undefined && adminApiKey.length < 16) {
    throw new ConfigError('ROSTER_ADMIN_API_KEY must be at least 16 characters long');
  }
  const metricsToken = env.ROSTER_METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('ROSTER_METRICS_TOKEN must be at least 16 characters long');
  }
  return Object.freeze({
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.ROSTER_DATA_DIR || './.roster'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePreparedStatements: flag(env, 'ROSTER_DATABASE_PREPARED_STATEMENTS', true),
    adminApiKey,
    publicUrl: url(env, 'ROSTER_PUBLIC_URL', ['http:', 'https:']),
    logLevel: env.LOG_LEVEL || 'info',
    secretKey: secretKey(env),
    webhooks: Object.freeze({
      worker: flag(env, 'ROSTER_WEBHOOK_WORKER', true),
      timeoutMs: integer(env, 'ROSTER_WEBHOOK_TIMEOUT_MS', 10000, 100, 120000),
      pollIntervalMs: integer(env, 'ROSTER_WEBHOOK_POLL_MS', 1000, 10, 60000),
      batchSize: integer(env, 'ROSTER_WEBHOOK_BATCH_SIZE', 20, 1, 500),
    }),
    authThrottle: Object.freeze({
      maxFailures: integer(env, 'ROSTER_AUTH_MAX_FAILURES', 10, 0, 100000),
      windowSeconds: integer(env, 'ROSTER_AUTH_WINDOW_SECONDS', 60, 1, 86400),
      blockSeconds: integer(env, 'ROSTER_AUTH_BLOCK_SECONDS', 60, 1, 86400),
    }),
    shutdownTimeoutMs: integer(env, 'ROSTER_SHUTDOWN_TIMEOUT_MS', 30000, 0, 600000),
    trustProxy: trustProxy(env),
    metricsToken,
    portal: Object.freeze({
      sessionHours: integer(env, 'ROSTER_PORTAL_SESSION_HOURS', 8, 1, 168),
    }),
    scim: Object.freeze({
      maxResults: integer(env, 'ROSTER_SCIM_MAX_RESULTS', 1000, 1, 10000),
      bulkMaxOperations: integer(env, 'ROSTER_SCIM_BULK_MAX_OPERATIONS', 1000, 1, 10000),
      bulkMaxPayloadSize: integer(env, 'ROSTER_SCIM_BULK_MAX_PAYLOAD', 1048576, 1024, 104857600),
    }),
  });
}
