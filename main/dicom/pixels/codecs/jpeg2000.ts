// JPEG 2000 (.90/.91) through OpenJPEG and High-Throughput JPEG 2000 (.201/.202/.203) through
// OpenJPH, both WASM. The codestream's own multi-component transform (YBR_RCT / YBR_ICT) is undone
// by the decoder, so such frames come out as RGB, pixel-interleaved, as GDCM's `gdcmconv --raw`
// writes them. .203 may also carry a Part 1 codestream OpenJPH cannot read: OpenJPEG then takes it.
import { DecodeError } from '../decode-error';
import { TransferSyntax } from '../transfer-syntaxes';
import type { ImageInfo } from '../dataset/image-info';
import { finishFrame } from './finish';
import type { Codec, NativeFrame } from './types';
import { copyOut, lazyWasm, runWasmDecode, type WasmDecoder, type WasmFrameInfo, type WasmModule } from './wasm-module';

interface OpenJpeg extends WasmModule {
  J2KDecoder: new () => WasmDecoder;
}
interface OpenJph extends WasmModule {
  HTJ2KDecoder: new () => WasmDecoder;
}

const openjpeg = lazyWasm<OpenJpeg>('@cornerstonejs/codec-openjpeg/decodewasmjs');
const openjph = lazyWasm<OpenJph>('@cornerstonejs/codec-openjph/wasmjs');

function boxType(data: Uint8Array, at: number): string {
  return String.fromCharCode(data[at + 4]!, data[at + 5]!, data[at + 6]!, data[at + 7]!);
}

/** The raw codestream: a JP2 file's 'jp2c' box content, or the data itself. */
export function codestreamOf(data: Uint8Array): Uint8Array {
  if (data[0] === 0xff && data[1] === 0x4f) return data;
  let at = 0;
  while (at + 8 <= data.length) {
    let length = ((data[at]! << 24) >>> 0) + (data[at + 1]! << 16) + (data[at + 2]! << 8) + data[at + 3]!;
    let header = 8;
    if (length === 1) {
      length = Number(new DataView(data.buffer, data.byteOffset + at + 8, 8).getBigUint64(0));
      header = 16;
    } else if (length === 0) {
      length = data.length - at;
    }
    if (boxType(data, at) === 'jp2c') return data.subarray(at + header, at + length);
    if (length < header) break;
    at += length;
  }
  throw new DecodeError('corrupt', 'A JPEG 2000 frame holds neither a codestream (FF4F) nor a JP2 file with a codestream box.');
}

function outputPhotometric(info: ImageInfo): string {
  const pi = info.photometricInterpretation;
  return pi === 'YBR_RCT' || pi === 'YBR_ICT' ? 'RGB' : pi;
}

function finish(frame: WasmFrameInfo, samples: Uint8Array, info: ImageInfo, codec: string): NativeFrame {
  return finishFrame(
    {
      samples,
      width: frame.width,
      height: frame.height,
      components: frame.componentCount,
      bytesPerSample: frame.bitsPerSample > 8 ? 2 : 1,
      planar: false,
    },
    info,
    { codec, photometricInterpretation: outputPhotometric(info), planarConfiguration: 0 },
  );
}

async function withOpenJpeg(codestream: Uint8Array, info: ImageInfo): Promise<NativeFrame> {
  const out = await runWasmDecode(openjpeg, (m) => new m.J2KDecoder(), codestream, (d) => ({ frame: d.getFrameInfo(), samples: copyOut(d.getDecodedBuffer()) }));
  return finish(out.frame, out.samples, info, 'JPEG 2000');
}

async function withOpenJph(codestream: Uint8Array, info: ImageInfo): Promise<NativeFrame> {
  const out = await runWasmDecode(openjph, (m) => new m.HTJ2KDecoder(), codestream, (d) => ({ frame: d.getFrameInfo(), samples: copyOut(d.getDecodedBuffer()) }));
  return finish(out.frame, out.samples, info, 'HTJ2K');
}

function corrupt(kind: string) {
  return (e: unknown): never => {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError('corrupt', `The ${kind} frame could not be decoded: ${e instanceof Error ? e.message : String(e)}.`);
  };
}

export const jpeg2000Codec: Codec = {
  name: 'JPEG 2000 (OpenJPEG)',
  transferSyntaxes: [TransferSyntax.JPEG2000Lossless, TransferSyntax.JPEG2000],
  encapsulated: true,
  frameStart: 'j2k',
  decode: ({ data, info }) => withOpenJpeg(codestreamOf(data), info).catch(corrupt('JPEG 2000')),
};

export const htj2kCodec: Codec = {
  name: 'HTJ2K (OpenJPH)',
  transferSyntaxes: [TransferSyntax.HTJ2KLossless, TransferSyntax.HTJ2KLosslessRPCL, TransferSyntax.HTJ2K],
  encapsulated: true,
  frameStart: 'j2k',
  async decode({ data, info }) {
    const codestream = codestreamOf(data);
    try {
      return await withOpenJph(codestream, info);
    } catch (first) {
      if (first instanceof DecodeError) throw first;
      return withOpenJpeg(codestream, info).catch(corrupt('HTJ2K'));
    }
  },
};
