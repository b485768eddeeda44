// Messages between main and the segmentation worker. Typed arrays travel by structured clone; results
// are transferred back (the worker keeps nothing).

import type { GrowCutJob, GrowCutJobResult } from '../growcut/segment';
import type { SegmentImage } from '../types';

export type ComputeRequest =
  | { id: number; op: 'modelInput'; image: SegmentImage; width: number; height: number }
  | { id: number; op: 'maskFromLowRes'; logits: Float32Array; lowWidth: number; lowHeight: number; width: number; height: number }
  | { id: number; op: 'growCut'; job: GrowCutJob };

export type ComputeValue = Float32Array | Uint8Array | GrowCutJobResult;

export type ComputeReply = { id: number; ok: true; value: ComputeValue } | { id: number; ok: false; message: string };
