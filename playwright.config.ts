import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Playwright cannot download its own browsers here, so the end-to-end tests drive Debian's Chromium.
// MASKCUE_CHROMIUM overrides the path for other machines.
const chromium = process.env.MASKCUE_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  workers: 1,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/playwright.json' }]] : [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  projects: [
    {
      name: 'chromium',
      testMatch: 'e2e/**/*.e2e.ts',
      use: {
        browserName: 'chromium',
        viewport: { width: 1440, height: 900 },
        screenshot: 'only-on-failure',
        launchOptions: {
          ...(existsSync(chromium) ? { executablePath: chromium } : {}),
          // Without these, Chromium keeps trying to reach Google's services on this closed network.
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
    {
      name: 'electron',
      testMatch: 'electron/**/*.e2e.ts',
    },
  ],
});
