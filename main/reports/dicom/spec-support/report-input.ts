// Test support: a ReportInput around real source images and synthetic masks, the way the report
// service builds one (segment numbers per label). Nothing at run time imports it.
import type { ClassificationResult } from '../../../../common/domain';
import type { ReportFinding, ReportInput, SourceInstance } from '../../types';
import { assignSegmentNumbers } from '../segments';

/** A filled ellipse centred in the image, 0/1. */
export function ellipseMask(width: number, height: number, cx = width / 2, cy = height / 2, rx = width / 5, ry = height / 6): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) mask[y * width + x] = 1;
  return mask;
}

export function classification(classes: string[], probabilities: number[]): ClassificationResult {
  const top = probabilities.indexOf(Math.max(...probabilities));
  return {
    classes,
    probabilities,
    top,
    uncertain: probabilities[top]! < 0.5,
    packId: 'pack-1',
    packVersion: 3,
    engine: 'radiomics',
    modelId: 'radiomics',
    focus: 'overlay',
    exemplarsPerClass: classes.map(() => 5),
    heatmap: null,
    times: { embedMs: 1, explainMs: 1, totalMs: 2 },
  };
}

export interface FindingSpec {
  source: SourceInstance;
  label: string;
  frame?: number;
  mask?: Uint8Array;
  pixelSpacing?: [number, number] | null;
  classification?: ClassificationResult | null;
}

export function findingOn(spec: FindingSpec): ReportFinding {
  const width = Number(spec.source.dataset.Columns);
  const height = Number(spec.source.dataset.Rows);
  const mask = spec.mask ?? ellipseMask(width, height);
  const areaPx = mask.reduce((n, v) => n + (v ? 1 : 0), 0);
  const spacing = spec.pixelSpacing === undefined ? null : spec.pixelSpacing;
  return {
    label: spec.label,
    segmentNumber: 0,
    source: spec.source,
    frame: spec.frame ?? 0,
    width,
    height,
    mask,
    areaPx,
    areaMm2: spacing ? areaPx * spacing[0] * spacing[1] : null,
    pixelSpacing: spacing,
    classification: spec.classification ?? null,
    pack: null,
    heatmap: null,
    display: { width, height, grey: new Uint8Array(width * height) },
    orientation: null,
  };
}

export function reportInput(findings: ReportFinding[], overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    header: { patientName: '', patientId: '', studyDate: '', accessionNumber: '', modality: '', studyDescription: '', StudyInstanceUID: '' },
    findings: assignSegmentNumbers(findings),
    findingsText: '',
    signedBy: null,
    signedAt: null,
    deidentified: false,
    createdAt: '2026-01-01T00:00:00Z',
    software: { name: 'MaskCue', version: '0.1.0' },
    ...overrides,
  };
}

/** An in-memory source (no file): a CT-like slice with geometry, or a DX/US-like image without. */
export function syntheticSource(options: { rows?: number; columns?: number; frames?: number; geometry?: boolean; modality?: string; series?: string; study?: string; instance?: string; extra?: Record<string, unknown> } = {}): SourceInstance {
  const SOPInstanceUID = options.instance ?? `1.2.826.0.1.3680043.8.498.${Math.floor(Math.random() * 1e12)}`;
  const geometry = options.geometry ?? true;
  const dataset: Record<string, unknown> = {
    SOPClassUID: geometry ? '1.2.840.10008.5.1.4.1.1.2' : '1.2.840.10008.5.1.4.1.1.6.1',
    SOPInstanceUID,
    StudyInstanceUID: options.study ?? '1.2.826.0.1.3680043.8.498.100',
    SeriesInstanceUID: options.series ?? '1.2.826.0.1.3680043.8.498.200',
    Modality: options.modality ?? (geometry ? 'CT' : 'US'),
    PatientName: [{ Alphabetic: 'Synthetic^Patient' }],
    PatientID: 'SYN-0001',
    PatientBirthDate: '19700101',
    PatientSex: 'F',
    StudyDate: '20240102',
    StudyTime: '101010',
    AccessionNumber: 'ACC-77',
    ReferringPhysicianName: [{ Alphabetic: 'Referrer^Rita' }],
    StudyID: 'S1',
    InstitutionName: 'Synthetic General Hospital',
    Rows: options.rows ?? 24,
    Columns: options.columns ?? 20,
    ...(options.frames ? { NumberOfFrames: options.frames } : {}),
    ...(geometry
      ? { ImagePositionPatient: [-10, -20, 30], ImageOrientationPatient: [1, 0, 0, 0, 1, 0], PixelSpacing: [0.7, 0.7], SliceThickness: 1.25, FrameOfReferenceUID: '1.2.826.0.1.3680043.8.498.300' }
      : {}),
    ...(options.extra ?? {}),
  };
  return { path: `/nowhere/${SOPInstanceUID}.dcm`, SOPInstanceUID, SOPClassUID: dataset.SOPClassUID as string, dataset };
}
