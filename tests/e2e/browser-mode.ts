// Starts `maskcue serve` exactly as a user would (the built CLI, a fresh workspace) and hands the
// ready URL to the tests. One server per Playwright worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startServer, stopServer, type BrowserModeServer } from './serve-process';

export { READY_LINE, startServer, stopServer, type BrowserModeServer } from './serve-process';

export const test = base.extend<{ server: BrowserModeServer }, { workerServer: BrowserModeServer }>({
  workerServer: [
    async ({}, use) => {
      const root = mkdtempSync(join(tmpdir(), 'maskcue-e2e-'));
      const server = await startServer(join(root, 'workspace'));
      await use(server);
      await stopServer(server);
      rmSync(root, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  server: async ({ workerServer }, use) => use(workerServer),
});

/**
 * A Playwright worker fixture: a server of its own with a fresh workspace (and user data, so its own
 * models folder), for tests whose imports, segments or models must not reach the others.
 */
export function ownServer(prefix: string): [(args: object, use: (server: BrowserModeServer) => Promise<void>) => Promise<void>, { scope: 'worker' }] {
  return [
    // Playwright reads the fixture's parameters from its source: the first must be a destructuring pattern.
    async ({}, use: (server: BrowserModeServer) => Promise<void>) => {
      const root = mkdtempSync(join(tmpdir(), prefix));
      const server = await startServer(join(root, 'workspace'));
      await use(server);
      await stopServer(server);
      rmSync(root, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ];
}

export { expect };
