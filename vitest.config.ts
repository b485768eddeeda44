import { defineConfig } from 'vitest/config';

// Unit specs sit beside the code; tests/integration holds what crosses processes.
// Playwright owns tests/e2e and tests/electron.
export default defineConfig({
  test: {
    include: ['common/**/*.spec.ts', 'main/**/*.spec.ts', 'preload/**/*.spec.ts', 'renderer/**/*.spec.ts', 'tests/integration/**/*.spec.ts', 'tests/fixtures/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
