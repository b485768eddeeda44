import { describe, expect, it } from 'vitest';
import { MaskcueError } from '../../../common/api';
import { decodePart10, type NaturalDataset } from './dcmjs';
import { createDeidentifier } from './deidentify';
import { classification, findingOn, reportInput, syntheticSource } from './spec-support/report-input';
import { writeSr } from './sr-writer';

const items = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []) as NaturalDataset[];
const meaning = (item: NaturalDataset) => items(item.ConceptNameCodeSequence)[0]?.CodeMeaning;
const child = (item: NaturalDataset, name: string) => items(item.ContentSequence).find((c) => meaning(c) === name);
const children = (item: NaturalDataset, name: string) => items(item.ContentSequence).filter((c) => meaning(c) === name);
const seg = { SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.900', SOPInstanceUID: '1.2.826.0.1.3680043.8.498.901' };

describe('writeSr (TID 1500)', () => {
  const source = syntheticSource();
  const input = reportInput(
    [
      findingOn({ source, label: 'malignant', pixelSpacing: [0.7, 0.7], classification: classification(['benign', 'malignant'], [0.3, 0.7]) }),
      findingOn({ source, label: 'benign', classification: classification(['benign', 'malignant'], [0.45, 0.55]) }),
    ],
    { signedBy: 'Reader^Rae', findingsText: 'Two findings.' },
  );

  it('builds the measurement report tree with one TID 1411 group per finding', () => {
    const { dataset } = decodePart10(writeSr(input, seg));
    expect(dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.33');
    expect(items(dataset.ContentTemplateSequence)[0]).toMatchObject({ MappingResource: 'DCMR', TemplateIdentifier: '1500' });
    expect(meaning(dataset)).toBe('Imaging Measurement Report');
    expect(child(dataset, 'Device Observer Name')?.TextValue).toBe('MaskCue');
    expect(child(dataset, 'Person Observer Name')).toBeDefined();
    expect(items(child(dataset, 'Procedure reported')?.ConceptCodeSequence)[0]?.CodeValue).toBe('77477000');
    const groups = children(child(dataset, 'Imaging Measurements')!, 'Measurement Group');
    expect(groups).toHaveLength(2);
    const [g1, g2] = groups as [NaturalDataset, NaturalDataset];
    expect(items(g1.ContentTemplateSequence)[0]?.TemplateIdentifier).toBe('1411');
    expect(child(g1, 'Tracking Identifier')?.TextValue).toMatch(/malignant/);
    expect(child(g1, 'Tracking Unique Identifier')?.UID).toMatch(/^2\.25\./);
    expect(items(child(g1, 'Finding')?.ConceptCodeSequence)[0]).toMatchObject({ CodeMeaning: 'malignant', CodingSchemeDesignator: '99MASKCUE' });
    const segment = items(child(g2, 'Referenced Segment')?.ReferencedSOPSequence)[0]!;
    expect(segment).toMatchObject({ ReferencedSOPInstanceUID: seg.SOPInstanceUID, ReferencedSegmentNumber: 2 });
    expect(items(child(g1, 'Source image for segmentation')?.ReferencedSOPSequence)[0]?.ReferencedSOPInstanceUID).toBe(source.SOPInstanceUID);
    const area = child(g1, 'Area')!;
    const measured = items(area.MeasuredValueSequence)[0]!;
    expect(Number(measured.NumericValue)).toBeCloseTo(input.findings[0]!.areaMm2!, 3);
    expect(items(measured.MeasurementUnitsCodeSequence)[0]).toMatchObject({ CodeValue: 'mm2', CodingSchemeDesignator: 'UCUM' });
    expect(child(g2, 'Area')).toBeUndefined(); // no pixel spacing → no area
    expect(Number(items(child(g1, 'Probability of malignant')?.MeasuredValueSequence)[0]?.NumericValue)).toBeCloseTo(0.7);
    expect(child(g2, 'Comment')?.TextValue).toMatch(/top class is malignant/);
    expect(child(child(dataset, 'Qualitative Evaluations')!, 'Comment')?.TextValue).toBe('Two findings.');
    // Evidence: the SEG and the source.
    const evidence = items(items(dataset.CurrentRequestedProcedureEvidenceSequence)[0]?.ReferencedSeriesSequence);
    const referenced = evidence.flatMap((s) => items(s.ReferencedSOPSequence).map((r) => r.ReferencedSOPInstanceUID));
    expect(referenced).toEqual(expect.arrayContaining([seg.SOPInstanceUID, source.SOPInstanceUID]));
  });

  it('de-identified: no person observer, no free text, remapped references', () => {
    const deid = createDeidentifier();
    const { dataset } = decodePart10(writeSr(input, seg, { deidentifier: deid }));
    expect(child(dataset, 'Person Observer Name')).toBeUndefined();
    expect(child(dataset, 'Qualitative Evaluations')).toBeUndefined();
    expect(dataset.PatientIdentityRemoved).toBe('YES');
    const g1 = children(child(dataset, 'Imaging Measurements')!, 'Measurement Group')[0]!;
    expect(items(child(g1, 'Source image for segmentation')?.ReferencedSOPSequence)[0]?.ReferencedSOPInstanceUID).toBe(deid.uid(source.SOPInstanceUID));
    expect(dataset.StudyInstanceUID).toBe(deid.uid(source.dataset.StudyInstanceUID as string));
  });

  it('refuses a report without findings', () => {
    expect(() => writeSr(reportInput([]), seg)).toThrow(MaskcueError);
    expect(() => writeSr(reportInput([]), seg)).toThrow(/no findings/);
  });
});
