import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The renderer is built to dist/renderer and served by Electron's app:// scheme or by browser mode.
// Relative base so both work; CSS extracted to files so the strict CSP needs no 'unsafe-inline'.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
  },
});
