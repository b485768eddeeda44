// Shared by the service specs: decoded frames without a DICOM file, and an engine that records what
// it was asked (its mask: a disc of radius 6 around each include click, minus discs at exclude clicks).
import type { DecodedFrame } from '../../../common/dicom';
import type { SegmentationEngine } from '../engine';
import type { EngineKind, SegmentImage, SegmentRequest, SegmentResult } from '../types';

export function greyFrame(SOPInstanceUID: string, width: number, height: number, value: (x: number, y: number) => number, frame = 0): DecodedFrame {
  const pixels = new Uint16Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) pixels[y * width + x] = value(x, y);
  return {
    SOPInstanceUID,
    frame,
    numberOfFrames: 1,
    rows: height,
    columns: width,
    samplesPerPixel: 1,
    photometric: 'MONOCHROME2',
    sourcePhotometric: 'MONOCHROME2',
    bitsAllocated: 16,
    bitsStored: 12,
    pixelRepresentation: 0,
    pixels,
    minStored: 0,
    maxStored: 4095,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    rescaleType: '',
    modalityLut: null,
    windows: [{ center: 127.5, width: 256, explanation: '' }],
    voiLutFunction: 'LINEAR',
    voiLut: null,
    presentationLutShape: null,
    pixelPadding: null,
    pixelSpacing: null,
    lossyCompressed: false,
    transferSyntaxUID: '1.2.840.10008.1.2.1',
    decodeMs: 0,
  };
}

export class RecordingEngine implements SegmentationEngine {
  readonly requests: SegmentRequest[] = [];
  readonly prefetched: string[] = [];
  cancelled = 0;
  readonly modelId: string;
  readonly family: string;
  readonly provider = 'cpu';

  constructor(readonly kind: EngineKind = 'growcut') {
    this.modelId = kind === 'sam2' ? 'tiny-sam' : 'growcut';
    this.family = kind === 'sam2' ? 'samexporter' : 'growcut';
  }

  async segment(request: SegmentRequest): Promise<SegmentResult> {
    this.requests.push(request);
    const { width, height } = request.image;
    const mask = new Uint8Array(width * height);
    const inside = request.prompts.points.filter((p) => p.x >= 0 && p.y >= 0 && p.x < width && p.y < height);
    for (const label of [1, 0] as const) {
      for (const p of inside.filter((q) => q.label === label)) {
        for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) if ((x - p.x) ** 2 + (y - p.y) ** 2 <= 36) mask[y * width + x] = label;
      }
    }
    const ignored = request.prompts.points.flatMap((p, index) => (inside.includes(p) ? [] : [{ prompt: 'point' as const, index, reason: 'outside' }]));
    return {
      mask,
      width,
      height,
      lowResLogits: { width: 4, height: 4, data: new Float32Array(16).fill(this.requests.length) },
      score: 0.5,
      alternatives: 1,
      alternative: 0,
      engine: this.kind,
      modelId: this.modelId,
      family: this.family,
      provider: this.provider,
      maskInputUsed: Boolean(request.previous),
      features: 'none',
      ignored,
      times: { encodeMs: 1, decodeMs: 2, processMs: 0, totalMs: 3 },
    };
  }

  async prefetch(_image: SegmentImage, cacheKey: string): Promise<void> {
    this.prefetched.push(cacheKey);
  }

  cancelPrefetch(): void {
    this.cancelled += 1;
  }

  stats() {
    return { encodes: 0, memoryHits: 0, diskHits: 0, decodes: this.requests.length };
  }

  async close(): Promise<void> {}
}
