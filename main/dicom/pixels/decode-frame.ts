// Decoding without threads: parse once (openImage), then any frame as stored samples (the CLI's
// --raw, the conformance test) or as a DecodedFrame (the viewer, via the worker). Everything that
// allocates per frame is checked against the size limits first.
import { performance } from 'node:perf_hooks';
import type { DecodedFrame } from '../../../common/dicom';
import { codecFor } from './codecs/registry';
import type { NativeFrame } from './codecs/types';
import { readFramePresentation } from './dataset/frame-presentation';
import { readImageInfo, type ImageInfo } from './dataset/image-info';
import { readPalette, type PaletteLuts } from './dataset/luts';
import { parseDicomBytes, type ParsedFile, type ParseOptions } from './dataset/parse';
import { DecodeError } from './decode-error';
import { encapsulatedFrame, nativeFrame } from './frame-bytes';
import { checkImageSize, DEFAULT_SIZE_LIMITS, type SizeLimits } from './size-guard';
import { swapUnitForVr } from './transforms/byte-order';
import { toDecodedFrame } from './transforms/to-decoded-frame';
import { TransferSyntax, isLossyTransferSyntax } from './transfer-syntaxes';

export interface OpenedImage {
  parsed: ParsedFile;
  info: ImageInfo;
  /** Read on first use and kept: palettes can be 3 × 65536 entries. */
  palette(): PaletteLuts;
}

export interface OpenOptions extends ParseOptions {
  limits?: SizeLimits;
}

export function openImage(bytes: Uint8Array, options: OpenOptions = {}): OpenedImage {
  const parsed = parseDicomBytes(bytes, options);
  const info = readImageInfo(parsed.dataSet, parsed.transferSyntaxUID);
  checkImageSize(info, options.limits ?? DEFAULT_SIZE_LIMITS);
  let palette: PaletteLuts | null = null;
  return {
    parsed,
    info,
    palette: () => (palette ??= readPalette(parsed.dataSet, info.pixelRepresentation === 1)),
  };
}

/** One frame as it would stand uncompressed in Explicit VR Little Endian (see codecs/types.ts). */
export async function decodeStoredFrame(image: OpenedImage, frame: number): Promise<NativeFrame> {
  const { parsed, info } = image;
  if (info.pixelDataKind !== 'integer') {
    // Float and Double Float Pixel Data are never encapsulated.
    const swap = parsed.transferSyntaxUID === TransferSyntax.ExplicitVRBigEndian ? swapUnitForVr(info.pixelData.vr, info.bitsAllocated) : 1;
    if (info.pixelData.encapsulatedPixelData) throw new DecodeError('corrupt', 'Float pixel data cannot be encapsulated.');
    const bytes = nativeFrame(parsed.bytes, info, frame, swap);
    return { bytes, photometricInterpretation: info.photometricInterpretation, planarConfiguration: 0, bitsAllocated: info.bitsAllocated };
  }
  const codec = codecFor(info.transferSyntaxUID);
  let data: Uint8Array;
  if (codec.encapsulated) {
    data = encapsulatedFrame(parsed.dataSet, info, frame, codec.frameStart, parsed.bytes);
  } else {
    if (info.pixelData.encapsulatedPixelData) throw new DecodeError('corrupt', 'The transfer syntax is uncompressed but Pixel Data is encapsulated.');
    const swap = info.transferSyntaxUID === TransferSyntax.ExplicitVRBigEndian ? swapUnitForVr(info.pixelData.vr, info.bitsAllocated) : 1;
    data = nativeFrame(parsed.bytes, info, frame, swap);
  }
  return codec.decode({ data, info });
}

export async function decodeFrame(image: OpenedImage, frame: number): Promise<DecodedFrame> {
  const started = performance.now();
  const native = await decodeStoredFrame(image, frame);
  const presentation = readFramePresentation(image.parsed.dataSet, image.info, frame);
  const decoded = toDecodedFrame(native, {
    info: image.info,
    frame,
    presentation,
    palette: image.palette,
    lossyCompressed: isLossyTransferSyntax(image.info.transferSyntaxUID) || (image.parsed.dataSet.string('x00282110') ?? '') === '01',
    decodeMs: 0,
  });
  decoded.decodeMs = performance.now() - started;
  return decoded;
}
