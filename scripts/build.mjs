// Builds everything `npm start`, `maskcue` and electron-builder need into dist/:
//   dist/renderer/          the Svelte app (Vite)
//   dist/main/electron.js   Electron main entry
//   dist/main/cli.js        the `maskcue` command (and browser mode)
//   dist/main/inference-host.js   the inference host (worker thread, child process or utilityProcess)
//   dist/main/decode-worker.js    DICOM frame decoding (worker threads)
//   dist/main/segmentation-worker.js   GrowCut and mask pixel work (worker thread)
//   dist/preload/index.cjs  the sandboxed preload (CommonJS, dependencies bundled in)
// npm packages stay external in main (node_modules ships with the app; onnxruntime-node is native).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';

const quiet = process.argv.includes('--quiet');
rmSync('dist', { recursive: true, force: true });

await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'warn' : 'info' });

const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };
await esbuild({
  ...common,
  entryPoints: {
    electron: 'main/index.ts',
    cli: 'main/cli/run.ts',
    'inference-host': 'main/inference/host/entry.ts',
    'decode-worker': 'main/dicom/pixels/worker/decode-worker.ts',
    'segmentation-worker': 'main/segmentation/compute/compute-worker.ts',
  },
  outdir: 'dist/main',
  platform: 'node',
  format: 'esm',
  packages: 'external',
  // Bundled ESM has no require(); some dependencies still use it.
  banner: { js: "import { createRequire as __maskcueRequire } from 'node:module'; const require = __maskcueRequire(import.meta.url);" },
});
await esbuild({
  ...common,
  entryPoints: { index: 'preload/index.ts' },
  outdir: 'dist/preload',
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
});
if (!quiet) console.log('build: dist/ ready');
