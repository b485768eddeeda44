// Shared last step of the compressed codecs: check what the decoder produced against the data set,
// then store it the way the data set declares (BitsAllocated, planar configuration, 1-bit packing).
import type { ImageInfo } from '../dataset/image-info';
import { DecodeError } from '../decode-error';
import { interleavedToPlanar, packBits, planarToInterleaved, resizeSamples } from '../transforms/sample-layout';
import type { NativeFrame } from './types';

export interface DecoderOutput {
  samples: Uint8Array;
  width: number;
  height: number;
  components: number;
  /** Bytes per sample in `samples` (1 or 2). */
  bytesPerSample: number;
  /** True when the decoder wrote one plane per component. */
  planar: boolean;
}

export interface FinishOptions {
  codec: string;
  photometricInterpretation: string;
  planarConfiguration: 0 | 1;
}

export function finishFrame(out: DecoderOutput, info: ImageInfo, options: FinishOptions): NativeFrame {
  if (out.width !== info.columns || out.height !== info.rows) {
    throw new DecodeError('corrupt', `The ${options.codec} frame is ${out.width}×${out.height} but the data set says ${info.columns}×${info.rows}.`);
  }
  if (out.components !== info.samplesPerPixel) {
    throw new DecodeError('corrupt', `The ${options.codec} frame has ${out.components} component(s) but the data set says SamplesPerPixel ${info.samplesPerPixel}.`);
  }
  const pixels = info.rows * info.columns;
  const expected = pixels * out.components * out.bytesPerSample;
  if (out.samples.length < expected) {
    throw new DecodeError('corrupt', `The ${options.codec} decoder returned ${out.samples.length} bytes; ${expected} were expected.`);
  }
  const samples = out.samples.length === expected ? out.samples : out.samples.subarray(0, expected);
  if (info.bitsAllocated === 1) {
    return { bytes: packBits(resizeSamples(samples, out.bytesPerSample, 1), pixels), photometricInterpretation: options.photometricInterpretation, planarConfiguration: 0, bitsAllocated: 1 };
  }
  const bytesPerSample = info.bitsAllocated / 8;
  let bytes = resizeSamples(samples, out.bytesPerSample, bytesPerSample);
  let planarConfiguration: 0 | 1 = 0;
  if (out.components > 1) {
    planarConfiguration = options.planarConfiguration;
    if (out.planar && planarConfiguration === 0) bytes = planarToInterleaved(bytes, pixels, out.components, bytesPerSample);
    if (!out.planar && planarConfiguration === 1) bytes = interleavedToPlanar(bytes, pixels, out.components, bytesPerSample);
  }
  return { bytes, photometricInterpretation: options.photometricInterpretation, planarConfiguration, bitsAllocated: info.bitsAllocated };
}
