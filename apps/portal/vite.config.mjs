// The portal's browser bundle. Built into dist/apps/portal, which the gateway serves under `/`.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(here, '../../dist/apps/portal'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  // `npx vite --config apps/portal/vite.config.mjs` for development: the API comes from a running gateway.
  server: {
    proxy: {
      '/graphql': { target: process.env.PMED_GATEWAY_URL ?? 'http://127.0.0.1:3000', ws: true },
      '/health': process.env.PMED_GATEWAY_URL ?? 'http://127.0.0.1:3000',
    },
  },
});
