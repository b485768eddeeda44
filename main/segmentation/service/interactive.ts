// segment and propagate: one frame, windowed as the reader sees it, prompts in, a mask out. Each
// answer is kept (result-cache.ts) under a resultId the renderer hands back as `previous` on the
// next click, or as `from` to carry it to another slice. `from` may also name an accepted segment
// (its mask as saved, brush edits included, with logits made from it), so a reader can carry a
// corrected or reopened segment on through the series.

import { performance } from 'node:perf_hooks';
import { MaskcueError } from '../../../common/api';
import type { DecodedFrame } from '../../../common/dicom';
import type { BinaryMask, FrameRef, PropagateRequest, SegmentRequest, SegmentResult } from '../../../common/domain';
import type { SegmentationEngine } from '../engine';
import { cleanPrompts } from '../prompts';
import type { LowResLogits, SegmentResult as EngineResult } from '../types';
import { planCarry } from './carry';
import { frameImage, type FrameImage } from './frame-image';
import { areaOf, greyRange, logitsFromMask } from './mask-ops';
import type { ResultCache, StoredResult } from './result-cache';

export interface InteractiveDeps {
  engine: () => Promise<SegmentationEngine>;
  frame: (SOPInstanceUID: string, frame: number) => Promise<DecodedFrame>;
  results: ResultCache;
  /** An accepted segment by id (segment-store.ts), for `propagate` from it; null when unknown. */
  accepted?: (id: string) => Promise<{ target: FrameRef; mask: BinaryMask } | null>;
  /** Called after each answer with the frame worked on (background encoding of its neighbours). */
  worked?: (engine: SegmentationEngine, target: FrameRef, voi: SegmentRequest['voi']) => void;
  log: (message: string) => void;
}

const sameFrame = (a: FrameRef, b: FrameRef) => a.SOPInstanceUID === b.SOPInstanceUID && a.frame === b.frame;

export class InteractiveSegmenter {
  constructor(private readonly deps: InteractiveDeps) {}

  async segment(request: SegmentRequest): Promise<SegmentResult> {
    const started = performance.now();
    const engine = await this.deps.engine();
    const frame = await this.load(engine, request.target, request.voi);
    const { width, height } = frame.image;
    const clean = cleanPrompts(request.prompts, width, height);
    if (clean.points.length === 0 && !clean.box) {
      throw new MaskcueError(
        'INVALID_ARGUMENT',
        request.prompts.points.length || request.prompts.box ? 'The click is outside the image; click inside it.' : 'Nothing to segment from: click on the finding or drag a box around it.',
      );
    }
    const previous = this.previousLogits(request.previous ?? null, request.target, engine);
    const result = await engine.segment({
      image: frame.image,
      cacheKey: frame.cacheKey,
      prompts: request.prompts,
      previous: previous ? { lowResLogits: previous } : undefined,
      alternative: request.alternative,
    });
    const answer = this.answer(request.target, frame, result, request.prompts, started);
    this.deps.worked?.(engine, request.target, request.voi);
    return answer;
  }

  async propagate(request: PropagateRequest): Promise<SegmentResult> {
    const started = performance.now();
    const engine = await this.deps.engine();
    const from = this.deps.results.get(request.from) ?? (await this.fromAccepted(request.from, request.voi, engine));
    if (from.areaPx === 0) throw new MaskcueError('NOT_FOUND', 'Nothing to carry: the mask on this slice is empty.');
    const frame = await this.load(engine, request.target, request.voi);
    const plan = planCarry(from, { ...frame.image, grey: frame.grey }, engine.kind);
    if (plan.kind === 'vanished') {
      return this.empty(request.target, frame, engine, from, plan.reason, started);
    }
    const sameEngine = from.engine === engine.kind && from.modelId === engine.modelId;
    const result = await engine.segment({
      image: frame.image,
      cacheKey: frame.cacheKey,
      prompts: plan.prompts,
      previous: plan.previous && sameEngine ? plan.previous : undefined,
    });
    const answer = this.answer(request.target, frame, result, plan.prompts, started);
    this.deps.worked?.(engine, request.target, request.voi);
    return answer;
  }

  /** An accepted segment in the form of an answer: its mask, logits made from it, its grey levels. */
  private async fromAccepted(id: string, voi: SegmentRequest['voi'], engine: SegmentationEngine): Promise<StoredResult> {
    const segment = await this.deps.accepted?.(id);
    if (!segment) throw forgotten(id);
    const { target, mask } = segment;
    const frame = await this.load(engine, target, voi);
    return {
      resultId: id,
      target,
      width: mask.width,
      height: mask.height,
      mask: mask.data,
      areaPx: areaOf(mask.data),
      lowResLogits: logitsFromMask(mask.data, mask.width, mask.height),
      engine: engine.kind,
      modelId: engine.modelId,
      greyRange: mask.width === frame.image.width && mask.height === frame.image.height ? greyRange(frame.grey, mask.data) : null,
    };
  }

