// Models from the app (walkthrough step 5): Models… in the status bar lists what answers; a folder of
// SAM2 exports (the generated tiny pair, standing in for a USB stick) is added, checked and used at
// once — the status bar and the Segmentation panel say so — and removing it falls back to GrowCut.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, ownServer, type BrowserModeServer } from './browser-mode';
import { writeTinyFamily } from '../fixtures/onnx/sam2/families';
import { shots } from './viewport-helpers';

/** Its own workspace and models folder: the models this test installs must not reach other tests. */
const test = base.extend<{ server: BrowserModeServer }, { modelsServer: BrowserModeServer }>({
  modelsServer: ownServer('maskcue-e2e-models-'),
  server: async ({ modelsServer }, use) => use(modelsServer),
});

test('adds a SAM2 export from a folder, uses it at once, and removes it', async ({ page, server }) => {
  const usb = path.join(path.dirname(server.workspace), 'usb', 'sam2.1_hiera_tiny');
  writeTinyFamily(usb, 'samexporter');
  await page.goto(server.url);
  await expect(page.getByTestId('status-engines')).toHaveText('Engine: GrowCut + radiomics (no models installed)');

  await page.getByTestId('status-models').click();
  const dialog = page.getByRole('dialog', { name: 'Models' });
  await expect(dialog.getByTestId('models-installed')).toContainText('GrowCut');
  await expect(dialog).toContainText('clip-vit-b16-xenova');
  await dialog.getByLabel('Model folder').fill(usb);
  await dialog.getByTestId('models-add').click();
  await expect(dialog.getByTestId('models-added')).toContainText('segmentation now uses it', { timeout: 30_000 });
  await expect(dialog.getByTestId('models-installed')).toContainText('samexporter');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'models-dialog.png') });
  await expect(page.getByTestId('status-engines')).toContainText('samexporter export');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('segmentation-engine')).toContainText(/SAM2|sam2/);

  // A folder that is not a model: the message names what was found.
  await page.getByTestId('status-models').click();
  await dialog.getByLabel('Model folder').fill(path.dirname(server.workspace));
  await dialog.getByTestId('models-add').click();
  await expect(dialog.getByTestId('models-error')).toBeVisible({ timeout: 30_000 });

  await dialog.getByRole('button', { name: /^Remove user-/ }).click();
  await expect(page.getByTestId('status-engines')).toHaveText('Engine: GrowCut + radiomics (no models installed)', { timeout: 30_000 });
});
