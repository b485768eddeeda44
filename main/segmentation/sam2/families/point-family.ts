// The four families whose decoder takes SAM v1-style prompts — point_coords [L,P,2] + point_labels
// [L,P], a previous mask + has flag, and (some) the original size — differ only in names, dtypes and
// what comes out; one factory builds them from a small description each (samexporter.ts, ...).

import type { TensorMap, TensorType } from '../../../inference/protocol';
import { numericTensor, floatOutput, pointList } from './feed-tensors';
import { tokensFor, type DecodeContext, type DecoderOutputs, type FamilyAdapter, type FamilySpec, type FramePrompts, type IoSpec } from './types';

export interface PointFamilyConfig {
  id: FamilySpec['id'];
  title: string;
  reference: string;
  encoderInput: string;
  encoderOutputs: FamilySpec['encoder']['outputs'];
  /** Decoder input names for the stride-4, -8, -16 features. */
  decoderFeatures: { stride4: string; stride8: string; stride16: string };
  labels: IoSpec;
  mask: { input: string; has: string };
  /** The original-size input, when the graph upsamples in-graph. */
  origSize: IoSpec | null;
  /**
   * What to feed as the original size. 'low-res': the low-res grid's size, so the graph's own
   * full-size upsample (computed even when not fetched: ORT runs every output; 4 × 2048² floats per
   * click) costs nothing, and its low-res output is upsampled here instead. Both are bilinear
   * align_corners=False (tested against ORT's Resize); the graph upsamples unclamped logits while
   * low_res_masks are clamped to ±32, so next to a clamped cell the edge can move by a fraction of a
   * low-res cell (detect.spec.ts bounds it) — what every consumer of samexporter's clamped masks gets.
   * Only for families that return low-res logits.
   */
  origSizeFeed: 'image' | 'low-res';
  outputs: { iou: string; lowRes: string | null; full: string | null; extra?: IoSpec[] };
}

const F32: readonly TensorType[] = ['float32'];

export function pointFamily(cfg: PointFamilyConfig): FamilyAdapter {
  const { stride4, stride8, stride16 } = cfg.decoderFeatures;
  const inputs: IoSpec[] = [
    { name: stride16, types: F32 },
    { name: stride4, types: F32 },
    { name: stride8, types: F32 },
    { name: 'point_coords', types: F32 },
    cfg.labels,
    { name: cfg.mask.input, types: F32 },
    { name: cfg.mask.has, types: F32 },
    ...(cfg.origSize ? [cfg.origSize] : []),
  ];
  const outputs: IoSpec[] = [
    { name: cfg.outputs.iou, types: F32 },
    ...(cfg.outputs.lowRes ? [{ name: cfg.outputs.lowRes, types: F32 }] : []),
    ...(cfg.outputs.full ? [{ name: cfg.outputs.full, types: F32 }] : []),
    ...(cfg.outputs.extra ?? []),
  ];
  const fetches = [cfg.outputs.iou, cfg.outputs.lowRes ?? cfg.outputs.full!];

  return {
    id: cfg.id,
    title: cfg.title,
    reference: cfg.reference,
    encoder: { input: { name: cfg.encoderInput, types: F32 }, outputs: cfg.encoderOutputs },
    decoder: { inputs, outputs },
    features: { [stride4]: cfg.encoderOutputs.stride4, [stride8]: cfg.encoderOutputs.stride8, [stride16]: cfg.encoderOutputs.stride16 },
    maskInput: { mask: cfg.mask.input, has: cfg.mask.has },
    fetches,
    candidates: { iou: cfg.outputs.iou, masks: cfg.outputs.lowRes ?? cfg.outputs.full!, full: cfg.outputs.lowRes === null },

    feeds(prompts: FramePrompts, previousMask: Float32Array | null, ctx: DecodeContext): TensorMap {
      const { geometry: g } = ctx;
      const { coords, labels } = pointList(prompts);
      const p = labels.length;
      const feeds: TensorMap = {
        point_coords: numericTensor(g.types.point_coords ?? 'float32', [1, p, 2], coords),
        [cfg.labels.name]: numericTensor(g.types[cfg.labels.name] ?? cfg.labels.types[0]!, [1, p], labels),
        [cfg.mask.input]: {
          type: 'float32',
          dims: [1, 1, g.maskHeight, g.maskWidth],
          data: previousMask ?? new Float32Array(g.maskWidth * g.maskHeight),
        },
        [cfg.mask.has]: { type: 'float32', dims: [1], data: new Float32Array([previousMask ? 1 : 0]) },
      };
      if (cfg.origSize) {
        const size = cfg.origSizeFeed === 'low-res' ? [g.maskHeight, g.maskWidth] : [ctx.imageHeight, ctx.imageWidth];
        feeds[cfg.origSize.name] = numericTensor(g.types[cfg.origSize.name] ?? cfg.origSize.types[0]!, [2], size);
      }
      return feeds;
    },

    read(out: TensorMap): DecoderOutputs {
      const iou = floatOutput(out, cfg.outputs.iou);
      const count = iou.dims.at(-1)!;
      const common = { count, iou: iou.data.subarray(0, count), objectScore: null, ...tokensFor(count) };
      if (cfg.outputs.lowRes) {
        const low = floatOutput(out, cfg.outputs.lowRes);
        return { ...common, lowRes: { data: low.data, width: low.dims.at(-1)!, height: low.dims.at(-2)! }, full: null };
      }
      const full = floatOutput(out, cfg.outputs.full!);
      return { ...common, lowRes: null, full: { data: full.data, width: full.dims.at(-1)!, height: full.dims.at(-2)! } };
    },
  };
}
