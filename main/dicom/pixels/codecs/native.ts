// Uncompressed syntaxes. The frame arrives already little endian and bit-aligned (frame-bytes.ts
// swaps big endian data and realigns 1-bit frames), so these only check the length and pass it on.
// Deflated Image Frame Compression (1.2.840.10008.1.2.8.1) inflates each frame first.
import { inflateRawSync } from 'node:zlib';
import { nativeFrameBits } from '../dataset/image-info';
import { DecodeError, describeThrown } from '../decode-error';
import { TransferSyntax } from '../transfer-syntaxes';
import type { Codec, CodecInput, NativeFrame } from './types';

function asStored({ data, info }: CodecInput): NativeFrame {
  const needed = Math.ceil(nativeFrameBits(info) / 8);
  if (data.length < needed) {
    throw new DecodeError('corrupt', `A frame holds ${data.length} bytes; ${info.rows}×${info.columns} pixels need ${needed}. The pixel data is truncated.`);
  }
  return {
    bytes: data.length === needed ? data : data.subarray(0, needed),
    photometricInterpretation: info.photometricInterpretation,
    planarConfiguration: info.samplesPerPixel === 1 ? 0 : info.planarConfiguration,
    bitsAllocated: info.bitsAllocated,
  };
}

export const nativeCodec: Codec = {
  name: 'uncompressed',
  transferSyntaxes: [
    TransferSyntax.ImplicitVRLittleEndian,
    TransferSyntax.ExplicitVRLittleEndian,
    TransferSyntax.DeflatedExplicitVRLittleEndian,
    TransferSyntax.ExplicitVRBigEndian,
  ],
  encapsulated: false,
  frameStart: null,
  async decode(input) {
    return asStored(input);
  },
};

export const encapsulatedUncompressedCodec: Codec = {
  name: 'encapsulated uncompressed',
  transferSyntaxes: [TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian],
  encapsulated: true,
  frameStart: null,
  async decode(input) {
    return asStored(input);
  },
};

export const deflatedFrameCodec: Codec = {
  name: 'Deflated Image Frame (node:zlib)',
  transferSyntaxes: [TransferSyntax.DeflatedImageFrameCompression],
  encapsulated: true,
  frameStart: null,
  async decode({ data, info }) {
    const needed = Math.ceil(nativeFrameBits(info) / 8);
    let inflated: Buffer;
    try {
      // The cap is the frame's own size plus slack for padding: more is a damaged or hostile frame.
      inflated = inflateRawSync(data, { maxOutputLength: needed + 16 });
    } catch (e) {
      throw new DecodeError('corrupt', `A deflated frame could not be inflated: ${describeThrown(e)}.`);
    }
    return asStored({ data: new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length), info });
  },
};
