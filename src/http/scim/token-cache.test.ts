// The token cache: one load per token for requests that miss at once; a clear() during a load wins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CachedDirectory } from './token-cache.ts';
import { TokenCache } from './token-cache.ts';

const entry = (name: string) => ({ value: { directory: { name }, policy: {} } as unknown as CachedDirectory, tokenExpiresAt: null });

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('TokenCache.load', () => {
  it('loads a token once for 16 requests that miss together, then serves it from memory', async () => {
    const cache = new TokenCache();
    const gate = deferred<ReturnType<typeof entry>>();
    let loads = 0;
    const loader = () => {
      loads++;
      return gate.promise;
    };
    const waiting = Array.from({ length: 16 }, () => cache.load('h1', loader));
    gate.resolve(entry('acme'));
    const got = await Promise.all(waiting);
    assert.equal(loads, 1);
    assert.ok(got.every((g) => g === got[0] && (g?.directory as unknown as { name: string }).name === 'acme'));
    assert.equal(await cache.load('h1', loader), got[0]);
    assert.equal(loads, 1);
  });

  it('caches no answer for an unknown token, and loads it again next time', async () => {
    const cache = new TokenCache();
    let loads = 0;
    const loader = async () => {
      loads++;
      return undefined;
    };
    assert.equal(await cache.load('nope', loader), undefined);
    assert.equal(await cache.load('nope', loader), undefined);
    assert.equal(loads, 2);
  });

  it('does not keep what a load read before a clear() (a token rotated meanwhile)', async () => {
    const cache = new TokenCache();
    const gate = deferred<ReturnType<typeof entry>>();
    const first = cache.load('h2', () => gate.promise);
    cache.clear();
    gate.resolve(entry('stale'));
    assert.equal((await first)?.directory.name, 'stale');
    let loads = 0;
    const fresh = await cache.load('h2', async () => {
      loads++;
      return entry('fresh');
    });
    assert.equal(loads, 1);
    assert.equal(fresh?.directory.name, 'fresh');
  });

  it('gives a failed load to every waiter and lets the next request try again', async () => {
    const cache = new TokenCache();
    const gate = deferred<ReturnType<typeof entry>>();
    const waiting = [cache.load('h3', () => gate.promise), cache.load('h3', () => gate.promise)];
    gate.reject(new Error('database down'));
    for (const w of waiting) await assert.rejects(w, /database down/);
    assert.equal((await cache.load('h3', async () => entry('back')))?.directory.name, 'back');
  });
});
