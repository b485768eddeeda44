// JPEG-LS lossless (.80) and near-lossless (.81) through CharLS (WASM). CharLS hands back interleave
// mode "none" as planes and line/sample interleaving as pixel-interleaved samples; the frame is then
// stored with the data set's PlanarConfiguration, as DCMTK's dcmdjpls restores it.
import { DecodeError } from '../decode-error';
import { TransferSyntax } from '../transfer-syntaxes';
import { finishFrame } from './finish';
import type { Codec } from './types';
import { copyOut, lazyWasm, runWasmDecode, type WasmDecoder, type WasmModule } from './wasm-module';

interface CharlsDecoder extends WasmDecoder {
  getInterleaveMode(): number;
  getNearLossless(): number;
}
interface Charls extends WasmModule {
  JpegLSDecoder: new () => CharlsDecoder;
}

const charls = lazyWasm<Charls>('@cornerstonejs/codec-charls/decodewasmjs');

export const jpegLsCodec: Codec = {
  name: 'JPEG-LS (CharLS)',
  transferSyntaxes: [TransferSyntax.JPEGLSLossless, TransferSyntax.JPEGLSNearLossless],
  encapsulated: true,
  frameStart: 'jpeg',
  async decode({ data, info }) {
    const out = await runWasmDecode(charls, (m) => new m.JpegLSDecoder(), data, (decoder) => ({
      frame: decoder.getFrameInfo(),
      interleave: decoder.getInterleaveMode(),
      samples: copyOut(decoder.getDecodedBuffer()),
    })).catch((e: unknown) => {
      throw new DecodeError('corrupt', `The JPEG-LS frame could not be decoded: ${e instanceof Error ? e.message : String(e)}.`);
    });
    return finishFrame(
      {
        samples: out.samples,
        width: out.frame.width,
        height: out.frame.height,
        components: out.frame.componentCount,
        bytesPerSample: out.frame.bitsPerSample > 8 ? 2 : 1,
        planar: out.frame.componentCount > 1 && out.interleave === 0,
      },
      info,
      { codec: 'JPEG-LS', photometricInterpretation: info.photometricInterpretation, planarConfiguration: info.planarConfiguration },
    );
  },
};
