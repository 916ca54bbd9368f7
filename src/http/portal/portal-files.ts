// The built Admin Portal's static files: where they are, and a safe lookup by URL path.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where scripts/build-portal.ts writes the portal (gitignored). */
export const PORTAL_BUILD_DIR = fileURLToPath(new URL('../../../.build/portal/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface PortalFile {
  body: Buffer;
  type: string;
  /** Vite names assets by content hash: they can be cached forever. */
  immutable: boolean;
}

/**
 * The file a path under /portal/ names, or undefined. The path is resolved inside the build folder
 * only (no `..`, no absolute paths), and only known file types are served.
 */
export async function readPortalFile(root: string, relative: string): Promise<PortalFile | undefined> {
  const clean = path.posix.normalize(`/${relative}`).slice(1);
  if (clean === '' || clean.split('/').some((part) => part.startsWith('.'))) return undefined;
  const full = path.join(root, clean);
  if (!full.startsWith(root)) return undefined;
  const type = TYPES[path.extname(full)];
  if (!type) return undefined;
  try {
    if (!(await stat(full)).isFile()) return undefined;
    return { body: await readFile(full), type, immutable: clean.startsWith('assets/') };
  } catch {
    return undefined;
  }
}

/** The SPA's page, or undefined when the portal was not built. */
export async function readPortalIndex(root: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path.join(root, 'index.html'));
  } catch {
    return undefined;
  }
}
