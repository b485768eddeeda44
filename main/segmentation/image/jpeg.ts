// JPEG files (screenshots, exported slices, ultrasound stills) through the same libjpeg-turbo WASM
// build the DICOM decoder uses (main/dicom/pixels/codecs), with libjpeg's own colour handling: a JFIF
// (or unmarked 3-component) file is YCbCr and comes out RGB, an Adobe RGB one stays RGB, which is
// what every image viewer shows for a standalone .jpg. 8-bit only, like the codec.

import { MaskcueError } from '../../../common/api';
import { readJpegHeader } from '../../dicom/pixels/codecs/jpeg-markers';
import { copyOut, lazyWasm, runWasmDecode, type WasmDecoder, type WasmModule } from '../../dicom/pixels/codecs/wasm-module';

interface LibjpegTurbo extends WasmModule {
  JPEGDecoder: new () => WasmDecoder;
}

const libjpegTurbo = lazyWasm<LibjpegTurbo>('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs');

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export async function decodeJpeg(bytes: Uint8Array): Promise<{ width: number; height: number; grey?: Uint8Array; rgb?: Uint8Array }> {
  let precision: number;
  try {
    precision = readJpegHeader(bytes).precision;
  } catch (e) {
    throw new MaskcueError('INVALID_ARGUMENT', `This JPEG cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (precision !== 8) throw new MaskcueError('INVALID_ARGUMENT', `This JPEG has ${precision}-bit samples; MaskCue reads 8-bit JPEG files (save it as PNG instead).`);
  const out = await runWasmDecode(libjpegTurbo, (m) => new m.JPEGDecoder(), bytes, (decoder) => ({ frame: decoder.getFrameInfo(), samples: copyOut(decoder.getDecodedBuffer()) })).catch(
    (e: unknown) => {
      throw new MaskcueError('INVALID_ARGUMENT', `This JPEG cannot be decoded (damaged or truncated?): ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  const { width, height, componentCount } = out.frame;
  if (componentCount === 1) return { width, height, grey: out.samples.subarray(0, width * height) };
  if (componentCount === 3) return { width, height, rgb: out.samples.subarray(0, width * height * 3) };
  throw new MaskcueError('INVALID_ARGUMENT', `This JPEG has ${componentCount} colour components (CMYK?); save it as an RGB or grey image.`);
}
