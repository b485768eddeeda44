// Electron smoke test: the real desktop shell, hardened window and preload bridge. Runs where an
// Electron binary exists; elsewhere it is skipped and says why (our build machines cannot download it).
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const binary = electronBinary();

test('desktop window opens the shell with a sandboxed bridge', async () => {
  test.skip(binary.path === null, `Electron smoke test skipped: ${binary.reason}`);
  const root = mkdtempSync(join(tmpdir(), 'maskcue-electron-'));
  const app = await electron.launch({
    executablePath: binary.path!,
    args: ['.', '--no-sandbox'],
    env: { ...process.env, MASKCUE_WORKSPACE: join(root, 'workspace'), MASKCUE_USER_DATA: join(root, 'user-data') },
  });
  const page = await app.firstWindow();
  await expect(page.getByText('No studies yet')).toBeVisible();
  await expect(page.getByTestId('status-provider')).toContainText('Provider:', { timeout: 30_000 });
  const exposure = await page.evaluate(() => ({
    hasBridge: typeof (globalThis as unknown as { maskcue?: unknown }).maskcue === 'object',
    hasRequire: typeof (globalThis as unknown as { require?: unknown }).require,
    hasProcess: typeof (globalThis as unknown as { process?: unknown }).process,
  }));
  expect(exposure).toEqual({ hasBridge: true, hasRequire: 'undefined', hasProcess: 'undefined' });
  // A sandboxed renderer cannot read local files even through a navigation attempt.
  const url = page.url();
  await page.evaluate(() => (globalThis as unknown as { location: { assign(url: string): void } }).location.assign('file:///etc/passwd')).catch(() => undefined);
  expect(page.url()).toBe(url);
  await app.close();
});