  private async load(engine: SegmentationEngine, target: FrameRef, voi: SegmentRequest['voi']): Promise<FrameImage> {
    return frameImage(await this.deps.frame(target.SOPInstanceUID, target.frame), target, voi, engine.modelId);
  }

  /**
   * The low-res logits of `previous`, when it is an answer on this frame from this engine. One that
   * has been evicted (or predates a restart) is skipped: every click is sent with all the prompts,
   * so the answer only loses the refinement. One on another frame is a mistake worth reporting.
   */
  private previousLogits(previous: string | null, target: FrameRef, engine: SegmentationEngine): LowResLogits | null {
    if (!previous) return null;
    const stored = this.deps.results.get(previous);
    if (!stored) {
      this.deps.log(`segmentation: previous answer ${previous} is no longer held; segmenting without it`);
      return null;
    }
    if (!sameFrame(stored.target, target)) {
      throw new MaskcueError(
        'INVALID_ARGUMENT',
        `The previous answer is on ${stored.target.SOPInstanceUID} frame ${stored.target.frame}, not on this frame; send previous only for clicks on the same frame (use propagate to carry a mask to another slice).`,
      );
    }
    return stored.engine === engine.kind && stored.modelId === engine.modelId ? stored.lowResLogits : null;
  }

  private answer(target: FrameRef, frame: FrameImage, result: EngineResult, prompts: SegmentRequest['prompts'], started: number): SegmentResult {
    const areaPx = areaOf(result.mask);
    const stored = this.deps.results.put({
      target,
      width: result.width,
      height: result.height,
      mask: result.mask.slice(),
      areaPx,
      lowResLogits: result.lowResLogits,
      engine: result.engine,
      modelId: result.modelId,
      greyRange: greyRange(frame.grey, result.mask),
    });
    return {
      resultId: stored.resultId,
      target,
      mask: { width: result.width, height: result.height, data: result.mask },
      areaPx,
      score: result.score,
      alternatives: result.alternatives,
      alternative: result.alternative,
      engine: result.engine,
      modelId: result.engine === 'sam2' ? result.modelId : null,
      provider: result.provider,
      // Bare reasons ("(300, 20) is outside the 256 × 256 image"): the renderer words the notice.
      ignored: result.ignored.map((i) => {
        if (i.prompt === 'point') {
          const p = prompts.points[i.index];
          return { x: p?.x ?? 0, y: p?.y ?? 0, reason: i.reason };
        }
        const b = prompts.box;
        return { x: b?.x1 ?? 0, y: b?.y1 ?? 0, reason: `the box ${i.reason.replace(/^it /, '')}` };
      }),
      times: { totalMs: performance.now() - started, encodeMs: result.times.encodeMs, decodeMs: result.times.decodeMs },
    };
  }

  /**
   * The finding has ended on this slice (GrowCut's carry found nothing like it): an empty answer,
   * areaPx 0, which is what the renderer stops on. No `ignored` entry: nothing the reader clicked was
   * ignored; the reason goes to the log.
   */
  private empty(target: FrameRef, frame: FrameImage, engine: SegmentationEngine, from: StoredResult, reason: string, started: number): SegmentResult {
    this.deps.log(`segmentation: ${target.SOPInstanceUID} frame ${target.frame}: ${reason}`);
    const { width, height } = frame.image;
    const low = from.lowResLogits;
    const stored = this.deps.results.put({
      target,
      width,
      height,
      mask: new Uint8Array(width * height),
      areaPx: 0,
      lowResLogits: { width: low.width, height: low.height, data: new Float32Array(low.width * low.height).fill(-10) },
      engine: engine.kind,
      modelId: engine.modelId,
      greyRange: null,
    });
    return {
      resultId: stored.resultId,
      target,
      mask: { width, height, data: new Uint8Array(width * height) },
      areaPx: 0,
      score: 0,
      alternatives: 1,
      alternative: 0,
      engine: engine.kind,
      modelId: engine.kind === 'sam2' ? engine.modelId : null,
      provider: engine.provider,
      ignored: [],
      times: { totalMs: performance.now() - started, encodeMs: 0, decodeMs: 0 },
    };
  }
}

function forgotten(resultId: string): MaskcueError {
  return new MaskcueError('NOT_FOUND', `${resultId} is neither a recent answer (MaskCue keeps the latest few) nor an accepted segment; segment this slice again, then carry it.`);
}
