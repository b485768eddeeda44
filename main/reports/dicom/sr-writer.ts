// Writes the findings as a DICOM Comprehensive SR following TID 1500 "Imaging Measurement Report":
// language, device observer (MaskCue; the signing radiologist as a person observer when not
// de-identified), procedure reported, an image library of the sources, and one TID 1411 measurement
// group per finding that references its SEG segment and source image.
//
// What a finding says, within what TID 1411 allows:
// - Finding (121071, CODE): the finding's label (the same as its SEG segment), coded in our local
//   scheme 99MASKCUE because class names are the radiologist's own (see sr-content.ts); a Comment
//   notes when the classifier's top class differs from the label the reader accepted.
// - One NUM per class, "Probability of <class>" (99MASKCUE), unit UCUM "1", with the algorithm name
//   and pack version as HAS CONCEPT MOD (TID 4019), i.e. the probability is a measurement made by an
//   algorithm, not a qualitative evaluation (which TID 1411 codes as a CODE value without a number).
// - When the pack marks the result uncertain, a Comment TEXT says so.
// - Area (SCT 42798000) in UCUM "mm2" when the pixel spacing is known.
// The radiologist's free text goes into a Qualitative Evaluations container, except when
// de-identifying: free text can hold names and dates that no table can find.
// Comprehensive (not Enhanced) SR: TID 1500 needs IMAGE items with ReferencedSegmentNumber, which
// Enhanced SR allows too, but Comprehensive is what readers of TID 1500 (dcmqi, highdicom) expect.
import { createHash } from 'node:crypto';
import { SopClass } from '../../../common/dicom/uids';
import type { ReportFinding, ReportInput } from '../types';
import { encodePart10, type NaturalDataset } from './dcmjs';
import type { Deidentifier } from './deidentify';
import { requireFindings } from './segments';
import { patientStudyModules, seriesUidOf, studyUidOf } from './source-modules';
import { C, LOCAL_SCHEME, classCode, code, container, image, num, pname, probabilityConcept, procedureFor, text, uidref } from './sr-content';
import { dicomDate, dicomTime, newUid, uidFromHex } from './values';

export interface SrWriteOptions {
  deidentifier?: Deidentifier;
  SeriesInstanceUID?: string;
  SOPInstanceUID?: string;
  seriesNumber?: number;
  /** Identifies this MaskCue installation as the device observer; a stable UID per software name by default. */
  deviceObserverUID?: string;
  now?: Date;
}

/** The SEG this SR references (its own UIDs, as passed to writeSeg). */
export interface SegReference {
  SeriesInstanceUID: string;
  SOPInstanceUID: string;
}

function measurementGroup(finding: ReportFinding, index: number, seg: SegReference, uid: (u: string) => string): NaturalDataset {
  const c = finding.classification;
  const children: NaturalDataset[] = [
    text('HAS OBS CONTEXT', C.trackingIdentifier, `Finding ${index + 1}: ${finding.label}`),
    uidref('HAS OBS CONTEXT', C.trackingUID, newUid()),
    code('CONTAINS', C.finding, classCode(finding.label)),
    image('CONTAINS', C.referencedSegment, { SOPClassUID: SopClass.SegmentationStorage, SOPInstanceUID: seg.SOPInstanceUID, segmentNumber: finding.segmentNumber }),
    image('CONTAINS', C.sourceImageForSegmentation, {
      SOPClassUID: finding.source.SOPClassUID,
      SOPInstanceUID: uid(finding.source.SOPInstanceUID),
      ...(Number(finding.source.dataset.NumberOfFrames ?? 1) > 1 ? { frame: finding.frame + 1 } : {}),
    }),
  ];
  if (finding.areaMm2 !== null && finding.pixelSpacing !== null) children.push(num('CONTAINS', C.area, finding.areaMm2, C.squareMillimeter));
  if (c) {
    const algorithm = [text('HAS CONCEPT MOD', C.algorithmName, `MaskCue ${c.engine} (${c.modelId}, ${c.focus})`.slice(0, 1024)), text('HAS CONCEPT MOD', C.algorithmVersion, `pack v${c.packVersion}`)];
    c.classes.forEach((name, i) => children.push(num('CONTAINS', probabilityConcept(name), c.probabilities[i]!, C.noUnits, algorithm)));
    const top = c.classes[c.top]!;
    if (top !== finding.label) children.push(text('CONTAINS', C.comment, `The classifier's top class is ${top} (${c.probabilities[c.top]!.toFixed(2)}); the reader labelled the finding ${finding.label}.`));
    if (c.uncertain) children.push(text('CONTAINS', C.comment, `Uncertain: the top probability (${c.probabilities[c.top]!.toFixed(2)}) is below the prompt pack's threshold.`));
  }
  return container('CONTAINS', C.measurementGroup, children, '1411');
}

