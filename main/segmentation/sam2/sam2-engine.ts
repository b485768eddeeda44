// SAM2 behind the engine interface. The encoder runs once per cache key (the caller's (SOPInstanceUID,
// frame, VOI, model)); its features stay in the inference host's tensor cache (bounded LRU there) and,
// optionally, on disk; each click runs only the decoder, feeding those features by reference, so a
// click moves kilobytes across the process boundary, not the ~16 MB of features.
// The family adapter (families/*) turns prompts into that export's feeds and its outputs into masks.

import { performance } from 'node:perf_hooks';
import { MaskcueError } from '../../../common/api';
import type { InferenceHost, LoadedSession, RunResult, SelectSpec, TensorMap } from '../../inference/host-client';
import type { SegmentationCompute } from '../compute/compute';
import type { SegmentationEngine } from '../engine';
import { resizeLogits, shrinkLogits, thresholdLogits } from '../image/logits';
import { checkImage, cleanPrompts, requireSomePrompt } from '../prompts';
import type { EngineStats, LowResLogits, SegmentImage, SegmentRequest, SegmentResult } from '../types';
import { chooseMask } from './choose-mask';
import { detectFamily } from './detect';
import { tokensFor, type DecodeContext, type FamilyAdapter, type FramePrompts, type Geometry } from './families/types';
import { FeatureStore, featureKey } from './feature-store';
import { resolveGeometry } from './geometry';

export interface Sam2EngineOptions {
  host: InferenceHost;
  compute: SegmentationCompute;
  modelId: string;
  encoderPath: string;
  decoderPath: string;
  /**
   * Identifies the model's weights (file sizes and dates, or a checksum): part of every cache key, so
   * features of a replaced model are never reused.
   */
  fingerprint: string;
  /** Folder for the on-disk feature cache; none when absent. */
  featureDir?: string | null;
  featureDirMaxBytes?: number;
}

type FeatureSource = 'encoded' | 'memory' | 'disk';

