// Test images and data-set stubs for the JPEG DCT decoder's specs (test support only).
import { mulberry32 as random } from '../../../../common/random';
import type { ImageInfo } from '../dataset/image-info';
import { TransferSyntax } from '../transfer-syntaxes';

export { random };

/** Smooth gradients, a texture and some noise: compresses like an image, uses many coefficients. */
export function testPlanes(width: number, height: number, components: number, max: number, seed = 1): Uint16Array[] {
  const rnd = random(seed);
  return Array.from({ length: components }, (_, c) => {
    const plane = new Uint16Array(width * height);
    for (let y = 0; y < height; y += 1)
      for (let x = 0; x < width; x += 1) {
        const smooth = (x / width) * 0.5 + (y / height) * 0.3 * (c + 1) * 0.5;
        const texture = 0.12 * Math.sin((x + 3 * c) / 2.3) * Math.cos(y / 3.1) + (((x >> 3) + (y >> 3)) % 2) * 0.08;
        const noise = (rnd() - 0.5) * 0.06;
        plane[y * width + x] = Math.max(0, Math.min(max, Math.round((smooth + texture + noise) * max)));
      }
    return plane;
  });
}

export function imageInfo(p: Partial<ImageInfo> & Pick<ImageInfo, 'rows' | 'columns'>): ImageInfo {
  const bitsAllocated = p.bitsAllocated ?? 16;
  return {
    SOPInstanceUID: '1.2',
    transferSyntaxUID: TransferSyntax.JPEGExtended12Bit,
    samplesPerPixel: 1,
    bitsAllocated,
    bitsStored: p.bitsStored ?? (bitsAllocated === 8 ? 8 : 12),
    highBit: (p.bitsStored ?? (bitsAllocated === 8 ? 8 : 12)) - 1,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
    numberOfFrames: 1,
    pixelDataKind: 'integer',
    pixelData: { tag: 'x7fe00010', length: 0, dataOffset: 0 },
    ...p,
  };
}
