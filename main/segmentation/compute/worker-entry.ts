// Where the segmentation worker's module is. Bundled (dist/main/cli.js, electron.js) it sits next to
// the bundle as segmentation-worker.js (scripts/build.mjs must build main/segmentation/compute/
// compute-worker.ts under that name). From source (vitest, tsx) this file ends in .ts and the worker
// is compute-worker.ts, started through tsx's loader hooks, which Node 20 does not take from a
// Worker's execArgv — the approach of main/dicom/pixels/worker/worker-entry.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface WorkerSource {
  /** Module to run, or with `eval` the source of a bootstrap that imports it. */
  source: URL | string;
  eval: boolean;
}

interface TsxManifest {
  exports: { './esm/api': { import: { default: string } } };
}

export function resolveSegmentationWorker(override?: URL): WorkerSource {
  const url = override ?? (import.meta.url.endsWith('.ts') ? new URL('./compute-worker.ts', import.meta.url) : new URL('./segmentation-worker.js', import.meta.url));
  if (!url.pathname.endsWith('.ts')) return { source: url, eval: false };
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TsxManifest;
  const hooks = new URL(manifest.exports['./esm/api'].import.default, pathToFileURL(manifestPath));
  const source =
    `import(${JSON.stringify(hooks.href)})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })` +
    `.catch((e) => setImmediate(() => { throw e; }));`;
  return { source, eval: true };
}
