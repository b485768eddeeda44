// Named DICOM UIDs (PS3.6 Annex A keywords), so no code compares against a bare '1.2.840...'.
// Transfer-syntax keys match main/dicom/pixels/transfer-syntaxes.ts, which can import these.

export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  EncapsulatedUncompressedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.98',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGSpectralSelectionNonHierarchical68: '1.2.840.10008.1.2.4.53',
  JPEGFullProgressionNonHierarchical1012: '1.2.840.10008.1.2.4.55',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  HTJ2KLossless: '1.2.840.10008.1.2.4.201',
  HTJ2KLosslessRPCL: '1.2.840.10008.1.2.4.202',
  HTJ2K: '1.2.840.10008.1.2.4.203',
  RLELossless: '1.2.840.10008.1.2.5',
  DeflatedImageFrameCompression: '1.2.840.10008.1.2.8.1',
} as const;

export type TransferSyntaxUID = (typeof TransferSyntax)[keyof typeof TransferSyntax];

/** Transfer syntaxes whose pixel data is stored as plain samples (not encapsulated fragments). */
export const NATIVE_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
]);

export const SopClass = {
  MediaStorageDirectoryStorage: '1.2.840.10008.1.3.10',
  ComputedRadiographyImageStorage: '1.2.840.10008.5.1.4.1.1.1',
  DigitalXRayImageStorageForPresentation: '1.2.840.10008.5.1.4.1.1.1.1',
  DigitalXRayImageStorageForProcessing: '1.2.840.10008.5.1.4.1.1.1.1.1',
  DigitalMammographyXRayImageStorageForPresentation: '1.2.840.10008.5.1.4.1.1.1.2',
  DigitalMammographyXRayImageStorageForProcessing: '1.2.840.10008.5.1.4.1.1.1.2.1',
  DigitalIntraOralXRayImageStorageForPresentation: '1.2.840.10008.5.1.4.1.1.1.3',
  CTImageStorage: '1.2.840.10008.5.1.4.1.1.2',
  EnhancedCTImageStorage: '1.2.840.10008.5.1.4.1.1.2.1',
  LegacyConvertedEnhancedCTImageStorage: '1.2.840.10008.5.1.4.1.1.2.2',
  UltrasoundMultiFrameImageStorageRetired: '1.2.840.10008.5.1.4.1.1.3',
  UltrasoundMultiFrameImageStorage: '1.2.840.10008.5.1.4.1.1.3.1',
  MRImageStorage: '1.2.840.10008.5.1.4.1.1.4',
  EnhancedMRImageStorage: '1.2.840.10008.5.1.4.1.1.4.1',
  MRSpectroscopyStorage: '1.2.840.10008.5.1.4.1.1.4.2',
  EnhancedMRColorImageStorage: '1.2.840.10008.5.1.4.1.1.4.3',
  LegacyConvertedEnhancedMRImageStorage: '1.2.840.10008.5.1.4.1.1.4.4',
  UltrasoundImageStorageRetired: '1.2.840.10008.5.1.4.1.1.6',
  UltrasoundImageStorage: '1.2.840.10008.5.1.4.1.1.6.1',
  EnhancedUSVolumeStorage: '1.2.840.10008.5.1.4.1.1.6.2',
  SecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7',
  MultiFrameSingleBitSecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7.1',
  MultiFrameGrayscaleByteSecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7.2',
  MultiFrameGrayscaleWordSecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7.3',
  MultiFrameTrueColorSecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7.4',
  TwelveLeadECGWaveformStorage: '1.2.840.10008.5.1.4.1.1.9.1.1',
  GeneralECGWaveformStorage: '1.2.840.10008.5.1.4.1.1.9.1.2',
  GrayscaleSoftcopyPresentationStateStorage: '1.2.840.10008.5.1.4.1.1.11.1',
  XRayAngiographicImageStorage: '1.2.840.10008.5.1.4.1.1.12.1',
  EnhancedXAImageStorage: '1.2.840.10008.5.1.4.1.1.12.1.1',
  XRayRadiofluoroscopicImageStorage: '1.2.840.10008.5.1.4.1.1.12.2',
  EnhancedXRFImageStorage: '1.2.840.10008.5.1.4.1.1.12.2.1',
  XRay3DAngiographicImageStorage: '1.2.840.10008.5.1.4.1.1.13.1.1',
  BreastTomosynthesisImageStorage: '1.2.840.10008.5.1.4.1.1.13.1.3',
  NuclearMedicineImageStorage: '1.2.840.10008.5.1.4.1.1.20',
  ParametricMapStorage: '1.2.840.10008.5.1.4.1.1.30',
  RawDataStorage: '1.2.840.10008.5.1.4.1.1.66',
  SpatialRegistrationStorage: '1.2.840.10008.5.1.4.1.1.66.1',
  SegmentationStorage: '1.2.840.10008.5.1.4.1.1.66.4',
  VLEndoscopicImageStorage: '1.2.840.10008.5.1.4.1.1.77.1.1',
  VLMicroscopicImageStorage: '1.2.840.10008.5.1.4.1.1.77.1.2',
  VLPhotographicImageStorage: '1.2.840.10008.5.1.4.1.1.77.1.4',
  OphthalmicPhotography8BitImageStorage: '1.2.840.10008.5.1.4.1.1.77.1.5.1',
  VLWholeSlideMicroscopyImageStorage: '1.2.840.10008.5.1.4.1.1.77.1.6',
  BasicTextSRStorage: '1.2.840.10008.5.1.4.1.1.88.11',
  EnhancedSRStorage: '1.2.840.10008.5.1.4.1.1.88.22',
  ComprehensiveSRStorage: '1.2.840.10008.5.1.4.1.1.88.33',
  Comprehensive3DSRStorage: '1.2.840.10008.5.1.4.1.1.88.34',
  KeyObjectSelectionDocumentStorage: '1.2.840.10008.5.1.4.1.1.88.59',
  EncapsulatedPDFStorage: '1.2.840.10008.5.1.4.1.1.104.1',
  PositronEmissionTomographyImageStorage: '1.2.840.10008.5.1.4.1.1.128',
  EnhancedPETImageStorage: '1.2.840.10008.5.1.4.1.1.130',
  RTImageStorage: '1.2.840.10008.5.1.4.1.1.481.1',
  RTDoseStorage: '1.2.840.10008.5.1.4.1.1.481.2',
  RTStructureSetStorage: '1.2.840.10008.5.1.4.1.1.481.3',
  RTPlanStorage: '1.2.840.10008.5.1.4.1.1.481.5',
} as const;

