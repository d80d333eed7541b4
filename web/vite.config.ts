import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console's build: one entry (index.html), Preact's automatic JSX runtime, hashed assets.
 * No inline script or style is emitted, so the strict Content-Security-Policy holds.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  // Production JSX whatever NODE_ENV the caller runs under (vitest sets "test", which would
  // otherwise emit jsxDEV calls carrying source file paths).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // dist/.vite/manifest.json: which chunks each lazily loaded page adds (the first-load measure).
    manifest: true,
  },
  logLevel: 'warn',
});
