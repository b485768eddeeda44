// Report export benchmarks on one finding on a real-sized 512² CT slice (a real KiTS CT slice from
// ../shared/data when present, else an in-memory CT-like source of the same size), each against a peer
// or the same work without files, run in the same process:
//   - writeSeg vs DCMTK's dcmdump parsing the SEG it wrote (a peer handling the same file);
//   - writeReportPdf vs poppler's pdftotext reading the PDF it wrote;
//   - exportReport (PDF + SEG + SR + PNG, written atomically into a folder) vs the same writers called
//     one after the other in memory (what the files themselves cost).
// The peers are timed as processes (spawnSync), so their figures include process start-up.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import type { HeatMap } from '../../common/domain';
import { openImage, decodeFrame } from '../../main/dicom/pixels/decode-frame';
import { edgesOf, headerOf, spacingOf } from '../../main/reports/build-input';
import { exportReport } from '../../main/reports/export-report';
import { loadSourceInstance } from '../../main/reports/dicom/load-source';
import { writeSeg } from '../../main/reports/dicom/seg-writer';
import { classification, ellipseMask, findingOn, reportInput, syntheticSource } from '../../main/reports/dicom/spec-support/report-input';
import { writeSr } from '../../main/reports/dicom/sr-writer';
import { newUid } from '../../main/reports/dicom/values';
import { loadReportFonts } from '../../main/reports/pdf/fonts';
import { writeReportPdf } from '../../main/reports/pdf/report-pdf';
import { snapshotPng } from '../../main/reports/render/snapshot-png';
import type { ReportInput, SourceInstance } from '../../main/reports/types';
import { windowFrame } from '../../main/segmentation/image/window';
import type { BenchRow } from './foundation.bench';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const REPO = resolve(import.meta.dirname, '..', '..');
const REAL_CT = resolve(REPO, '..', 'shared', 'data', 'dicom', 'kits-ct', 'CT2.dcm');
const RUNS = 10;

const haveTool = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

/** The source and its 8-bit display image: the real slice windowed as the file says, or a CT-like stand-in. */
async function sliceOf(): Promise<{ source: SourceInstance; grey: Uint8Array; what: string }> {
  if (existsSync(REAL_CT)) {
    const source = await loadSourceInstance(REAL_CT);
    const frame = await decodeFrame(openImage(readFileSync(REAL_CT)), 0);
    const windowed = windowFrame(frame, { center: 40, width: 400 });
    return { source, grey: windowed.grey!, what: `real CT slice (kits-ct/CT2.dcm, ${frame.columns}×${frame.rows})` };
  }
  const source = syntheticSource({ rows: 512, columns: 512 });
  const grey = new Uint8Array(512 * 512);
  let seed = 3;
  for (let y = 0; y < 512; y += 1) {
    for (let x = 0; x < 512; x += 1) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const body = ((x - 256) / 220) ** 2 + ((y - 256) / 180) ** 2 <= 1;
      grey[y * 512 + x] = body ? 90 + ((seed >>> 24) % 40) : (seed >>> 24) % 6;
    }
  }
  return { source, grey, what: 'CT-like 512² stand-in (../shared/data absent)' };
}

/** One classified finding with a heat map, pack provenance and a findings text, as the service builds it. */
async function buildInput(): Promise<{ input: ReportInput; what: string }> {
  const { source, grey, what } = await sliceOf();
  const width = Number(source.dataset.Columns);
  const height = Number(source.dataset.Rows);
  const cell = 32;
  const hw = Math.ceil(width / cell);
  const hh = Math.ceil(height / cell);
  const [cx, cy] = [width * 0.42, height * 0.55];
  const data = new Float32Array(hw * hh);
  for (let j = 0; j < hh; j += 1) for (let i = 0; i < hw; i += 1) data[j * hw + i] = Math.max(0, 1 - Math.hypot((i + 0.5) * cell - cx, (j + 0.5) * cell - cy) / 90);
  const heatmap: HeatMap = { width: hw, height: hh, cellSize: cell, data };
  const result = { ...classification(['cyst', 'solid mass', 'normal'], [0.16, 0.74, 0.1]), engine: 'clip' as const, modelId: 'clip-vit-b16', heatmap };
  const finding = {
    ...findingOn({ source, label: 'solid mass', mask: ellipseMask(width, height, cx, cy, width / 14, height / 17), pixelSpacing: spacingOf(source), classification: result }),
    pack: { version: 3, engine: 'clip', modelId: 'clip-vit-b16', focus: 'overlay', exemplarsPerClass: [16, 16, 16], metrics: { accuracy: 0.81, balancedAccuracy: 0.79, macroF1: 0.78 } },
    heatmap,
    display: { width, height, grey },
    orientation: edgesOf(source),
  };
  const findingsText = [
    'Right kidney, interpolar region: a 3.1 × 2.4 cm solid, enhancing mass; no calcification.',
    'No perinephric stranding; renal vein patent. Left kidney unremarkable.',
    'Impression: solid renal mass, suspicious for renal cell carcinoma; urology referral.',
  ].join('\n');
  return { input: reportInput([finding], { header: headerOf(source), findingsText, signedBy: 'Reader^Rae', signedAt: '2026-01-02T10:00:00Z' }), what };
}

