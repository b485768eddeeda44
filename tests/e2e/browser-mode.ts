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

export { expect };
