// Where the host module is. Bundled (dist/main/cli.js, electron.js), it sits next to the bundle as
// inference-host.js. From source (vitest, tsx), this file's URL ends in .ts and the host is
// host/entry.ts, started with tsx as a preload so Node can run TypeScript.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { HostEntry } from './transports/transport';

interface TsxManifest {
  exports: { './esm/api': { import: { default: string } } };
}

// Resolved here, not by Node in the host, so they do not depend on the host's working directory.
// require.resolve would pick tsx/esm/api's CommonJS build, which cannot register ESM hooks; the
// package's own exports map names the ESM one.
function tsx(): Pick<HostEntry, 'execArgv' | 'registerHooks'> {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TsxManifest;
  return {
    execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href],
    registerHooks: new URL(manifest.exports['./esm/api'].import.default, pathToFileURL(manifestPath)),
  };
}

function toUrl(location: string | URL): URL {
  if (location instanceof URL) return location;
  return /^file:/i.test(location) ? new URL(location) : pathToFileURL(location);
}

export function resolveHostEntry(override?: string | URL): HostEntry {
  const url = override !== undefined
    ? toUrl(override)
    : import.meta.url.endsWith('.ts')
      ? new URL('./host/entry.ts', import.meta.url)
      : new URL('./inference-host.js', import.meta.url);
  return url.pathname.endsWith('.ts') ? { url, ...tsx() } : { url, execArgv: [] };
}
