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
  const window = await app.firstWindow();
  await expect(window.getByText('No studies yet')).toBeVisible();
  await expect(window.getByTestId('status-provider')).toContainText('Provider:', { timeout: 30_000 });
  const exposure = await window.evaluate(() => ({
    hasBridge: typeof (window as unknown as { maskcue?: unknown }).maskcue === 'object',
    hasRequire: typeof (window as unknown as { require?: unknown }).require,
    hasProcess: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(exposure).toEqual({ hasBridge: true, hasRequire: 'undefined', hasProcess: 'undefined' });
  const preferences = await app.evaluate(({ BrowserWindow }) => {
    const prefs = BrowserWindow.getAllWindows()[0]!.webContents.getLastWebPreferences();
    return { contextIsolation: prefs?.contextIsolation, sandbox: prefs?.sandbox, nodeIntegration: prefs?.nodeIntegration };
  });
  expect(preferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  await app.close();
});
