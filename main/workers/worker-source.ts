// How a worker thread finds its module. Bundled (dist/main/*.js) each worker is a sibling .js file.
// From source (vitest, tsx) the module is TypeScript, and Node 20 ignores `--import tsx` in a
// Worker's execArgv, so the worker starts from a tiny eval'd bootstrap that registers tsx's ESM hooks
// and then imports the module.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface WorkerSource {
  /** Module to run, or, with `eval`, the source of a bootstrap that imports it. */
  source: URL | string;
  eval: boolean;
}

interface TsxManifest {
  exports: { './esm/api': { import: { default: string } } };
}

/** tsx's ESM hook API. require.resolve('tsx/esm/api') would pick the CommonJS build, which cannot register ESM hooks. */
export function tsxEsmApi(): URL {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TsxManifest;
  return new URL(manifest.exports['./esm/api'].import.default, pathToFileURL(manifestPath));
}

/**
 * `fromSource` is the module's URL when running from TypeScript, `bundled` its URL next to the bundle;
 * `callerUrl` is the caller's import.meta.url, which tells which of the two applies.
 */
export function workerSource(callerUrl: string, fromSource: URL, bundled: URL, override?: URL): WorkerSource {
  const url = override ?? (callerUrl.endsWith('.ts') ? fromSource : bundled);
  if (!url.pathname.endsWith('.ts')) return { source: url, eval: false };
  const source =
    `import(${JSON.stringify(tsxEsmApi().href)})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })` +
    `.catch((e) => setImmediate(() => { throw e; }));`;
  return { source, eval: true };
}
