// The JPEG DCT transfer syntaxes (baseline .50, extended .51, the retired .53/.55) by sample
// precision: 8-bit frames go to libjpeg-turbo (jpeg-baseline.ts), 12-bit frames to MaskCue's own
// DCT decoder (jpeg-dct12/), which the bundled 8-bit libjpeg-turbo build cannot replace. Both write
// what DCMTK's dcmdjpeg writes (docs/decisions/0004-decode-pipeline.md).
import { DecodeError } from '../decode-error';
import { TransferSyntax } from '../transfer-syntaxes';
import { decodeJpeg8 } from './jpeg-baseline';
import { decodeJpegDct } from './jpeg-dct12/codec';
import { readJpegHeader } from './jpeg-markers';
import type { Codec } from './types';

export const jpegDctCodec: Codec = {
  name: 'JPEG baseline/extended/progressive (libjpeg-turbo 8-bit; MaskCue DCT decoder 12-bit)',
  transferSyntaxes: [
    TransferSyntax.JPEGBaseline8Bit,
    TransferSyntax.JPEGExtended12Bit,
    TransferSyntax.JPEGSpectralSelectionNonHierarchical68,
    TransferSyntax.JPEGFullProgressionNonHierarchical1012,
  ],
  encapsulated: true,
  frameStart: 'jpeg',
  async decode({ data, info }) {
    const header = readJpegHeader(data);
    if (header.precision !== 8) return decodeJpegDct(data, info);
    try {
      return await decodeJpeg8(data, info);
    } catch (e) {
      // Should libjpeg-turbo find a precision its 8-bit build lacks where our header reading saw 8
      // (a second SOF, say), the DCT decoder takes the frame.
      if (e instanceof DecodeError && /precision/i.test(e.message)) return decodeJpegDct(data, info);
      throw e;
    }
  },
};
