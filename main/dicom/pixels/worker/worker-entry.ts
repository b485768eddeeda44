// Where the decode worker's module is. Bundled (dist/main/cli.js, electron.js), it sits next to the
// bundle as decode-worker.js (scripts/build.mjs builds it). From source (vitest, tsx), this file's URL
// ends in .ts: the worker is decode-worker.ts, started through tsx's loader hooks, which Node 20 does
// not take from a Worker's execArgv (same approach as the inference host, main/inference/host-entry.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface WorkerEntry {
  /** Module to run as the worker, or, with `eval`, the source of a bootstrap that imports it. */
  source: URL | string;
  eval: boolean;
}

interface TsxManifest {
  exports: { './esm/api': { import: { default: string } } };
}

export function resolveDecodeWorker(override?: URL): WorkerEntry {
  const url = override ?? (import.meta.url.endsWith('.ts') ? new URL('./decode-worker.ts', import.meta.url) : new URL('./decode-worker.js', import.meta.url));
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
