// Vite configuration of the Admin Portal: built to .build/portal, served by Roster under /portal/.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { InlineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Shared by scripts/build-portal.ts and `npx vite --config src/portal/vite.config.ts` (dev server, proxying to Roster). */
export const portalViteConfig: InlineConfig = {
  configFile: false,
  root: here,
  base: '/portal/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../.build/portal/', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows no inline script: keep every module in a file.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/portal/open': 'http://127.0.0.1:8080' } },
};

export default portalViteConfig;
