// The PDF report read back by a peer: poppler's pdftotext must find the patient fields, every class
// with its probability, the pack's version and figures, the disclaimer on every page and the whole
// findings text; pdfinfo gives the page count; pdftoppm renders page 1 to test-results/ to look at.
// A de-identified variant must not carry the patient's name, ID or accession anywhere in its text.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HeatMap } from '../../common/domain';
import { writeReportPdf } from '../../main/reports/pdf/report-pdf';
import type { ReportFinding, ReportInput } from '../../main/reports/types';

const ROOT = resolve(import.meta.dirname, '../..');
const poppler = ['pdftotext', 'pdfinfo', 'pdftoppm'].every((tool) => spawnSync(tool, ['-v']).error === undefined);
const dir = mkdtempSync(join(tmpdir(), 'maskcue-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 480 × 360 speckle with a darker disc (the lesion) at (300, 170), radius 60; the disc is the mask. */
function finding(): ReportFinding {
  const width = 480;
  const height = 360;
  const grey = new Uint8Array(width * height);
  const mask = new Uint8Array(width * height);
  let seed = 99;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const inside = (x - 300) ** 2 + (y - 170) ** 2 <= 60 ** 2;
      grey[y * width + x] = inside ? 40 + (seed >>> 27) : 80 + (seed >>> 25);
      mask[y * width + x] = inside ? 1 : 0;
    }
  }
  // Occlusion heat map on 24-px cells: 1 at the lesion's centre, falling to 0 at 100 px.
  const cell = 24;
  const hw = width / cell;
  const hh = height / cell;
  const data = new Float32Array(hw * hh);
  for (let j = 0; j < hh; j += 1) for (let i = 0; i < hw; i += 1) data[j * hw + i] = Math.max(0, 1 - Math.hypot((i + 0.5) * cell - 300, (j + 0.5) * cell - 170) / 100);
  const heatmap: HeatMap = { width: hw, height: hh, cellSize: cell, data };
  const areaPx = mask.reduce((n, v) => n + v, 0);
  return {
    label: 'Mass at 10 o\u2019clock',
    segmentNumber: 1,
    source: { path: '/x/IM1.dcm', SOPInstanceUID: '1.2.3.4.5.6', SOPClassUID: '1.2.840.10008.5.1.4.1.1.6.1', dataset: { InstanceNumber: 12 } },
    frame: 0,
    width,
    height,
    mask,
    areaPx,
    areaMm2: areaPx * 0.08 * 0.08,
    pixelSpacing: [0.08, 0.08],
    classification: {
      classes: ['benign', 'malignant', 'normal'],
      probabilities: [0.2875, 0.625, 0.0875],
      top: 1,
      uncertain: false,
      packId: 'pack-a1',
      packVersion: 4,
      engine: 'clip',
      modelId: 'biomedclip-vit-b16',
      focus: 'dim-outside',
      exemplarsPerClass: [14, 11, 9],
      heatmap,
      times: { embedMs: 51, explainMs: 420, totalMs: 480 },
    },
    pack: { version: 4, engine: 'clip', modelId: 'biomedclip-vit-b16', focus: 'dim-outside', exemplarsPerClass: [14, 11, 9], metrics: { accuracy: 0.7941, balancedAccuracy: 0.7788, macroF1: 0.7702 } },
    heatmap,
    display: { width, height, grey },
    orientation: { left: 'R', right: 'L', top: 'A', bottom: 'P' },
  };
}

const FINDINGS_TEXT = [
  'Left breast, 10 o\u2019clock, 3 cm from the nipple: an oval hypoechoic mass of 9.6 × 8.1 mm with circumscribed margins and posterior enhancement.',
  ...Array.from({ length: 30 }, (_, i) => `Observation ${i + 1}: no suspicious calcifications, no architectural distortion, skin and nipple unremarkable; axillary nodes normal in size and cortex.`),
  'Impression: BI-RADS 3, probably benign; short-interval follow-up in 6 months.',
].join('\n');

function reportInput(deidentified: boolean): ReportInput {
  return {
    header: { patientName: 'Nakamura^Hiroshi', patientId: 'MRN-558201', studyDate: '20260203', accessionNumber: 'ACC-4410', modality: 'US', studyDescription: 'US breast left', StudyInstanceUID: '1.2.3' },
    findings: [finding()],
    findingsText: FINDINGS_TEXT,
    signedBy: 'Dr. Amara Lindqvist',
    signedAt: '2026-02-11T16:05:00Z',
    deidentified,
    createdAt: '2026-02-11T16:00:00Z',
    software: { name: 'MaskCue', version: '0.1.0' },
  };
}

