// MaskCue's DICOM exports checked by peers: dciodvfy (dicom3tools) validates the SEG and SR against
// their IODs, dcmdump and dsrdump (DCMTK) parse them, the SEG round-trips its masks, and the
// de-identified outputs carry no identifying source value and no private tag. Sources: a CT series
// generated from a real slice (tests/fixtures/dicom/generate-series.ts), the real CT slice itself
// (it has private tags), a real single-frame DX chest X-ray, and real ultrasound images, all from
// ../shared/data; a case skips with a message when its file is absent.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MaskcueError } from '../../common/api';
import { dcmjs, decodePart10, type NaturalDataset } from '../../main/reports/dicom/dcmjs';
import { createDeidentifier, type Deidentifier } from '../../main/reports/dicom/deidentify';
import { loadSourceInstance } from '../../main/reports/dicom/load-source';
import { readSeg } from '../../main/reports/dicom/seg-reader';
import { writeSeg } from '../../main/reports/dicom/seg-writer';
import { classification, ellipseMask, findingOn, reportInput } from '../../main/reports/dicom/spec-support/report-input';
import { writeSr } from '../../main/reports/dicom/sr-writer';
import { newUid } from '../../main/reports/dicom/values';
import type { ReportFinding, SourceInstance } from '../../main/reports/types';
import { generateSeries } from '../fixtures/dicom/generate-series';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const data = resolve(repoRoot, '..', 'shared', 'data', 'dicom');
const tool = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const haveDciodvfy = tool('dciodvfy');
const haveDcmdump = tool('dcmdump');
const haveDsrdump = tool('dsrdump');
const work = mkdtempSync(join(tmpdir(), 'maskcue-report-dicom-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** dciodvfy: no Error lines; warnings printed so a reader of the test output sees them. */
function validate(path: string, label: string): void {
  if (!haveDciodvfy) {
    console.warn(`dciodvfy is not installed: ${label} not validated (apt-get install dicom3tools).`);
    return;
  }
  const { output } = run('dciodvfy', [path]);
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const warnings = lines.filter((l) => l.startsWith('Warning'));
  if (warnings.length > 0) console.log(`dciodvfy ${label}: ${warnings.length} warning(s)\n  ${[...new Set(warnings)].join('\n  ')}`);
  expect(lines.filter((l) => l.startsWith('Error')), `dciodvfy ${label}:\n${output}`).toEqual([]);
}

function parsesWithDcmtk(path: string, isSr: boolean): void {
  if (haveDcmdump) {
    const dump = run('dcmdump', ['-q', path]);
    expect(dump.status, dump.output).toBe(0);
    expect(dump.output).not.toMatch(/^E:/m);
  }
  if (isSr && haveDsrdump) {
    const dump = run('dsrdump', ['-q', path]);
    expect(dump.status, dump.output).toBe(0);
    expect(dump.output).not.toMatch(/^E:/m);
  }
}

/** Every string in a naturalized dataset (PN components included), with where it was found. */
function strings(value: unknown, where: string, out: { where: string; text: string }[] = []): { where: string; text: string }[] {
  if (typeof value === 'string') out.push({ where, text: value });
  else if (typeof value === 'number') out.push({ where, text: String(value) });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${where}[${i}]`, out));
  else if (value && typeof value === 'object' && !(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) if (k !== '_vrMap') strings(v, `${where}.${k}`, out);
  }
  return out;
}

/**
 * Values the basic profile does not let through (anything not K), from every source, nested too.
 * CS values are left out: they are enumerations (TypeOfPatientID "TEXT", "YES"), not identities.
 */
function forbiddenValues(sources: SourceInstance[], deid: Deidentifier): Set<string> {
  const out = new Set<string>();
  const vrOf = (keyword: string) => dcmjs.data.DicomMetaDictionary.nameMap[keyword]?.vr;
  const collect = (value: unknown, keyword: string) => {
    const vr = vrOf(keyword);
    if (vr === 'SQ' && Array.isArray(value)) {
      for (const item of value as NaturalDataset[]) for (const [k, v] of Object.entries(item)) if (k !== '_vrMap') collect(v, k);
    } else if (vr !== 'CS') for (const s of strings(value, keyword)) out.add(s.text);
  };
  const visit = (ds: NaturalDataset) => {
    for (const [keyword, value] of Object.entries(ds)) {
      if (keyword === '_vrMap') continue;
      const action = deid.actionFor(keyword);
      if (vrOf(keyword) === 'SQ' && action === 'K' && Array.isArray(value)) value.forEach((item) => visit(item as NaturalDataset));
      else if (action !== 'K') collect(value, keyword);
    }
  };
  for (const source of sources) visit(source.dataset);
  // Values too short or too generic to identify anyone (and that occur in our own output by chance).
  for (const v of [...out]) if (v.trim().length < 3 || /^[0.]+$/.test(v) || v === 'ANONYMIZED') out.delete(v);
  return out;
}

/** Raw (denaturalized) walk: odd groups are private. */
function privateTags(bytes: Uint8Array): string[] {
  const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const found: string[] = [];
  const walk = (dict: Record<string, { vr: string; Value?: unknown[] }>) => {
    for (const [tag, element] of Object.entries(dict)) {
      if (parseInt(tag.slice(0, 4), 16) % 2 === 1) found.push(tag);
      if (element.vr === 'SQ') for (const item of element.Value ?? []) walk(item as Record<string, { vr: string; Value?: unknown[] }>);
    }
  };
  walk(file.dict);
  return found;
}

/** Strings in an output (data set and file meta) that equal or contain an identifying source value. */
function leaksOf(bytes: Uint8Array, label: string, sources: SourceInstance[], deid: Deidentifier): { where: string; text: string }[] {
  const { dataset, meta } = decodePart10(bytes);
  const forbidden = forbiddenValues(sources, deid);
  for (const source of sources) {
    for (const uid of [source.SOPInstanceUID, source.dataset.SeriesInstanceUID, source.dataset.StudyInstanceUID, source.dataset.FrameOfReferenceUID]) if (typeof uid === 'string') forbidden.add(uid);
  }
  return [...strings(dataset, label), ...strings(meta, `${label}.meta`)].filter(({ text }) => [...forbidden].some((f) => text === f || (f.length >= 6 && text.includes(f))));
}

function checkDeidentified(bytes: Uint8Array, label: string, sources: SourceInstance[], deid: Deidentifier): void {
  expect(decodePart10(bytes).dataset.PatientIdentityRemoved, label).toBe('YES');
  expect(leaksOf(bytes, label, sources, deid), `${label} carries identifying source values`).toEqual([]);
  expect(privateTags(bytes), `${label} has private tags`).toEqual([]);
}

interface Case {
  name: string;
  files: () => Promise<string[]>;
  spacing: (source: SourceInstance) => [number, number] | null;
}

const need = (...parts: string[]) => join(data, ...parts);
const ctSlice = need('pydicom', 'CT_small.dcm');
const cases: Case[] = [
  {
    name: 'CT series (generated from a real slice)',
    files: async () => generateSeries(ctSlice, 3, join(work, 'ct')).files,
    spacing: (s) => (s.dataset.PixelSpacing as [number, number] | undefined) ?? null,
  },
  { name: 'CT slice with private tags', files: async () => [ctSlice], spacing: (s) => (s.dataset.PixelSpacing as [number, number] | undefined) ?? null },
  { name: 'DX chest X-ray (single frame, no geometry)', files: async () => [need('nih-cxr', 'nih_cxr_dx.dcm')], spacing: () => null },
  {
    name: 'US (cornerstone3D, YBR_FULL_422)',
    files: async () => [need('cornerstone3D', 'US-YBR_FULL_422-EVRLE.dcm')],
    // Ultrasound regions give the spacing in cm.
    spacing: (s) => {
      const region = (s.dataset.SequenceOfUltrasoundRegions as NaturalDataset[] | undefined)?.[0];
      return region ? [Number(region.PhysicalDeltaY) * 10, Number(region.PhysicalDeltaX) * 10] : null;
    },
  },
  { name: 'US (pydicom-data, RGB)', files: async () => [need('pydicom-data', 'US1_UNCR.dcm')], spacing: () => null },
];

const present = (c: Case) => existsSync(c.name.startsWith('CT') ? ctSlice : c.name.startsWith('DX') ? need('nih-cxr', 'nih_cxr_dx.dcm') : c.name.includes('cornerstone3D') ? need('cornerstone3D', 'US-YBR_FULL_422-EVRLE.dcm') : need('pydicom-data', 'US1_UNCR.dcm'));

describe('DICOM SEG and SR exports against peers', () => {
  for (const c of cases) {
    const available = present(c);
    if (!available) console.warn(`report-dicom: ${c.name} skipped: its file under ${data} is absent.`);
    it.skipIf(!available)(`${c.name}: valid SEG and SR, masks round-trip, nothing identifying survives`, async () => {
      const sources = await Promise.all((await c.files()).map((f) => loadSourceInstance(f)));
      const findings: ReportFinding[] = [];
      const probabilities = classification(['benign', 'malignant'], [0.3, 0.7]);
      sources.forEach((source, i) => {
        const w = Number(source.dataset.Columns);
        const h = Number(source.dataset.Rows);
        findings.push(findingOn({ source, label: 'malignant', pixelSpacing: c.spacing(source), mask: ellipseMask(w, h, w / 2 + i, h / 2, w / 6, h / 7), classification: probabilities }));
      });
      const w0 = Number(sources[0]!.dataset.Columns);
      const h0 = Number(sources[0]!.dataset.Rows);
      findings.push(findingOn({ source: sources[0]!, label: 'benign', pixelSpacing: c.spacing(sources[0]!), mask: ellipseMask(w0, h0, w0 / 4, h0 / 4, w0 / 10, h0 / 12) }));
      const input = reportInput(findings, { signedBy: 'Reader^Rae', findingsText: 'See the outlined findings.' });

      const deid = createDeidentifier();
      const segIds = { SeriesInstanceUID: newUid(), SOPInstanceUID: newUid() };
      const seg = writeSeg(input, { deidentifier: deid, ...segIds });
      const sr = writeSr(input, segIds, { deidentifier: deid });
      const slug = c.name.replace(/\W+/g, '-');
      const segPath = join(work, `${slug}.seg.dcm`);
      const srPath = join(work, `${slug}.sr.dcm`);
      writeFileSync(segPath, seg);
      writeFileSync(srPath, sr);

      validate(segPath, `${c.name} SEG`);
      validate(srPath, `${c.name} SR`);
      parsesWithDcmtk(segPath, false);
      parsesWithDcmtk(srPath, true);

      // Round trip: every finding's mask back, bit for bit, on its (remapped) source frame.
      const read = readSeg(seg);
      expect(read.frames).toHaveLength(findings.length);
      for (const f of input.findings) {
        const frame = read.frames.find((r) => r.segmentNumber === f.segmentNumber && r.SOPInstanceUID === deid.uid(f.source.SOPInstanceUID) && r.frame === f.frame);
        expect(frame, `${f.label} on ${f.source.path}`).toBeDefined();
        expect(Buffer.from(frame!.mask).equals(Buffer.from(f.mask))).toBe(true);
      }
      // The SR references the SEG as written.
      expect(decodePart10(seg).dataset.SOPInstanceUID).toBe(segIds.SOPInstanceUID);

      checkDeidentified(seg, `${c.name} SEG`, sources, deid);
      checkDeidentified(sr, `${c.name} SR`, sources, deid);
    });
  }

  it.skipIf(!existsSync(ctSlice))('without de-identification the SEG keeps the source identity and references', async () => {
    const source = await loadSourceInstance(ctSlice);
    const seg = writeSeg(reportInput([findingOn({ source, label: 'x' })]));
    const path = join(work, 'identified.seg.dcm');
    writeFileSync(path, seg);
    validate(path, 'identified CT SEG');
    const { dataset } = decodePart10(seg);
    expect(dataset.StudyInstanceUID).toBe(source.dataset.StudyInstanceUID);
    expect(readSeg(seg).frames[0]!.SOPInstanceUID).toBe(source.SOPInstanceUID);
    expect(privateTags(seg)).toEqual([]); // private tags are never copied, de-identified or not
    // Control for the leak check above: without de-identification it finds the patient and the UIDs.
    const leaks = leaksOf(seg, 'identified', [source], createDeidentifier()).map((l) => l.text);
    expect(leaks).toEqual(expect.arrayContaining(['CompressedSamples^CT1', source.SOPInstanceUID, source.dataset.StudyInstanceUID]));
  });

  it('refuses an export without findings, with what to do', () => {
    const input = reportInput([]);
    expect(() => writeSeg(input)).toThrow(MaskcueError);
    expect(() => writeSeg(input)).toThrow(/no findings.*Outline and accept/);
    expect(() => writeSr(input, { SeriesInstanceUID: newUid(), SOPInstanceUID: newUid() })).toThrow(/no findings/);
  });
});
