// Where the host module is. Bundled (dist/main/cli.js, electron.js), it sits next to the bundle as
// inference-host.js. From source (vitest, tsx), this file's URL ends in .ts and the host is
// host/entry.ts, started with tsx as a preload so Node can run TypeScript.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { tsxEsmApi } from '../workers/worker-source';
import type { HostEntry } from './transports/transport';

// Resolved here, not by Node in the host, so they do not depend on the host's working directory.
function tsx(): Pick<HostEntry, 'execArgv' | 'registerHooks'> {
  const require = createRequire(import.meta.url);
  return { execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href], registerHooks: tsxEsmApi() };
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
