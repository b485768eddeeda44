// Properties of transfer syntaxes for the decoder. The UIDs and names live in common/dicom/uids.ts,
// re-exported here so the decoder has one place to import from.
import { TransferSyntax, transferSyntaxName } from '../../../common/dicom/uids';

export { TransferSyntax };
export type TransferSyntaxKeyword = keyof typeof TransferSyntax;


/** "JPEG-LS Lossless (1.2.840.10008.1.2.4.80)", or the bare UID when we do not know its name. */
export function describeTransferSyntax(uid: string): string {
  const name = transferSyntaxName(uid);
  return name.startsWith('transfer syntax ') ? name : `${name} (${uid})`;
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