function run(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  expect(result.status, `${tool}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!poppler)('PDF report read back with poppler (pdftotext, pdfinfo, pdftoppm)', () => {
  it('carries the patient fields, the classification, the pack, the disclaimer on every page and the whole text', async () => {
    const started = performance.now();
    const bytes = await writeReportPdf(reportInput(false));
    const ms = performance.now() - started;
    const file = join(dir, 'report.pdf');
    writeFileSync(file, bytes);

    const pages = Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]))?.[1]);
    const text = run('pdftotext', ['-layout', file, '-']);
    // The text as read, less each page's running header and footer lines.
    const running = /^(Not for diagnostic use.*|Page \d+\/\d+|MaskCue 0\.1\.0 · report created.*|Nakamura, Hiroshi · ID .*)$/;
    const flat = squash(run('pdftotext', [file, '-']).split('\n').filter((line) => !running.test(line.trim())).join('\n'));
    console.log(`report-pdf: ${pages} pages, ${(bytes.length / 1024).toFixed(0)} KiB, generated in ${ms.toFixed(0)} ms`);

    for (const value of ['Nakamura, Hiroshi', 'MRN-558201', '2026-02-03', 'ACC-4410', 'US breast left']) expect(text).toContain(value);
    expect(text).toMatch(/Modality\s+US/);
    for (const [name, p] of [['malignant', '62.5%'], ['benign', '28.7%'], ['normal', '8.8%']] as const) expect(text).toMatch(new RegExp(`${name}\\s+${p.replace('.', '\\.')}`));
    expect(text).toContain('Most probable class: malignant (62.5%)');
    expect(text).toContain('Prompt pack v4');
    expect(text).toContain('biomedclip-vit-b16');
    expect(text).toContain('focus mode dim-outside');
    expect(text).toMatch(/accuracy 79\.4%.*balanced accuracy 77\.9%.*macro-F1 0\.77/);
    expect(text).toMatch(/area \d+(\.\d)?\s?\d* mm²/);
    expect(text).toContain('Scale bar 5 mm; image edges: R left, L right, A top, P bottom.');
    expect(flat).toContain(squash(FINDINGS_TEXT));
    expect(text).toContain('Dr. Amara Lindqvist');
    expect(text).toContain('2026-02-11 16:05 UTC');

    expect(pages).toBeGreaterThanOrEqual(2); // the long findings text runs onto a second page
    const pageTexts = text.split('\f').filter((t) => t.trim());
    expect(pageTexts).toHaveLength(pages);
    pageTexts.forEach((page, i) => {
      expect(page).toContain('Not for diagnostic use — research software');
      expect(page).toContain(`Page ${i + 1}/${pages}`);
      expect(page).toContain('MaskCue 0.1.0');
      expect(page).toContain('2026-02-11 16:00 UTC');
    });

    const results = join(ROOT, 'test-results');
    mkdirSync(results, { recursive: true });
    run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(results, 'report-page1')]);
    expect(existsSync(join(results, 'report-page1.png'))).toBe(true);
  });

  it('de-identified: no patient name, ID, date or accession anywhere, and it says so', async () => {
    const file = join(dir, 'deid.pdf');
    writeFileSync(file, await writeReportPdf(reportInput(true)));
    const text = run('pdftotext', ['-layout', file, '-']);
    const info = run('pdfinfo', [file]);
    for (const secret of ['Nakamura', 'Hiroshi', 'MRN-558201', 'ACC-4410', '2026-02-03']) {
      expect(text).not.toContain(secret);
      expect(info).not.toContain(secret);
    }
    expect(text).toMatch(/Patient\s+De-identified/);
    expect(text).toContain('This report was de-identified');
    expect(text).toContain('malignant');
  });

  it('says "mask only — not classified" and "not signed" when that is the case', async () => {
    const input = reportInput(false);
    input.findings = [{ ...finding(), classification: null, pack: null, heatmap: null }];
    input.signedBy = null;
    input.signedAt = null;
    input.findingsText = '';
    const file = join(dir, 'plain.pdf');
    writeFileSync(file, await writeReportPdf(input));
    const text = run('pdftotext', ['-layout', file, '-']);
    expect(text).toMatch(/Mask only — not classified/i);
    expect(text).toContain('Not signed');
    expect(text).toContain('No findings text was entered.');
    expect(text).not.toContain('Prompt pack');
  });
});
