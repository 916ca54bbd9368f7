// Sealed webhook secrets: round trip, and refusal under another key, another row, or tampering.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { resolveSecretKey } from './secret-key.ts';

describe('secret box', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = sealSecret(key, 'whsec_abc', 'row-1');
    assert.ok(!sealed.includes('whsec_abc'));
    assert.equal(openSecret(key, sealed, 'row-1'), 'whsec_abc');
    assert.notEqual(sealSecret(key, 'whsec_abc', 'row-1'), sealed, 'a fresh IV each time');
  });

  it('refuses another key, another row and a flipped byte', () => {
    const sealed = sealSecret(key, 'whsec_abc', 'row-1');
    assert.throws(() => openSecret(randomBytes(32), sealed, 'row-1'));
    assert.throws(() => openSecret(key, sealed, 'row-2'));
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    assert.throws(() => openSecret(key, [parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'row-1'));
  });
});

describe('secret key', () => {
  it('takes ROSTER_SECRET_KEY as base64 or hex, and refuses a short one', () => {
    const raw = randomBytes(32);
    assert.deepEqual(loadConfig({ ROSTER_SECRET_KEY: raw.toString('base64') }).secretKey, raw);
    assert.deepEqual(loadConfig({ ROSTER_SECRET_KEY: raw.toString('hex') }).secretKey, raw);
    assert.throws(() => loadConfig({ ROSTER_SECRET_KEY: 'c2hvcnQ=' }), ConfigError);
  });

  it('is required with DATABASE_URL, with a message that says what to do', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/roster' });
    await assert.rejects(resolveSecretKey(config), (e: unknown) => e instanceof ConfigError && /ROSTER_SECRET_KEY/.test(e.message) && /replica/.test(e.message));
  });

  it('is generated once into the data folder with mode 0600 and reused', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'roster-key-'));
    try {
      const config = loadConfig({ ROSTER_DATA_DIR: dir });
      const first = await resolveSecretKey(config);
      assert.equal(first.generatedAt, path.join(dir, 'secret.key'));
      const stat = await fs.stat(path.join(dir, 'secret.key'));
      assert.equal(stat.mode & 0o777, 0o600);
      const second = await resolveSecretKey(config);
      assert.deepEqual(second.key, first.key);
      assert.equal(second.generatedAt, undefined);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