export type SopClassKeyword = keyof typeof SopClass;

/** Objects that exist to be looked at: without Pixel Data they are broken, not just non-image. */
export const IMAGE_SOP_CLASSES: ReadonlySet<string> = new Set<string>([
  SopClass.ComputedRadiographyImageStorage,
  SopClass.DigitalXRayImageStorageForPresentation,
  SopClass.DigitalXRayImageStorageForProcessing,
  SopClass.DigitalMammographyXRayImageStorageForPresentation,
  SopClass.DigitalMammographyXRayImageStorageForProcessing,
  SopClass.DigitalIntraOralXRayImageStorageForPresentation,
  SopClass.CTImageStorage,
  SopClass.EnhancedCTImageStorage,
  SopClass.LegacyConvertedEnhancedCTImageStorage,
  SopClass.UltrasoundMultiFrameImageStorageRetired,
  SopClass.UltrasoundMultiFrameImageStorage,
  SopClass.MRImageStorage,
  SopClass.EnhancedMRImageStorage,
  SopClass.EnhancedMRColorImageStorage,
  SopClass.LegacyConvertedEnhancedMRImageStorage,
  SopClass.UltrasoundImageStorageRetired,
  SopClass.UltrasoundImageStorage,
  SopClass.EnhancedUSVolumeStorage,
  SopClass.SecondaryCaptureImageStorage,
  SopClass.MultiFrameSingleBitSecondaryCaptureImageStorage,
  SopClass.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
  SopClass.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
  SopClass.MultiFrameTrueColorSecondaryCaptureImageStorage,
  SopClass.XRayAngiographicImageStorage,
  SopClass.EnhancedXAImageStorage,
  SopClass.XRayRadiofluoroscopicImageStorage,
  SopClass.EnhancedXRFImageStorage,
  SopClass.XRay3DAngiographicImageStorage,
  SopClass.BreastTomosynthesisImageStorage,
  SopClass.NuclearMedicineImageStorage,
  SopClass.ParametricMapStorage,
  SopClass.SegmentationStorage,
  SopClass.VLEndoscopicImageStorage,
  SopClass.VLMicroscopicImageStorage,
  SopClass.VLPhotographicImageStorage,
  SopClass.OphthalmicPhotography8BitImageStorage,
  SopClass.VLWholeSlideMicroscopyImageStorage,
  SopClass.PositronEmissionTomographyImageStorage,
  SopClass.EnhancedPETImageStorage,
  SopClass.RTImageStorage,
  SopClass.RTDoseStorage,
]);

