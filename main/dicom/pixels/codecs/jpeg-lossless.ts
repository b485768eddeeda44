// JPEG lossless (Process 14, .57 and its first-order-prediction subset .70) through
// jpeg-lossless-decoder-js (pure JavaScript, no initialisation). Lossless JPEG has no colour
// transform: the photometric interpretation stays what the data set says.
import { createRequire } from 'node:module';
import { DecodeError, describeThrown } from '../decode-error';
import { TransferSyntax } from '../transfer-syntaxes';
import { finishFrame } from './finish';
import { readJpegHeader } from './jpeg-markers';
import type { Codec } from './types';

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
}
interface LosslessModule {
  Decoder: new () => LosslessDecoder;
}

const require = createRequire(import.meta.url);

/**
 * jpeg-lossless-decoder-js 2.1.2 drops a frame's last sample when the scan's last Huffman code ends
 * exactly on a byte boundary (fixed in the @cornerstonejs fork, 2.2.1). A zero byte before the final
 * EOI gives it the bits it wants to see; it stops by sample count, so the padding is never decoded
 * into the image. Drop this when the fork replaces the package.
 */
export function padBeforeEoi(data: Uint8Array): Uint8Array {
  let end = data.length;
  while (end > 2 && data[end - 1] === 0x00) end -= 1; // DICOM pads fragments to even length
  if (data[end - 2] !== 0xff || data[end - 1] !== 0xd9) return data;
  const out = new Uint8Array(end + 1);
  out.set(data.subarray(0, end - 2), 0);
  out[end - 2] = 0x00;
  out[end - 1] = 0xff;
  out[end] = 0xd9;
  return out;
}
let losslessModule: LosslessModule | null = null;
const lossless = () => (losslessModule ??= require('jpeg-lossless-decoder-js') as LosslessModule);

export const jpegLosslessCodec: Codec = {
  name: 'JPEG lossless (jpeg-lossless-decoder-js)',
  transferSyntaxes: [TransferSyntax.JPEGLossless, TransferSyntax.JPEGLosslessSV1],
  encapsulated: true,
  frameStart: 'jpeg',
  async decode({ data, info }) {
    const header = readJpegHeader(data);
    if (header.sof !== 0xc3) {
      throw new DecodeError('corrupt', `A JPEG lossless frame carries SOF marker FF${header.sof.toString(16).toUpperCase()} instead of FFC3 (lossless, Huffman).`);
    }
    const bytesPerSample = header.precision > 8 ? 2 : 1;
    if (bytesPerSample === 2 && header.components.length > 1) {
      throw new DecodeError('unsupported', `${header.precision}-bit colour JPEG lossless is not supported by the lossless decoder.`);
    }
    let decoded: Uint8Array | Uint16Array;
    try {
      const padded = padBeforeEoi(data);
      decoded = new (lossless().Decoder)().decode(padded.buffer as ArrayBuffer, padded.byteOffset, padded.length, bytesPerSample);
    } catch (e) {
      throw new DecodeError('corrupt', `The JPEG lossless frame could not be decoded: ${describeThrown(e)}.`);
    }
    return finishFrame(
      {
        samples: new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength),
        width: header.columns,
        height: header.rows,
        components: header.components.length,
        bytesPerSample,
        planar: false,
      },
      info,
      { codec: 'JPEG lossless', photometricInterpretation: info.photometricInterpretation, planarConfiguration: info.planarConfiguration },
    );
  },
};
