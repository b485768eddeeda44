// 8-bit JPEG DCT frames (baseline .50, extended .51, the retired .53/.55) through libjpeg-turbo, whose
// bundled build is 8-bit only; jpeg-dct.ts sends 12-bit frames to jpeg-dct12/ instead. Colour: like
// DCMTK's dcmdjpeg (default +cp), YCbCr is converted to RGB exactly when the DICOM
// PhotometricInterpretation says YBR_*, whatever the JFIF/Adobe markers suggest; the frame then
// comes out as RGB, pixel-interleaved, as dcmdjpeg writes it.
import { DecodeError } from '../decode-error';
import { describeTransferSyntax } from '../transfer-syntaxes';
import { finishFrame } from './finish';
import { libjpegGuessesYcbcr, readJpegHeader, withColourTransform } from './jpeg-markers';
import type { CodecInput, NativeFrame } from './types';
import { copyOut, lazyWasm, runWasmDecode, type WasmDecoder, type WasmModule } from './wasm-module';

interface LibjpegTurbo extends WasmModule {
  JPEGDecoder: new () => WasmDecoder;
}

const libjpegTurbo = lazyWasm<LibjpegTurbo>('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs');

export async function decodeJpeg8(data: Uint8Array, info: CodecInput['info']): Promise<NativeFrame> {
  const header = readJpegHeader(data);
  if (header.precision !== 8) {
    throw new DecodeError(
      'unsupported',
      `This ${describeTransferSyntax(info.transferSyntaxUID)} image is ${header.precision}-bit JPEG; libjpeg-turbo (8-bit build) cannot decode ${header.precision}-bit DCT JPEG.`,
    );
  }
  if (header.sof === 0xc3 || header.sof >= 0xc5) {
    throw new DecodeError('unsupported', `This JPEG frame uses SOF marker FF${header.sof.toString(16).toUpperCase()}, which the DCT decoder does not handle.`);
  }
  const ybr = info.photometricInterpretation.startsWith('YBR');
  const colour = header.components.length === 3;
  const stream = colour && libjpegGuessesYcbcr(data, header) !== ybr ? withColourTransform(data, header, ybr) : data;
  const out = await runWasmDecode(libjpegTurbo, (m) => new m.JPEGDecoder(), stream, (decoder) => {
    const frame = decoder.getFrameInfo();
    return { frame, samples: copyOut(decoder.getDecodedBuffer()) };
  }).catch((e: unknown) => {
    throw new DecodeError('corrupt', `The JPEG frame could not be decoded: ${e instanceof Error ? e.message : String(e)}.`);
  });
  return finishFrame(
    { samples: out.samples, width: out.frame.width, height: out.frame.height, components: out.frame.componentCount, bytesPerSample: 1, planar: false },
    info,
    { codec: 'JPEG', photometricInterpretation: colour && ybr ? 'RGB' : info.photometricInterpretation, planarConfiguration: 0 },
  );
}
