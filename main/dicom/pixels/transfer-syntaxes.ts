// Names and properties of transfer syntaxes for the decoder. The UIDs themselves live in
// common/dicom/uids.ts (same keys), re-exported here so the decoder has one place to import from.
import { TransferSyntax } from '../../../common/dicom/uids';

export { TransferSyntax };
export type TransferSyntaxKeyword = keyof typeof TransferSyntax;

const names: Record<string, string> = {
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

/** "JPEG-LS Lossless (1.2.840.10008.1.2.4.80)", or the bare UID when we do not know its name. */
export function describeTransferSyntax(uid: string): string {
  const name = names[uid];
  return name ? `${name} (${uid})` : `transfer syntax ${uid}`;
}

/** Syntaxes whose pixel data is not encapsulated (the frames lie one after another in Pixel Data). */
export function isNativeTransferSyntax(uid: string): boolean {
  return (
    uid === TransferSyntax.ImplicitVRLittleEndian ||
    uid === TransferSyntax.ExplicitVRLittleEndian ||
    uid === TransferSyntax.DeflatedExplicitVRLittleEndian ||
    uid === TransferSyntax.ExplicitVRBigEndian
  );
}

/** Syntaxes that may lose information; a frame decoded from them is marked lossyCompressed. */
export function isLossyTransferSyntax(uid: string): boolean {
  return (
    uid === TransferSyntax.JPEGBaseline8Bit ||
    uid === TransferSyntax.JPEGExtended12Bit ||
    uid === TransferSyntax.JPEGSpectralSelectionNonHierarchical68 ||
    uid === TransferSyntax.JPEGFullProgressionNonHierarchical1012 ||
    uid === TransferSyntax.JPEGLSNearLossless ||
    uid === TransferSyntax.JPEG2000 ||
    uid === TransferSyntax.HTJ2K
  );
}
