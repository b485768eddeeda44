// One export's files; a de-identified export of a source with burned-in annotation withholds its key
// images (PDF and PNG) and says so, because PS3.15 cannot clean pixels.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findingOn, reportInput, syntheticSource } from './dicom/spec-support/report-input';
import { exportReport } from './export-report';

const root = mkdtempSync(join(tmpdir(), 'maskcue-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const hasPdftotext = spawnSync('which', ['pdftotext']).status === 0;

function ultrasound(burnedIn: boolean) {
  const source = syntheticSource({ modality: 'US', geometry: false, extra: { BurnedInAnnotation: burnedIn ? 'YES' : 'NO', PatientName: 'Doe^Jane' } });
  return reportInput([findingOn({ source, label: 'lesion' })]);
}

describe('exportReport', () => {
  it('writes PDF, SEG, SR and one PNG per finding', async () => {
    const out = mkdtempSync(join(root, 'plain-'));
    const files = await exportReport(ultrasound(true), out);
    expect(files.map((f) => f.kind).sort()).toEqual(['pdf', 'png', 'seg', 'sr']);
    expect(readdirSync(out).sort()).toEqual(['finding-1-lesion.png', 'measurements-sr.dcm', 'report.pdf', 'segmentation.dcm']);
  });

  it('withholds the key images of a burned-in source when de-identifying, and says why', async () => {
    const out = mkdtempSync(join(root, 'deid-'));
    const files = await exportReport({ ...ultrasound(true), deidentified: true }, out);
    expect(files.map((f) => f.kind).sort()).toEqual(['pdf', 'seg', 'sr']);
    if (hasPdftotext) {
      const text = spawnSync('pdftotext', [join(out, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain('Key images withheld');
      expect(text).not.toContain('Doe');
    }
    const clean = mkdtempSync(join(root, 'deid-clean-'));
    expect((await exportReport({ ...ultrasound(false), deidentified: true }, clean)).map((f) => f.kind)).toContain('png');
  });
});
