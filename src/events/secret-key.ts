// The key that encrypts webhook secrets: from ROSTER_SECRET_KEY, else made once beside the embedded store.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from '../config.ts';

const FILE = 'secret.key';

async function readKeyFile(file: string): Promise<Buffer> {
  const key = Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${file} does not hold a 32-byte base64 key; restore it from a backup or set ROSTER_SECRET_KEY`);
  return key;
}

/**
 * Returns the secret key. On the embedded store an unset key is generated into
 * <dataDir>/secret.key (mode 0600) and reused; with DATABASE_URL it must be set, because every
 * replica has to decrypt what the others wrote. Call after the store is open: the first start
 * creates the data folder.
 */
export async function resolveSecretKey(config: Config): Promise<{ key: Buffer; generatedAt?: string }> {
  if (config.secretKey) return { key: config.secretKey };
  if (config.databaseUrl) {
    throw new ConfigError(
      'ROSTER_SECRET_KEY is not set. With DATABASE_URL Roster needs it to encrypt webhook signing secrets, ' +
        'and every replica must share the same value. Generate one with `openssl rand -base64 32` and set it on all replicas.',
    );
  }
  const file = path.join(config.dataDir, FILE);
  try {
    return { key: await readKeyFile(file) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(config.dataDir, { recursive: true });
  try {
    // wx: two processes starting together must not each write their own key.
    await fs.writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: await readKeyFile(file) };
  }
  return { key: await readKeyFile(file), generatedAt: file };
}