export function writeSr(input: ReportInput, seg: SegReference, options: SrWriteOptions = {}): Uint8Array {
  requireFindings(input);
  const deid = options.deidentifier;
  const uid = (value: string): string => (deid ? deid.uid(value) : value);
  const now = options.now ?? new Date();
  for (const finding of input.findings) deid?.checkSource(finding.source);
  const first = input.findings[0]!.source;
  const copied = patientStudyModules(first);
  const patientStudy = deid ? { ...deid.dataset(copied), ...deid.markers() } : copied;
  const software = input.software;
  const modality = typeof first.dataset.Modality === 'string' ? first.dataset.Modality : '';

  // Sources, once each, in order of first appearance.
  const sources = new Map<string, ReportFinding>();
  for (const f of input.findings) if (!sources.has(`${f.source.SOPInstanceUID}|${f.frame}`)) sources.set(`${f.source.SOPInstanceUID}|${f.frame}`, f);

  const observer: NaturalDataset[] = [
    code('HAS OBS CONTEXT', C.observerType, C.device),
    uidref('HAS OBS CONTEXT', C.deviceObserverUID, options.deviceObserverUID ?? uidFromHex(createHash('sha256').update(`device:${software.name}`).digest('hex'))),
    text('HAS OBS CONTEXT', C.deviceObserverName, software.name),
    text('HAS OBS CONTEXT', C.deviceObserverManufacturer, software.name),
    text('HAS OBS CONTEXT', C.deviceObserverModelName, `${software.name} ${software.version}`),
  ];
  if (input.signedBy && !deid) observer.push(code('HAS OBS CONTEXT', C.observerType, C.person), pname('HAS OBS CONTEXT', C.personObserverName, input.signedBy));

  const library = container('CONTAINS', C.imageLibrary, [
    container(
      'CONTAINS',
      C.imageLibraryGroup,
      [...sources.values()].map((f) =>
        image('CONTAINS', null, {
          SOPClassUID: f.source.SOPClassUID,
          SOPInstanceUID: uid(f.source.SOPInstanceUID),
          ...(Number(f.source.dataset.NumberOfFrames ?? 1) > 1 ? { frame: f.frame + 1 } : {}),
        }),
      ),
    ),
  ]);
  const content: NaturalDataset[] = [
    code('HAS CONCEPT MOD', C.language, C.english),
    ...observer,
    code('HAS CONCEPT MOD', C.procedureReported, procedureFor(modality)),
    library,
    container('CONTAINS', C.imagingMeasurements, input.findings.map((f, i) => measurementGroup(f, i, seg, uid))),
  ];
  if (input.findingsText.trim() !== '' && !deid) content.push(container('CONTAINS', C.qualitativeEvaluations, [text('CONTAINS', C.comment, input.findingsText)]));

  // Evidence: the SEG and every source instance, by series (PS3.3 C.17.2.3).
  const evidence = new Map<string, Map<string, string>>();
  const add = (series: string, instance: string, sopClass: string) => {
    const instances = evidence.get(series) ?? new Map<string, string>();
    instances.set(instance, sopClass);
    evidence.set(series, instances);
  };
  add(seg.SeriesInstanceUID, seg.SOPInstanceUID, SopClass.SegmentationStorage);
  for (const f of input.findings) add(uid(seriesUidOf(f.source)), uid(f.source.SOPInstanceUID), f.source.SOPClassUID);
  const StudyInstanceUID = uid(studyUidOf(first));

  const signed = input.signedAt ? new Date(input.signedAt) : null;
  const dataset: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: SopClass.ComprehensiveSRStorage,
    SOPInstanceUID: options.SOPInstanceUID ?? newUid(),
    InstanceCreationDate: dicomDate(now),
    InstanceCreationTime: dicomTime(now),
    ContentDate: dicomDate(signed && !deid && !Number.isNaN(signed.getTime()) ? signed : now),
    ContentTime: dicomTime(signed && !deid && !Number.isNaN(signed.getTime()) ? signed : now),
    Modality: 'SR',
    Manufacturer: software.name,
    SoftwareVersions: software.version,
    SeriesDescription: `${software.name} measurement report`,
    ...patientStudy,
    StudyInstanceUID,
    SeriesInstanceUID: options.SeriesInstanceUID ?? newUid(),
    SeriesNumber: options.seriesNumber ?? 902,
    InstanceNumber: 1,
    ReferencedPerformedProcedureStepSequence: [],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: [
      {
        StudyInstanceUID,
        ReferencedSeriesSequence: [...evidence].map(([SeriesInstanceUID, instances]) => ({
          SeriesInstanceUID,
          ReferencedSOPSequence: [...instances].map(([ReferencedSOPInstanceUID, ReferencedSOPClassUID]) => ({ ReferencedSOPClassUID, ReferencedSOPInstanceUID })),
        })),
      },
    ],
    CodingSchemeIdentificationSequence: [{ CodingSchemeDesignator: LOCAL_SCHEME, CodingSchemeName: 'MaskCue classifier classes', CodingSchemeResponsibleOrganization: software.name }],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [{ CodeValue: C.imagingMeasurementReport.value, CodingSchemeDesignator: 'DCM', CodeMeaning: C.imagingMeasurementReport.meaning }],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: content,
  };
  return encodePart10(dataset);
}
