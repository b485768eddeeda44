// Segments of an export: one per finding label (the SEG's SegmentSequence and what the SR's
// measurement groups reference), with the codes that say what a segment is.
//
// Codes (SNOMED CT, scheme SCT): category 49755003 "Morphologically abnormal structure" with type
// 52988006 "Lesion" for every class label except ones that say there is no finding ("normal",
// "no tumor", "healthy"...), which get category and type 85756007 "Tissue". MaskCue's classes are the
// radiologist's own names ("benign", "malignant", "glioma"), so the type only claims what the mask
// is: a region the reader outlined as a lesion. "Mass" (4147007) or "Neoplasm" (108369006) would
// claim more than the class names guarantee. The class itself travels as SegmentLabel and
// SegmentDescription here, and as a coded finding in the SR.
import { MaskcueError } from '../../../common/api';
import type { ReportFinding, ReportInput } from '../types';
import type { Code } from './values';

export interface SegmentDef {
  segmentNumber: number;
  label: string;
  category: Code;
  type: Code;
}

export const MORPHOLOGICALLY_ABNORMAL_STRUCTURE: Code = { value: '49755003', scheme: 'SCT', meaning: 'Morphologically abnormal structure' };
export const LESION: Code = { value: '52988006', scheme: 'SCT', meaning: 'Lesion' };
export const TISSUE: Code = { value: '85756007', scheme: 'SCT', meaning: 'Tissue' };

const NO_FINDING = /^(normal|no[ _-]?(finding|tumou?r|lesion)s?|healthy|negative|benign[ _-]?normal)$/i;

export function segmentCodesFor(label: string): { category: Code; type: Code } {
  return NO_FINDING.test(label.trim()) ? { category: TISSUE, type: TISSUE } : { category: MORPHOLOGICALLY_ABNORMAL_STRUCTURE, type: LESION };
}

/** Refuses an export with nothing in it, before any file is written. */
export function requireFindings(input: ReportInput): void {
  if (input.findings.length === 0) {
    throw new MaskcueError('INVALID_ARGUMENT', 'Nothing to export: the report has no findings. Outline and accept at least one finding, then export again.');
  }
}

/** Segment numbers by label in order of first appearance: 1, 2, 3... (what the builder should set). */
export function assignSegmentNumbers(findings: readonly ReportFinding[]): ReportFinding[] {
  const numbers = new Map<string, number>();
  return findings.map((finding) => {
    let n = numbers.get(finding.label);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(finding.label, n);
    }
    return { ...finding, segmentNumber: n };
  });
}

/**
 * The segments of an export, checked: one segment per label, numbered 1..N without gaps (the SEG
 * IOD requires SegmentNumber to start at 1 and increase by 1).
 */
export function segmentsOf(input: ReportInput, codes: (label: string) => { category: Code; type: Code } = segmentCodesFor): SegmentDef[] {
  requireFindings(input);
  const byNumber = new Map<number, string>();
  const byLabel = new Map<string, number>();
  for (const finding of input.findings) {
    const n = finding.segmentNumber;
    if (!Number.isInteger(n) || n < 1) throw new MaskcueError('INVALID_ARGUMENT', `Finding "${finding.label}" has segment number ${n}; segment numbers start at 1. Renumber with assignSegmentNumbers().`);
    const label = byNumber.get(n);
    const number = byLabel.get(finding.label);
    if ((label !== undefined && label !== finding.label) || (number !== undefined && number !== n)) {
      throw new MaskcueError('INVALID_ARGUMENT', `Segment numbers do not match labels one to one ("${finding.label}" has ${n}). The SEG has one segment per label: renumber with assignSegmentNumbers().`);
    }
    byNumber.set(n, finding.label);
    byLabel.set(finding.label, n);
  }
  const numbers = [...byNumber.keys()].sort((a, b) => a - b);
  numbers.forEach((n, i) => {
    if (n !== i + 1) throw new MaskcueError('INVALID_ARGUMENT', `Segment numbers must run 1..${numbers.length} without gaps, got ${numbers.join(', ')}. Renumber with assignSegmentNumbers().`);
  });
  return numbers.map((segmentNumber) => {
    const label = byNumber.get(segmentNumber)!;
    return { segmentNumber, label, ...codes(label) };
  });
}
