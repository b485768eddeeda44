// GrowCut behind the engine interface: the embedded default when no SAM2 model is installed (or one
// fails to load), answering the same calls from the same prompts.

import { performance } from 'node:perf_hooks';
import type { SegmentationCompute } from '../compute/compute';
import type { SegmentationEngine } from '../engine';
import { toGrey } from '../image/pixels';
import { checkImage, cleanPrompts, requireSomePrompt } from '../prompts';
import type { EngineStats, SegmentRequest, SegmentResult } from '../types';
import type { GrowCutSettings } from './segment';

export class GrowCutEngine implements SegmentationEngine {
  readonly kind = 'growcut' as const;
  readonly modelId = 'growcut';
  readonly family = 'growcut';
  readonly provider = 'cpu';
  private decodes = 0;

  constructor(
    private readonly compute: SegmentationCompute,
    private readonly settings: Partial<GrowCutSettings> = {},
  ) {}

  async segment(request: SegmentRequest): Promise<SegmentResult> {
    const started = performance.now();
    checkImage(request.image);
    const { width, height } = request.image;
    const clean = cleanPrompts(request.prompts, width, height);
    requireSomePrompt(clean);
    const out = await this.compute.growCut({
      grey: toGrey(request.image),
      width,
      height,
      prompts: { points: clean.points, box: clean.box },
      previous: request.previous?.lowResLogits ?? null,
      settings: this.settings,
    });
    this.decodes += 1;
    const totalMs = performance.now() - started;
    return {
      mask: out.mask,
      width,
      height,
      lowResLogits: out.lowResLogits,
      score: out.score,
      alternatives: 1,
      alternative: 0,
      engine: 'growcut',
      modelId: 'growcut',
      family: 'growcut',
      provider: 'cpu',
      maskInputUsed: Boolean(request.previous),
      features: 'none',
      ignored: clean.ignored,
      times: { encodeMs: 0, decodeMs: out.growMs, processMs: totalMs - out.growMs, totalMs },
    };
  }

  async prefetch(): Promise<void> {}

  cancelPrefetch(): void {}

  stats(): EngineStats {
    return { encodes: 0, memoryHits: 0, diskHits: 0, decodes: this.decodes };
  }

  async close(): Promise<void> {}
}
