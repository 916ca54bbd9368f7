// Builds the Admin Portal with Vite's API into .build/portal; with --if-stale, only when src/portal changed since the last build.
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = path.join(root, 'src/portal');
const output = path.join(root, '.build/portal');
const stamp = path.join(output, '.built-from');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(full) : (await stat(full)).mtimeMs);
  }
  return newest;
}

async function stampTime(): Promise<number> {
  try {
    return (await stat(stamp)).mtimeMs;
  } catch {
    return -1;
  }
}

/** True when the output is missing or older than a file of src/portal (or the lock file: a new React is a new bundle). */
export async function portalIsStale(): Promise<boolean> {
  const built = await stampTime();
  if (built < 0) return true;
  const lock = await stat(path.join(root, 'package-lock.json')).then((s) => s.mtimeMs, () => 0);
  return Math.max(await newestMtime(source), lock) > built;
}

/** Builds the portal; the stamp is written last, so an interrupted build is redone next time. */
export async function buildPortal(): Promise<void> {
  const { build } = await import('vite');
  const { portalViteConfig } = await import('../src/portal/vite.config.ts');
  await build(portalViteConfig);
  await writeFile(stamp, `${new Date().toISOString()}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !(await portalIsStale())) process.exit(0);
  const started = Date.now();
  process.stdout.write('Building the Admin Portal (src/portal → .build/portal)…\n');
  await buildPortal();
  process.stdout.write(`Admin Portal built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
