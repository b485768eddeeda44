// Findings built by hand for the report specs (unit and integration): a generated ultrasound-like
// image with a dark disc lesion, the disc as the mask, a heat map peaking on the lesion and a
// three-class result with pack provenance. Deterministic (seeded speckle), no files needed.

import type { ClassificationResult, HeatMap } from '../../../common/domain';
import type { ReportFinding } from '../types';

export interface SyntheticOptions {
  width?: number;
  height?: number;
  /** Lesion centre and radius in pixels; default: centred, a fifth of the shorter side. */
  cx?: number;
  cy?: number;
  radius?: number;
  spacing?: [number, number] | null;
  rgb?: boolean;
  classified?: boolean;
  label?: string;
}

/** Seeded speckle in 30..190 (never white, never the outline green), darker inside the disc. */
export function syntheticFinding(options: SyntheticOptions = {}): ReportFinding {
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const cx = options.cx ?? width / 2;
  const cy = options.cy ?? height / 2;
  const radius = options.radius ?? Math.min(width, height) / 5;
  const grey = new Uint8Array(width * height);
  const mask = new Uint8Array(width * height);
  let seed = 12345;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const noise = (seed >>> 24) / 255;
      const inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius * radius;
      const depth = 0.85 + 0.15 * (1 - y / height);
      const level = inside ? 45 + 35 * noise : (90 + 90 * noise) * depth;
      grey[y * width + x] = Math.round(Math.min(190, Math.max(30, level)));
      mask[y * width + x] = inside ? 1 : 0;
    }
  }
  const areaPx = mask.reduce((n, v) => n + v, 0);
  const spacing = options.spacing === undefined ? [0.1, 0.1] as [number, number] : options.spacing;
  const heatmap = discHeatMap(width, height, cx, cy, radius * 1.6, 16);
  const classification: ClassificationResult | null = options.classified === false ? null : {
    classes: ['benign', 'malignant', 'normal'],
    probabilities: [0.2134, 0.7412, 0.0454],
    top: 1,
    uncertain: false,
    packId: 'pack-7',
    packVersion: 3,
    engine: 'clip',
    modelId: 'clip-vit-b16',
    focus: 'blur-outside',
    exemplarsPerClass: [12, 10, 8],
    heatmap,
    times: { embedMs: 40, explainMs: 300, totalMs: 350 },
  };
  return {
    label: options.label ?? 'Lesion 1',
    segmentNumber: 1,
    source: {
      path: '/study/IM0001.dcm',
      SOPInstanceUID: '1.2.826.0.1.3680043.8.498.1',
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.6.1',
      dataset: { InstanceNumber: 7, SeriesDescription: 'Left breast 2 o\'clock' },
    },
    frame: 0,
    width,
    height,
    mask,
    areaPx,
    areaMm2: spacing ? areaPx * spacing[0] * spacing[1] : null,
    pixelSpacing: spacing,
    classification,
    pack: classification ? {
      version: 3,
      engine: 'clip',
      modelId: 'clip-vit-b16',
      focus: 'blur-outside',
      exemplarsPerClass: [12, 10, 8],
      metrics: { accuracy: 0.8333, balancedAccuracy: 0.8167, macroF1: 0.8071 },
    } : null,
    heatmap: classification ? heatmap : null,
    display: options.rgb ? { width, height, rgb: greyToRgbTinted(grey) } : { width, height, grey },
    orientation: { left: 'R', right: 'L', top: 'A', bottom: 'P' },
  };
}

/** A heat map on `cellSize` cells: 1 at the centre falling to 0 at `reach`, exactly 0 beyond. */
export function discHeatMap(width: number, height: number, cx: number, cy: number, reach: number, cellSize: number): HeatMap {
  const hw = Math.ceil(width / cellSize);
  const hh = Math.ceil(height / cellSize);
  const data = new Float32Array(hw * hh);
  for (let j = 0; j < hh; j += 1) {
    for (let i = 0; i < hw; i += 1) {
      const d = Math.hypot((i + 0.5) * cellSize - cx, (j + 0.5) * cellSize - cy);
      data[j * hw + i] = d < reach ? 1 - d / reach : 0;
    }
  }
  return { width: hw, height: hh, cellSize, data };
}

function greyToRgbTinted(grey: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(grey.length * 3);
  for (let i = 0; i < grey.length; i += 1) {
    rgb[i * 3] = grey[i]!;
    rgb[i * 3 + 1] = Math.round(grey[i]! * 0.95);
    rgb[i * 3 + 2] = Math.round(grey[i]! * 0.85);
  }
  return rgb;
}