// Names as PS3.6 Table A-1 gives them, including retired and video syntaxes, so a refusal can name what
// it refused.
const TRANSFER_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  [TransferSyntax.ImplicitVRLittleEndian]: 'Implicit VR Little Endian',
  [TransferSyntax.ExplicitVRLittleEndian]: 'Explicit VR Little Endian',
  [TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian]: 'Encapsulated Uncompressed Explicit VR Little Endian',
  [TransferSyntax.DeflatedExplicitVRLittleEndian]: 'Deflated Explicit VR Little Endian',
  [TransferSyntax.ExplicitVRBigEndian]: 'Explicit VR Big Endian',
  [TransferSyntax.JPEGBaseline8Bit]: 'JPEG Baseline (Process 1)',
  [TransferSyntax.JPEGExtended12Bit]: 'JPEG Extended (Process 2 & 4)',
  [TransferSyntax.JPEGSpectralSelectionNonHierarchical68]: 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8, retired)',
  [TransferSyntax.JPEGFullProgressionNonHierarchical1012]: 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12, retired)',
  [TransferSyntax.JPEGLossless]: 'JPEG Lossless, Non-Hierarchical (Process 14)',
  [TransferSyntax.JPEGLosslessSV1]: 'JPEG Lossless, First-Order Prediction (Process 14, SV1)',
  [TransferSyntax.JPEGLSLossless]: 'JPEG-LS Lossless',
  [TransferSyntax.JPEGLSNearLossless]: 'JPEG-LS Near-Lossless',
  [TransferSyntax.JPEG2000Lossless]: 'JPEG 2000 (Lossless Only)',
  [TransferSyntax.JPEG2000]: 'JPEG 2000',
  [TransferSyntax.HTJ2KLossless]: 'High-Throughput JPEG 2000 (Lossless Only)',
  [TransferSyntax.HTJ2KLosslessRPCL]: 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)',
  [TransferSyntax.HTJ2K]: 'High-Throughput JPEG 2000',
  [TransferSyntax.RLELossless]: 'RLE Lossless',
  [TransferSyntax.DeflatedImageFrameCompression]: 'Deflated Image Frame Compression',
  '1.2.840.10008.1.2.4.52': 'JPEG Extended (Process 3 & 5, retired)',
  '1.2.840.10008.1.2.4.54': 'JPEG Spectral Selection (Process 7 & 9, retired)',
  '1.2.840.10008.1.2.4.56': 'JPEG Full Progression (Process 11 & 13, retired)',
  '1.2.840.10008.1.2.4.58': 'JPEG Lossless, Non-Hierarchical (Process 15, retired)',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 for 2D Video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 for 3D Video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile / Level 5.1',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile / Level 5.1',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP Referenced Deflate',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
};

/** "CT Image Storage" from "CTImageStorage": keywords are the standard's names without spaces. */
function spaced(keyword: string): string {
  return keyword
    .replace(/(\d+)Bit/g, ' $1-bit ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/\bX Ray\b/g, 'X-Ray')
    .replace(/ +/g, ' ')
    .trim();
}

const SOP_CLASS_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SopClass).map(([keyword, uid]) => [uid, spaced(keyword)]),
);

/** Human name of a UID we know (transfer syntax or SOP class), or null. */
export function uidName(uid: string): string | null {
  return TRANSFER_SYNTAX_NAMES[uid] ?? SOP_CLASS_NAMES[uid] ?? null;
}

export function transferSyntaxName(uid: string): string {
  return TRANSFER_SYNTAX_NAMES[uid] ?? `transfer syntax ${uid}`;
}

export function sopClassName(uid: string): string {
  return SOP_CLASS_NAMES[uid] ?? `SOP class ${uid}`;
}

/** PS3.5 9.1: digits and dots, components without leading zeros (we allow them: real files have them), at most 64. */
export function isValidUid(value: string): boolean {
  return /^[0-9]+(\.[0-9]+)*$/.test(value) && value.length <= 64;
}
