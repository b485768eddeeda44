// The PDF's structure: A4 pages, the two DejaVu fonts embedded (as subsets), two key images per
// finding, metadata from the input and free of patient identifiers. What the pages say is checked
// with poppler's pdftotext in tests/integration/report-pdf.spec.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticFinding } from '../render/spec-support';
import type { ReportInput } from '../types';
import { loadReportFonts } from './fonts';
import { A4 } from './layout';
import { writeReportPdf } from './report-pdf';

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    header: { patientName: 'Okonkwo^Chidi', patientId: 'P-31337', studyDate: '20260214', accessionNumber: 'A-77', modality: 'US', studyDescription: 'US breast', StudyInstanceUID: '1.2.3.4' },
    findings: [syntheticFinding({ width: 320, height: 240 }), syntheticFinding({ width: 200, height: 160, classified: false, label: 'Cyst' })],
    findingsText: 'Two findings. '.repeat(400),
    signedBy: null,
    signedAt: null,
    deidentified: false,
    createdAt: '2026-02-14T09:15:00Z',
    software: { name: 'MaskCue', version: '0.1.0' },
    ...overrides,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'maskcue-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const poppler = spawnSync('pdffonts', ['-v']).error === undefined;

describe('writeReportPdf', () => {
  it('makes A4 pages with metadata from the input and no patient identifier in it', async () => {
    const bytes = await writeReportPdf(input());
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(A4[0], 1);
      expect(page.getHeight()).toBeCloseTo(A4[1], 1);
    }
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-02-14T09:15:00.000Z');
    expect(doc.getCreator()).toBe('MaskCue 0.1.0');
    const meta = [doc.getTitle(), doc.getSubject(), doc.getAuthor(), doc.getKeywords()].join(' ');
    expect(meta).not.toMatch(/Okonkwo|P-31337|A-77/);
    expect(doc.getKeywords()).toContain('Not for diagnostic use');
  });

  it.skipIf(!poppler)('embeds both DejaVu fonts (subsets) and two key images per finding (pdffonts, pdfimages)', async () => {
    const file = join(dir, 'structure.pdf');
    const bytes = await writeReportPdf(input());
    writeFileSync(file, bytes);
    const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts.status, fonts.stderr).toBe(0);
    const rows = fonts.stdout.split('\n').slice(2).filter(Boolean);
    expect(rows.map((r) => r.split(/\s+/)[0]!.replace(/-\d+$/, '')).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    for (const row of rows) expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes/); // embedded
    // A subset: the whole of DejaVu Sans alone is 740 KB; the report with two findings' images is less.
    const fontBytes = loadReportFonts();
    expect(bytes.length).toBeLessThan(fontBytes.regular.length + fontBytes.bold.length);

    const images = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    expect(images.status, images.stderr).toBe(0);
    const list = images.stdout.split('\n').slice(2).filter(Boolean);
    expect(list).toHaveLength(4);
    // The 320 × 240 finding grows × 2 (to at least 512 px) so outline and labels stay sharp.
    expect(list.slice(0, 2).map((r) => r.trim().split(/\s+/).slice(3, 5).join('×'))).toEqual(['640×480', '640×480']);
  });

  it('says which font is missing and what to do', () => {
    expect(() => loadReportFonts(join(dir, 'no-fonts'))).toThrow(/DejaVuSans\.ttf cannot be read .* reinstall MaskCue/);
  });
});
