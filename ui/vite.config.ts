// Builds the analyst UI into dist/ui/, which `oddspawn serve` serves at `/` (SPA fallback to index.html).

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `vite --config ui/vite.config.ts` during development: the API of a local `oddspawn serve`.
    proxy: { '/api': 'http://127.0.0.1:8420' },
  },
});
