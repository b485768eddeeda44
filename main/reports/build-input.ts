// A study's report input from the workspace: every accepted segment becomes a finding (its mask, its
// source instance's header, the frame as the viewer shows it by default, orientation letters and
// pixel spacing), with the latest classification of that segment — or of the same frame when it was
// classified before being accepted — and the provenance of the pack behind it.

import { MaskcueError } from '../../common/api';
import type { DecodedFrame } from '../../common/dicom';
import { orientationMarkers } from '../../common/dicom/orientation';
import type { ClassificationResult, PromptPackSummary } from '../../common/domain';
import type { LocateInstance } from '../dicom/instance-location';
import type { PackStore } from '../fewshot/store/packs';
import { windowFrame } from '../segmentation/image/window';
import type { SegmentStore } from '../segmentation/service/segment-store';
import { allRows, getRow } from '../workspace/sqlite';
import type { Workspace } from '../workspace/workspace';
import { loadSourceInstance } from './dicom/load-source';
import { assignSegmentNumbers } from './dicom/segments';
import type { ReportFinding, ReportHeader, ReportInput, SourceInstance } from './types';

export interface BuildInputDeps {
  workspace: Workspace;
  segments: SegmentStore;
  packs: PackStore;
  locate: LocateInstance;
  frame: (SOPInstanceUID: string, frame: number) => Promise<DecodedFrame>;
}

type StoredResult = Omit<ClassificationResult, 'heatmap'> & { heatmap: (Omit<NonNullable<ClassificationResult['heatmap']>, 'data'> & { data: number[] }) | null };

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join('\\');
  if (value && typeof value === 'object' && 'Alphabetic' in value) return String((value as { Alphabetic: unknown }).Alphabetic ?? '');
  return value === undefined || value === null ? '' : String(value);
}

function numbers(value: unknown, count: number): number[] | null {
  const list = (Array.isArray(value) ? value : typeof value === 'string' ? value.split('\\') : [value]).map(Number);
  return list.length >= count && list.slice(0, count).every(Number.isFinite) ? list.slice(0, count) : null;
}

export function headerOf(source: SourceInstance): ReportHeader {
  const d = source.dataset;
  return {
    patientName: text(d.PatientName).replace(/\^+/g, ' ').trim(),
    patientId: text(d.PatientID),
    studyDate: text(d.StudyDate),
    accessionNumber: text(d.AccessionNumber),
    modality: text(d.Modality),
    studyDescription: text(d.StudyDescription),
    StudyInstanceUID: text(d.StudyInstanceUID),
  };
}

/** Spacing in the patient's plane; for projection images (DX, CR) the detector's, as the viewer measures. */
export function spacingOf(source: SourceInstance): [number, number] | null {
  const d = source.dataset;
  const s = numbers(d.PixelSpacing, 2) ?? numbers(d.ImagerPixelSpacing, 2);
  return s && s[0]! > 0 && s[1]! > 0 ? [s[0]!, s[1]!] : null;
}

export function edgesOf(source: SourceInstance): ReportFinding['orientation'] {
  const o = numbers(source.dataset.ImageOrientationPatient, 6);
  const markers = orientationMarkers(o as [number, number, number, number, number, number] | null, { rotation: 0, hflip: false, vflip: false });
  return markers && { left: markers.left, right: markers.right, top: markers.top, bottom: markers.bottom };
}

function latestClassification(workspace: Workspace, segmentId: string, SOPInstanceUID: string, frame: number): ClassificationResult | null {
  const row =
    getRow(workspace.db, 'SELECT result_json FROM classifications WHERE segment_id = ? ORDER BY created_at DESC LIMIT 1', [segmentId]) ??
    getRow(workspace.db, 'SELECT result_json FROM classifications WHERE SOPInstanceUID = ? AND frame = ? ORDER BY created_at DESC LIMIT 1', [SOPInstanceUID, frame]);
  if (!row) return null;
  const stored = JSON.parse(String(row.result_json)) as StoredResult;
  return { ...stored, heatmap: stored.heatmap ? { ...stored.heatmap, data: Float32Array.from(stored.heatmap.data) } : null };
}

export async function buildStudyInput(deps: BuildInputDeps, StudyInstanceUID: string, exclude: readonly string[] = []): Promise<Omit<ReportInput, 'findingsText' | 'signedBy' | 'signedAt' | 'deidentified' | 'createdAt' | 'software'>> {
  const left = new Set(exclude);
  const rows = allRows(deps.workspace.db, 'SELECT id, SeriesInstanceUID FROM segments WHERE StudyInstanceUID = ? ORDER BY created_at', [StudyInstanceUID]).filter(
    (r) => !left.has(String(r.id)),
  );
  if (rows.length === 0) {
    throw new MaskcueError(
      'INVALID_ARGUMENT',
      left.size
        ? 'Every accepted mask of this study is unticked: tick at least one finding to report.'
        : 'This study has no accepted mask to report. Outline a finding, press Enter to accept it, then export.',
    );
  }
  const findings: ReportFinding[] = [];
  const sources = new Map<string, SourceInstance>();
  for (const series of new Set(rows.map((r) => String(r.SeriesInstanceUID)))) {
    for (const record of deps.segments.list(series).filter((r) => !left.has(r.id))) {
      const location = deps.locate(record.SOPInstanceUID);
      if (!location) throw new MaskcueError('NOT_FOUND', `Instance ${record.SOPInstanceUID} is no longer in the workspace index. Re-import the study, then export again.`);
      const source = sources.get(location.path) ?? (await loadSourceInstance(location.path));
      sources.set(location.path, source);
      const mask = await deps.segments.mask(record.id);
      const windowed = windowFrame(await deps.frame(record.SOPInstanceUID, record.frame), null);
      const classification = latestClassification(deps.workspace, record.id, record.SOPInstanceUID, record.frame);
      const pack = classification ? safePack(deps.packs, classification.packId) : null;
      findings.push({
        label: record.label,
        segmentNumber: 0,
        source,
        frame: record.frame,
        width: record.width,
        height: record.height,
        mask: mask.data,
        areaPx: record.areaPx,
        areaMm2: record.areaMm2,
        pixelSpacing: spacingOf(source),
        classification,
        pack: pack && provenanceOf(pack.summary),
        heatmap: classification?.heatmap ?? null,
        display: windowed.grey ? { width: windowed.width, height: windowed.height, grey: windowed.grey } : { width: windowed.width, height: windowed.height, rgb: windowed.rgb! },
        orientation: edgesOf(source),
      });
    }
  }
  return { header: headerOf(findings[0]!.source), findings: assignSegmentNumbers(findings) };
}

/** What a report says about the pack behind a result. */
export function provenanceOf(summary: PromptPackSummary): NonNullable<ReportFinding['pack']> {
  const m = summary.metrics;
  return {
    version: summary.version,
    engine: summary.engine,
    modelId: summary.modelId,
    focus: summary.focus,
    exemplarsPerClass: summary.exemplarsPerClass,
    metrics: m && { accuracy: m.accuracy, balancedAccuracy: m.balancedAccuracy, macroF1: m.macroF1 },
  };
}

function safePack(packs: PackStore, id: string) {
  try {
    return packs.get(id);
  } catch {
    return null; // A pack row removed by hand: the result still stands, without its provenance line.
  }
}