export class Sam2Engine implements SegmentationEngine {
  readonly kind = 'sam2' as const;
  readonly modelId: string;
  readonly family: string;
  readonly provider: string;
  readonly geometry: Geometry;
  private readonly inflight = new Map<string, Promise<{ source: FeatureSource; ms: number }>>();
  private readonly store: FeatureStore | null;
  private readonly writes = new Set<Promise<void>>();
  /** Host cache keys this engine filled, dropped when it closes (nobody else can use them). */
  private readonly keys = new Set<string>();
  private readonly counters: EngineStats = { encodes: 0, memoryHits: 0, diskHits: 0, decodes: 0 };
  private prefetchQueue: { image: SegmentImage; cacheKey: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private prefetching = false;
  private closed = false;
  /** The last click's chosen low-res grid, which the host also keeps under keptKey for the next click. */
  private kept: Float32Array | null = null;
  private readonly keptKey: string;

  private constructor(
    private readonly options: Sam2EngineOptions,
    readonly adapter: FamilyAdapter,
    private readonly encoder: LoadedSession,
    private readonly decoder: LoadedSession,
  ) {
    this.modelId = options.modelId;
    this.family = adapter.id;
    this.provider = decoder.provider;
    this.geometry = resolveGeometry(adapter, encoder, decoder);
    this.store = options.featureDir ? new FeatureStore(options.featureDir, options.featureDirMaxBytes) : null;
    this.keptKey = featureKey(`${this.modelId}\0${options.fingerprint}`, 'previous-mask');
    this.keys.add(this.keptKey);
  }

  /** Loads both graphs in the host and detects the family; MODEL_LOAD_FAILED says what went wrong. */
  static async open(options: Sam2EngineOptions): Promise<Sam2Engine> {
    const encoder = await options.host.load(options.encoderPath);
    let decoder: LoadedSession;
    try {
      decoder = await options.host.load(options.decoderPath);
    } catch (e) {
      await options.host.unload(encoder.sessionId).catch(() => undefined);
      throw e;
    }
    try {
      return new Sam2Engine(options, detectFamily(encoder, decoder), encoder, decoder);
    } catch (e) {
      await options.host.unload(encoder.sessionId).catch(() => undefined);
      await options.host.unload(decoder.sessionId).catch(() => undefined);
      throw e;
    }
  }

  private hostKey(cacheKey: string): string {
    return featureKey(`${this.modelId}\0${this.options.fingerprint}`, cacheKey);
  }

  async segment(request: SegmentRequest): Promise<SegmentResult> {
    const started = performance.now();
    if (this.closed) throw new MaskcueError('INVALID_ARGUMENT', `The ${this.modelId} engine has been closed.`);
    checkImage(request.image);
    const { width, height } = request.image;
    const clean = cleanPrompts(request.prompts, width, height);
    requireSomePrompt(clean);

    const key = this.hostKey(request.cacheKey);
    const features = await this.ensureFeatures(request.image, request.cacheKey, key);
    const g = this.geometry;
    const sx = g.inputWidth / width;
    const sy = g.inputHeight / height;
    const frame: FramePrompts = {
      points: clean.points.map((p) => ({ x: p.x * sx, y: p.y * sy, label: p.label })),
      box: clean.box ? { x1: clean.box.x1 * sx, y1: clean.box.y1 * sy, x2: clean.box.x2 * sx, y2: clean.box.y2 * sy } : null,
    };
    const previous = request.previous?.lowResLogits;
    const maskInput = this.adapter.maskInput && previous ? this.onMaskGrid(previous) : null;
    const context: DecodeContext = { geometry: g, imageWidth: width, imageHeight: height };
    const feeds = this.adapter.feeds(frame, maskInput, context);
    const promptCount = clean.points.length + (clean.box ? 1 : 0);
    const previousKept = previous !== undefined && this.kept === previous.data && this.options.host.isCached(this.keptKey);

    let run: RunResult;
    let encodeMs = features.ms;
    try {
      run = await this.decode(feeds, key, promptCount, request.alternative ?? 0, previousKept);
    } catch (e) {
      // The host evicted the features or restarted since we looked: encode again, once.
      if (!(e instanceof MaskcueError) || e.code !== 'NOT_FOUND' || !/cached tensor/.test(e.message)) throw e;
      const again = await this.ensureFeatures(request.image, request.cacheKey, key, true);
      encodeMs += again.ms;
      run = await this.decode(feeds, key, promptCount, request.alternative ?? 0, false);
    }
    this.counters.decodes += 1;

    const out = this.adapter.read(run.outputs, context);
    const choice = chooseMask(out, promptCount, request.alternative);
    // With a host-side select only the chosen grid came back (index 0 of what was returned).
    const slot = run.selected ? 0 : choice.index;
    if (run.selected && run.selected.index !== choice.index) {
      throw new MaskcueError('INTERNAL', `The inference host chose mask ${run.selected.index} where ${choice.index} was expected.`);
    }
    let mask: Uint8Array;
    let lowResLogits: LowResLogits;
    if (out.lowRes) {
      const { width: lw, height: lh } = out.lowRes;
      const grid = run.selected ? out.lowRes.data : out.lowRes.data.slice(slot * lw * lh, (slot + 1) * lw * lh);
      mask = await this.options.compute.maskFromLowRes(grid, lw, lh, width, height);
      lowResLogits = { width: lw, height: lh, data: grid };
      this.kept = run.selected?.kept ? grid : null;
    } else {
      const full = out.full!;
      if (full.width !== width || full.height !== height) {
        throw new MaskcueError('INTERNAL', `The decoder returned ${full.width} × ${full.height} masks for a ${width} × ${height} image.`);
      }
      const offset = slot * width * height;
      mask = thresholdLogits(full.data, offset, width * height);
      lowResLogits = { width: g.maskWidth, height: g.maskHeight, data: shrinkLogits(full.data, offset, width, height, g.maskWidth, g.maskHeight) };
    }
    const totalMs = performance.now() - started;
    return {
      mask,
      width,
      height,
      lowResLogits,
      score: out.iou[choice.index]!,
      alternatives: choice.order.length,
      alternative: choice.position,
      engine: 'sam2',
      modelId: this.modelId,
      family: this.family,
      provider: this.provider,
      maskInputUsed: maskInput !== null,
      features: features.source,
      ignored: clean.ignored,
      times: { encodeMs, decodeMs: run.runMs, processMs: Math.max(0, totalMs - encodeMs - run.runMs), totalMs },
    };
  }

  private decode(feeds: TensorMap, key: string, promptCount: number, rank: number, previousKept: boolean): Promise<RunResult> {
    const cached: Record<string, { key: string; name: string }> = {};
    for (const [input, output] of Object.entries(this.adapter.features)) cached[input] = { key, name: output };
    const maskName = this.adapter.maskInput?.mask;
    if (previousKept && maskName) {
      delete feeds[maskName];
      cached[maskName] = { key: this.keptKey, name: 'mask' };
    }
    const select = this.selectSpec(promptCount, rank);
    return this.options.host.run(this.decoder.sessionId, feeds, { cached, fetches: [...this.adapter.fetches], ...(select ? { select } : {}) });
  }

  /**
   * chooseMask's rule as a host-side select, when the decoder declares its candidate count: only the
   * chosen grid comes back, and (families with a mask input) it stays in the host for the next click.
   */
  private selectSpec(promptCount: number, rank: number): SelectSpec | null {
    const { iou, masks, full } = this.adapter.candidates;
    const declared = this.decoder.outputs.find((o) => o.name === masks)?.shape.at(-3);
    if (typeof declared !== 'number') return null;
    const { singleToken, multiTokens } = tokensFor(declared);
    const lead = multiTokens.length === 0 ? (singleToken ?? 0) : promptCount >= 2 ? singleToken : null;
    const keepable = this.adapter.maskInput !== null && !full;
    return {
      output: masks,
      scores: iou,
      candidates: multiTokens,
      lead,
      rank,
      ...(keepable ? { keep: { key: this.keptKey, name: 'mask' } } : {}),
    };
  }

  private onMaskGrid(previous: LowResLogits): Float32Array {
    const { maskWidth: w, maskHeight: h } = this.geometry;
    if (previous.width === w && previous.height === h) return previous.data;
    return resizeLogits(previous.data, previous.width, previous.height, w, h);
  }

  /** Makes sure the host holds this image's features; concurrent calls for one key share the work. */
  private ensureFeatures(image: SegmentImage, cacheKey: string, key: string, force = false): Promise<{ source: FeatureSource; ms: number }> {
    if (!force && this.options.host.isCached(key)) {
      this.counters.memoryHits += 1;
      return Promise.resolve({ source: 'memory', ms: 0 });
    }
    const running = this.inflight.get(key);
    if (running) return running;
    const job = this.loadFeatures(image, cacheKey, key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, job);
    return job;
  }

  private async loadFeatures(image: SegmentImage, cacheKey: string, key: string): Promise<{ source: FeatureSource; ms: number }> {
    const started = performance.now();
    const fullKey = `${this.modelId}\0${this.options.fingerprint}\0${cacheKey}`;
    if (this.store) {
      // A write of these very features may still be on its way to disk.
      await Promise.allSettled([...this.writes]);
      const stored = await this.store.read(key, fullKey);
      if (stored) {
        await this.options.host.cachePut(key, stored);
        this.keys.add(key);
        this.counters.diskHits += 1;
        return { source: 'disk', ms: performance.now() - started };
      }
    }
    const g = this.geometry;
    checkImage(image);
    const pixels = await this.options.compute.modelInput(image, g.inputWidth, g.inputHeight);
    const outputs = Object.values(this.adapter.encoder.outputs);
    const run = await this.options.host.run(
      this.encoder.sessionId,
      { [this.adapter.encoder.input.name]: { type: 'float32', dims: [1, 3, g.inputHeight, g.inputWidth], data: pixels } },
      { retain: { key, outputs, sendBack: this.store !== null }, fetches: [], transfer: true },
    );
    this.counters.encodes += 1;
    this.keys.add(key);
    if (this.store) {
      const write = this.store
        .write(key, fullKey, run.outputs)
        .catch((e: unknown) => console.warn(`[segmentation] could not save encoder features to disk: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => this.writes.delete(write));
      this.writes.add(write);
    }
    return { source: 'encoded', ms: performance.now() - started };
  }

  prefetch(image: SegmentImage, cacheKey: string): Promise<void> {
    if (this.options.host.isCached(this.hostKey(cacheKey))) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.prefetchQueue.push({ image, cacheKey, resolve, reject });
      void this.pumpPrefetch();
    });
  }

  cancelPrefetch(): void {
    for (const job of this.prefetchQueue.splice(0)) job.resolve();
  }

  private async pumpPrefetch(): Promise<void> {
    if (this.prefetching) return;
    this.prefetching = true;
    try {
      for (let job = this.prefetchQueue.shift(); job; job = this.prefetchQueue.shift()) {
        try {
          await this.ensureFeatures(job.image, job.cacheKey, this.hostKey(job.cacheKey));
          job.resolve();
        } catch (e) {
          job.reject(e);
        }
      }
    } finally {
      this.prefetching = false;
    }
  }

  stats(): EngineStats {
    return { ...this.counters };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelPrefetch();
    await Promise.allSettled([...this.writes]);
    if (this.keys.size) await this.options.host.cacheDrop([...this.keys]).catch(() => undefined);
    await this.options.host.unload(this.encoder.sessionId).catch(() => undefined);
    await this.options.host.unload(this.decoder.sessionId).catch(() => undefined);
  }
}
