// MaskCue's own DCT JPEG decoder as a codec step: the frame as dcmdjpeg writes it. Used for 12-bit
// DCT JPEG (.51, and the retired .53/.55), which the bundled libjpeg-turbo build (8-bit) cannot
// decode. Colour follows jpeg-baseline.ts: YCbCr is converted to RGB exactly when the DICOM
// PhotometricInterpretation says YBR_* (dcmdjpeg's default +cp), in libjpeg's arithmetic.
import type { ImageInfo } from '../../dataset/image-info';
import { DecodeError } from '../../decode-error';
import { finishFrame } from '../finish';
import { readJpegHeader } from '../jpeg-markers';
import type { NativeFrame } from '../types';
import { ycbcrToRgb } from './colour';
import { decodeDctJpeg } from './decoder';

export function decodeJpegDct(data: Uint8Array, info: ImageInfo): NativeFrame {
  // The header is a claim: check it against the data set before anything is allocated for it.
  const header = readJpegHeader(data);
  if (header.columns !== info.columns || header.rows !== info.rows) {
    throw new DecodeError('corrupt', `The JPEG frame is ${header.columns}×${header.rows} but the data set says ${info.columns}×${info.rows}.`);
  }
  if (header.components.length !== info.samplesPerPixel) {
    throw new DecodeError('corrupt', `The JPEG frame has ${header.components.length} component(s) but the data set says SamplesPerPixel ${info.samplesPerPixel}.`);
  }
  if (header.precision > info.bitsAllocated) {
    throw new DecodeError('corrupt', `The JPEG frame has ${header.precision}-bit samples but the data set allocates ${info.bitsAllocated} bits a sample.`);
  }
  const image = decodeDctJpeg(data);
  const components = image.componentIds.length;
  const ybr = components === 3 && info.photometricInterpretation.startsWith('YBR');
  if (ybr) ycbcrToRgb(image.samples, image.precision);
  const bytesPerSample = image.precision > 8 ? 2 : 1;
  let samples: Uint8Array;
  if (bytesPerSample === 2) {
    // Little endian on every platform Node runs MaskCue on; the stored form is little endian too.
    samples = new Uint8Array(image.samples.buffer, image.samples.byteOffset, image.samples.byteLength);
  } else {
    samples = new Uint8Array(image.samples.length);
    samples.set(image.samples);
  }
  return finishFrame(
    { samples, width: image.width, height: image.height, components, bytesPerSample, planar: false },
    info,
    { codec: 'JPEG', photometricInterpretation: ybr ? 'RGB' : info.photometricInterpretation, planarConfiguration: 0 },
  );
}
