// The workstation shell as a radiologist first meets it (walkthrough step 1), through the real
// renderer and the real main services in browser mode.
import { mkdirSync } from 'node:fs';
import { expect, test } from './browser-mode';

test('opens on an empty study list with the import hint, panels, and an honest status bar', async ({ page, server }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(server.url);

  await expect(page.getByRole('complementary', { name: 'Studies' })).toContainText('No studies yet');
  await expect(page.getByText('Import a folder, a DICOMDIR or drop files here.')).toBeVisible();
  await expect(page.getByTestId('viewport').locator('canvas')).toHaveCount(1);
  for (const name of ['Segmentation', 'Exemplars', 'Training', 'Report']) {
    await expect(page.getByRole('tab', { name })).toBeVisible();
  }
  await expect(page.getByTestId('status-engines')).toHaveText('Engine: GrowCut + radiomics (no models installed)');
  // The provider comes from a real session created in the inference host, not from a guess.
  await expect(page.getByTestId('status-provider')).toHaveText('Provider: CPU', { timeout: 30_000 });
  await expect(page.getByTestId('status-host')).toContainText('ready');
  await expect(page.getByTestId('status-connection')).toContainText('Browser mode');
  await expect(page.getByTestId('status-workspace')).toContainText(server.workspace);
  // The token leaves the address bar once the page has it.
  expect(page.url()).not.toContain('token=');

  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/shell.png' });
  expect(consoleErrors).toEqual([]);
});

test('? shows the keyboard map, Esc closes it, Alt+number switches panels', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('status-engines')).toContainText('GrowCut');

  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Accept the mask');
  await expect(dialog).toContainText('Negative point');
  await page.screenshot({ path: 'test-results/screenshots/shortcuts.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('tab', { name: 'Training' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toContainText('Classifier');
  await page.getByRole('tab', { name: 'Report' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('DICOM SEG');
});

test('a page without the token gets 403 and no UI', async ({ browser, server }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(server.url.replace(/\?token=.*/, ''));
  expect(response?.status()).toBe(403);
  await expect(page.locator('body')).toContainText('Forbidden');
  await context.close();
});
