// One export: the PDF for people, DICOM SEG and SR for PACS, PNG snapshots for slides — written
// together (write-atomic-files.ts: all land or none). With de-identification one deidentifier serves
// every file, so a UID is remapped the same way in the SEG, the SR that references it and the PDF.
// File names never carry patient data.

import { MaskcueError } from '../../common/api';
import { headerOf } from './build-input';
import { createDeidentifier, type Deidentifier } from './dicom/deidentify';
import { newUid } from './dicom/values';
import { writeSeg } from './dicom/seg-writer';
import { writeSr } from './dicom/sr-writer';
import { writeReportPdf } from './pdf/report-pdf';
import { snapshotPng } from './render/snapshot-png';
import type { ReportInput, WrittenFile } from './types';
import { writeFilesAtomically, type FileToWrite } from './write-atomic-files';

export type ReportFormat = WrittenFile['kind'];
export const ALL_FORMATS: readonly ReportFormat[] = ['pdf', 'seg', 'sr', 'png'];

const safeName = (label: string) => label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'finding';

/** The same input as the PDF should show it: a de-identified header when asked. */
function shownInput(input: ReportInput, deid: Deidentifier | null): ReportInput {
  if (!deid) return input;
  const first = input.findings[0]!.source;
  const header = headerOf({ ...first, dataset: deid.dataset(first.dataset) });
  return { ...input, header, deidentified: true };
}

/**
 * PS3.15 cannot remove text burnt into pixels, and a source that says BurnedInAnnotation YES (most
 * ultrasound) may show the patient's name there: a de-identified export leaves its key images out of the
 * PDF and its PNG, and says why. SEG and SR never carry source pixels.
 */
function withholdBurnedIn(input: ReportInput, deid: Deidentifier): ReportInput {
  for (const finding of input.findings) deid.checkSource(finding.source);
  const flagged = new Set(deid.burnedInAnnotation);
  return {
    ...input,
    findings: input.findings.map((finding) =>
      flagged.has(deid.uid(finding.source.SOPInstanceUID))
        ? {
            ...finding,
            keyImageWithheld:
              'Key images withheld: the source image says it has burned-in annotation (text in its pixels that may identify the patient), which de-identification cannot remove. Export without de-identification to include them.',
          }
        : finding,
    ),
  };
}

export async function exportReport(input: ReportInput, outDir: string, formats: readonly ReportFormat[] = ALL_FORMATS): Promise<WrittenFile[]> {
  if (input.findings.length === 0) {
    throw new MaskcueError('INVALID_ARGUMENT', 'There is no mask to report. Outline a finding and accept it (Enter), then export.');
  }
  const deid = input.deidentified ? createDeidentifier() : null;
  input = deid ? withholdBurnedIn(input, deid) : input;
  const files: FileToWrite[] = [];
  const seg = { SeriesInstanceUID: newUid(), SOPInstanceUID: newUid() };
  if (formats.includes('pdf')) files.push({ name: 'report.pdf', kind: 'pdf', data: await writeReportPdf(shownInput(input, deid)) });
  if (formats.includes('seg') || formats.includes('sr')) {
    const options = { ...seg, ...(deid ? { deidentifier: deid } : {}) };
    const segBytes = writeSeg(input, options);
    if (formats.includes('seg')) files.push({ name: 'segmentation.dcm', kind: 'seg', data: segBytes });
    // The SEG's own UIDs are new, written as given (nothing to de-identify), and the SR names them so.
    if (formats.includes('sr')) files.push({ name: 'measurements-sr.dcm', kind: 'sr', data: writeSr(input, seg, deid ? { deidentifier: deid } : {}) });
  }
  if (formats.includes('png')) {
    input.findings.forEach((finding, i) => {
      if (finding.keyImageWithheld) return;
      files.push({
        name: `finding-${i + 1}-${safeName(finding.label)}.png`,
        kind: 'png',
        data: snapshotPng(finding, { outline: true, heatmap: finding.heatmap !== null, scaleBar: true, orientation: true }),
      });
    });
  }
  return writeFilesAtomically(outDir, files);
}