/** A one-page PDF with both report fonts embedded as subsets and a line of each: the floor under writeReportPdf. */
async function fontsOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const bytes = loadReportFonts();
  const regular = await doc.embedFont(bytes.regular, { subset: true });
  const bold = await doc.embedFont(bytes.bold, { subset: true });
  const page = doc.addPage();
  page.drawText('Not for diagnostic use \u2014 research software 0123456789 abcdefghijklmnopqrstuvwxyz', { font: regular, size: 9, x: 40, y: 40 });
  page.drawText('Patient ID Study Findings Impression', { font: bold, size: 12, x: 40, y: 80 });
  return doc.save();
}

/** Interleaved runs of ours and the peer, medians. */
async function pair(ours: () => Promise<unknown> | unknown, peer: () => void): Promise<{ ours: number; peer: number }> {
  await ours();
  peer();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    let started = performance.now();
    await ours();
    a.push(performance.now() - started);
    started = performance.now();
    peer();
    b.push(performance.now() - started);
  }
  return { ours: median(a), peer: median(b) };
}

function runPeer(command: string, args: string[]): void {
  const r = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr?.toString() ?? ''}`);
}

export async function benchReport(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'maskcue-bench-report-'));
  try {
    const { input, what } = await buildInput();
    const rows: BenchRow[] = [];
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

    const segIds = { SeriesInstanceUID: newUid(), SOPInstanceUID: newUid() };
    const seg = writeSeg(input, segIds);
    const segPath = join(dir, 'segmentation.dcm');
    writeFileSync(segPath, seg);
    if (!haveTool('dcmdump')) {
      rows.push({ name: 'DICOM SEG write, 1 finding on 512²', ours: '-', baseline: '-', ratio: Number.NaN, note: 'skipped: dcmdump (DCMTK) is not installed (apt-get install dcmtk)' });
    } else {
      const t = await pair(() => writeSeg(input, segIds), () => runPeer('dcmdump', ['-q', segPath]));
      rows.push({
        name: 'DICOM SEG write, 1 finding on 512²',
        ours: `${t.ours.toFixed(1)} ms writeSeg`,
        baseline: `dcmdump parsing it ${t.peer.toFixed(1)} ms`,
        ratio: t.ours / t.peer,
        note: `${what}; SEG ${kb(seg.length)}; the peer's time includes its process start; medians of ${RUNS}, interleaved`,
      });
    }

    const pdf = await writeReportPdf(input);
    const pdfPath = join(dir, 'report.pdf');
    writeFileSync(pdfPath, pdf);
    if (!haveTool('pdftotext')) {
      rows.push({ name: 'PDF report write, 1 finding', ours: '-', baseline: '-', ratio: Number.NaN, note: 'skipped: pdftotext (poppler-utils) is not installed' });
    } else {
      const t = await pair(() => writeReportPdf(input), () => runPeer('pdftotext', [pdfPath, '-']));
      const fontTimes: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const started = performance.now();
        await fontsOnlyPdf();
        fontTimes.push(performance.now() - started);
      }
      rows.push({
        name: 'PDF report write, 1 finding (key image + heat map, fonts embedded)',
        ours: `${t.ours.toFixed(1)} ms writeReportPdf`,
        baseline: `pdftotext reading it ${t.peer.toFixed(1)} ms`,
        ratio: t.ours / t.peer,
        note: `PDF ${kb(pdf.length)}; of it, a page with just the two font subsets takes ${median(fontTimes).toFixed(0)} ms (the rest is key images and layout); the peer's time includes its process start; medians of ${RUNS}, interleaved`,
      });
    }

    // exportReport end to end vs the same writers in memory (no files, no atomic rename).
    const inMemory = async () => {
      const ids = { SeriesInstanceUID: newUid(), SOPInstanceUID: newUid() };
      await writeReportPdf(input);
      writeSeg(input, ids);
      writeSr(input, ids);
      for (const finding of input.findings) snapshotPng(finding, { outline: true, heatmap: finding.heatmap !== null, scaleBar: true, orientation: true });
    };
    let n = 0;
    let written: Awaited<ReturnType<typeof exportReport>> = [];
    // exportReport writes into an existing folder (the service makes it); made before the clock starts.
    const freshFolder = () => {
      const out = join(dir, `export-${(n += 1)}`);
      mkdirSync(out);
      return out;
    };
    written = await exportReport(input, freshFolder());
    await inMemory();
    const ours: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      let started = performance.now();
      await inMemory();
      bare.push(performance.now() - started);
      const out = freshFolder();
      started = performance.now();
      written = await exportReport(input, out);
      ours.push(performance.now() - started);
    }
    const total = written.reduce((sum, f) => sum + f.bytes, 0);
    rows.push({
      name: 'exportReport end to end (PDF + SEG + SR + PNG into a folder)',
      ours: `${median(ours).toFixed(1)} ms`,
      baseline: `same writers in memory ${median(bare).toFixed(1)} ms`,
      ratio: median(ours) / median(bare),
      note: `${written.length} files, ${kb(total)} (${written.map((f) => f.kind).join(', ')}); the difference is writing them atomically; medians of ${RUNS}, interleaved`,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
