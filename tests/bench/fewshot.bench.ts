// Few-shot classification benchmarks, each a ratio against a bare baseline run in the same process:
//   - training a head (4 classes × 16 exemplars × 512-d, text anchors present), stage 2 with k-fold CV
//     and stage 1 alone, through the child-process inference host vs the same trainHead in-process
//     (the issue's target: "well under 2 s on 2 cores");
//   - one classification on a full-size CLIP ViT-B/16 vision tower with random weights (tests/fixtures/
//     onnx/clip/full-size-vit.ts, ~35 GFLOP per image): featurizer.embed (focus view + original, one
//     batch of 2, through the host) + scoring, against the bare session.run of the same graph with the
//     same batch of pixels, made beforehand, in this process;
//   - the occlusion heat map on that graph against one classification;
//   - memory per 1,000 exemplars: the SQLite embedding cache's growth, and the in-memory TrainingSet,
//     against the raw float bytes;
//   - radiomics features per image at 512² and 1024² against one plain typed-array pass.
// The model folder holds only the vision tower and a 224 preprocessor config: embed() never touches
// the text tower, and the tiny fixture's 32-d text tower would not open beside a 512-d vision tower
// (openClipFeaturizer refuses towers of different widths).
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InferenceHost } from '../../main/inference/host-client';
import { openClipFeaturizer } from '../../main/fewshot/clip/clip-featurizer';
import { buildPixelBatch } from '../../main/fewshot/focus/pixel-batch';
import { occlusionPlan } from '../../main/fewshot/focus/occlusion';
import { OPENAI_CLIP_MEAN, OPENAI_CLIP_STD } from '../../main/fewshot/focus/preprocess-config';
import { computeRadiomics } from '../../main/fewshot/radiomics/features';
import { CLIP_EXPLAIN_CELLS, EXPLAIN_BATCH, scoreImage } from '../../main/fewshot/service/classify-mask';
import type { StoredPack } from '../../main/fewshot/store/packs';
import { EmbeddingCache } from '../../main/fewshot/store/embeddings';
import { gaussian, seededRandom } from '../../main/fewshot/training/random';
import { randomUnit, toySet, unit } from '../../main/fewshot/training/toy-problems';
import { predictProbabilities, trainHead } from '../../main/fewshot/training/train';
import type { Head, MaskedImage, TrainingSet } from '../../main/fewshot/types';
import type { SegmentImage } from '../../main/segmentation/types';
import { workspacePaths } from '../../main/workspace/layout';
import { Workspace } from '../../main/workspace/workspace';
import { buildFullSizeVisionModel, fullSizeVisionFlops } from '../fixtures/onnx/clip/full-size-vit';
import type { BenchRow } from './foundation.bench';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** A pause before each timed run, so the other side's ORT thread pool has stopped spinning (see segment.bench.ts). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
const DIMS = 512;
/** classify-mask.ts embeds occluded copies this many items (2 images each) per host run. */

/** 4 classes × 16 exemplars × 512-d around random class directions, with text anchors near them. */
function trainingSet(seed: number): TrainingSet {
  const random = seededRandom(seed);
  const centres = Array.from({ length: 4 }, () => randomUnit(DIMS, random));
  // Scatter chosen so cross-validated accuracy lands near 0.7 (a realistic few-shot medical figure, and
  // CV then picks the full 300 steps: the slow case); tighter sets score 1.0 and stop at step 0.
  const anchors = centres.map((c) => unit(Array.from(c, (x) => x + 0.2 * gaussian(random))));
  const { centres: _, ...set } = toySet({ classes: 4, perClass: 16, dims: DIMS, noise: 0.25, seed: seed + 1, centres, anchors });
  return set;
}

/** A grey image with a brighter disc (the lesion) and speckle; the mask is the disc. */
function lesionImage(size: number): MaskedImage & { image: SegmentImage & { grey: Uint8Array } } {
  const grey = new Uint8Array(size * size);
  const mask = new Uint8Array(size * size);
  let seed = 7;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const inside = (x - size * 0.45) ** 2 + (y - size * 0.5) ** 2 < (size * 0.12) ** 2;
      grey[y * size + x] = (inside ? 170 : 70) + ((seed >>> 24) % 24);
      mask[y * size + x] = inside ? 1 : 0;
    }
  }
  return { image: { width: size, height: size, grey }, mask };
}

async function benchTraining(): Promise<BenchRow[]> {
  const set = trainingSet(11);
  const host = new InferenceHost({ transport: 'child-process', providers: ['cpu'] });
  const rows: BenchRow[] = [];
  try {
    for (const stage of [2, 1] as const) {
      const options = { view: 'fused' as const, stage, seed: 1 };
      await host.train(set, options); // starts the host
      await trainHead(set, options);
      const ours: number[] = [];
      const bare: number[] = [];
      const inHost: number[] = [];
      let outcome = await trainHead(set, options);
      for (let i = 0; i < 5; i += 1) {
        await settle();
        let started = performance.now();
        outcome = await trainHead(set, options);
        bare.push(performance.now() - started);
        await settle();
        started = performance.now();
        const viaHost = await host.train(set, options);
        ours.push(performance.now() - started);
        inHost.push(viaHost.trainMs);
      }
      const oursMs = median(ours);
      const m = outcome.metrics;
      rows.push({
        name: `few-shot training, 4 classes × 16 exemplars × 512-d, fused view, stage ${stage}${stage === 2 ? ' (5-fold CV + final fit)' : ' (prototypes, 5-fold CV metrics)'}`,
        ours: `${oursMs.toFixed(0)} ms via child-process host`,
        baseline: `trainHead in-process ${median(bare).toFixed(0)} ms`,
        ratio: oursMs / median(bare),
        note:
          `${stage === 2 ? `target "well under 2 s on 2 cores": ${oursMs < 2000 ? 'met' : 'MISSED'}; ${outcome.head.steps} steps chosen by CV; ` : ''}` +
          `trainMs inside the host ${median(inHost).toFixed(0)} ms; CV balanced accuracy ${m ? m.balancedAccuracy.toFixed(2) : 'n/a'}; text anchors present`,
      });
    }
  } finally {
    await host.close();
  }
  return rows;
}

function writeVitFolder(dir: string): string {
  const folder = join(dir, 'clip-vit-b16-random');
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  writeFileSync(join(folder, 'onnx', 'vision_model.onnx'), buildFullSizeVisionModel());
  writeFileSync(
    join(folder, 'preprocessor_config.json'),
    JSON.stringify({
      crop_size: { height: 224, width: 224 },
      do_center_crop: true,
      do_normalize: true,
      do_rescale: true,
      do_resize: true,
      image_mean: [...OPENAI_CLIP_MEAN],
      image_std: [...OPENAI_CLIP_STD],
      image_processor_type: 'CLIPImageProcessor',
      resample: 3,
      rescale_factor: 1 / 255,
      size: { shortest_edge: 224 },
    }),
  );
  return folder;
}

async function benchClassify(dir: string): Promise<BenchRow[]> {
  const ort = await import('onnxruntime-node');
  const folder = writeVitFolder(dir);
  const visionPath = join(folder, 'onnx', 'vision_model.onnx');
  const host = new InferenceHost({ transport: 'child-process', providers: ['cpu'] });
  const rows: BenchRow[] = [];
  let featurizer: Awaited<ReturnType<typeof openClipFeaturizer>> | null = null;
  let bare: Awaited<ReturnType<typeof ort.InferenceSession.create>> | null = null;
  try {
    const clip = (featurizer = await openClipFeaturizer({ host, folder, modelId: 'bench-vit-b16', fingerprint: 'bench' }));
    const session = (bare = await ort.InferenceSession.create(visionPath, { executionProviders: ['cpu'] }));
    const item = lesionImage(512);
    const head: Head = (await trainHead(trainingSet(21), { view: 'fused', stage: 1, seed: 1 })).head;
    const classify = async () => {
      const [embedding] = await clip.embed([item], 'overlay');
      return { embedding: embedding!, probabilities: predictProbabilities(head, embedding!) };
    };
    // Pixels made once for the baseline, exactly as embed() makes them.
    const batch = buildPixelBatch([item], 'overlay', clip.preprocess);
    const tensor = new ort.Tensor('float32', batch.data, batch.dims);
    const bareRun = () => session.run({ pixel_values: tensor }, ['image_embeds']);
    for (let i = 0; i < 2; i += 1) {
      await classify();
      await bareRun();
    }
    const ours: number[] = [];
    const bareTimes: number[] = [];
    let bareCpuUs = 0;
    const runs = 8;
    for (let i = 0; i < runs; i += 1) {
      await settle();
      const cpu = process.cpuUsage();
      let started = performance.now();
      await bareRun();
      bareTimes.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      bareCpuUs += used.user + used.system;
      await settle();
      started = performance.now();
      await classify();
      ours.push(performance.now() - started);
    }
    const pixelTimes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      buildPixelBatch([item], 'overlay', clip.preprocess);
      pixelTimes.push(performance.now() - started);
    }
    const oursMs = median(ours);
    const bareMs = median(bareTimes);
    const gflop = fullSizeVisionFlops(1) / 1e9;
    rows.push({
      name: 'classify one 512² image + mask, CLIP ViT-B/16 (random weights), focus view + original in one batch of 2',
      ours: `${oursMs.toFixed(0)} ms via child-process host`,
      baseline: `bare session.run batch 2 ${bareMs.toFixed(0)} ms`,
      ratio: oursMs / bareMs,
      note:
        `overhead ${((100 * (oursMs - bareMs)) / oursMs).toFixed(0)}% of the total (focus view + resize + normalise ${median(pixelTimes).toFixed(1)} ms of it); ` +
        `per image: ${(bareMs / 2).toFixed(0)} ms wall, ${(bareCpuUs / 1000 / (2 * runs)).toFixed(0)} ms CPU (${gflop.toFixed(1)} GFLOP); medians of ${runs}, interleaved; load average ${loadavg()[0]!.toFixed(1)}`,
    });

    // Occlusion heat map through the app's own scoring (classify-mask.ts scoreImage, explain on). One run
    // (seconds to tens of seconds); its baseline is the median of 3 classifications just before it and 3
    // just after, so a burst of load from other work on a shared machine shows on both sides.
    const pack = {
      summary: { id: 'bench', version: 1, classes: head.classes, focus: 'overlay', uncertainBelow: 0.5, exemplarsPerClass: [], engine: 'clip', modelId: clip.modelId },
      head,
      extras: { templates: [], exemplarIds: [], fingerprint: clip.fingerprint },
    } as unknown as StoredPack;
    const near: number[] = [];
    const classifyNear = async () => {
      for (let i = 0; i < 3; i += 1) {
        await settle();
        const started = performance.now();
        await classify();
        near.push(performance.now() - started);
      }
    };
    await classifyNear();
    await settle();
    const started = performance.now();
    const explained = await scoreImage(clip, pack, item.image, item.mask, true);
    const explainMs = performance.now() - started;
    await classifyNear();
    const nearMs = median(near);
    const heat = explained.heatmap!;
    const cells = occlusionPlan(item.image, item.mask, { maxCells: CLIP_EXPLAIN_CELLS }).cells.length;
    rows.push({
      name: `classify + occlusion heat map, CLIP ViT-B/16, ${cells} cells (the app's CLIP setting)`,
      ours: `${(explainMs / 1000).toFixed(1)} s`,
      baseline: `one classification ${nearMs.toFixed(0)} ms`,
      ratio: explainMs / nearMs,
      note:
        `${cells} cells of ${heat.cellSize} px (${heat.width}×${heat.height} grid) = ${2 * cells} extra ViT images (each occluded copy is re-embedded as focus view + original) ` +
        `in host runs of ${2 * EXPLAIN_BATCH}; ${(explainMs / cells).toFixed(0)} ms per cell; ideal ratio ≈ ${cells + 1}; one run; load average ${loadavg()[0]!.toFixed(1)}`,
    });
  } finally {
    await featurizer?.close();
    await host.close();
    await bare?.release();
  }
  return rows;
}

/** Forces full GCs (flag set at run time) and waits for V8 to sweep freed ArrayBuffers; null where refused. */
function collector(): (() => Promise<void>) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return null;
    return async () => {
      for (let i = 0; i < 2; i += 1) {
        (gc as () => void)();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
  } catch {
    return null;
  }
}

async function benchMemory(dir: string): Promise<BenchRow[]> {
  const n = 1000;
  const raw = n * 2 * DIMS * 4;
  const random = seededRandom(5);
  const entries = Array.from({ length: n }, () => ({ exemplarId: randomUUID(), embedding: { focus: randomUnit(DIMS, random), full: randomUnit(DIMS, random) } }));
  const ids = entries.map((e) => e.exemplarId);
  const workspace = Workspace.open(join(dir, 'ws'));
  const dbPath = workspacePaths(workspace.path).db;
  try {
    const cache = new EmbeddingCache(workspace);
    const before = statSync(dbPath).size;
    let started = performance.now();
    cache.put(entries, 'bench-fingerprint', 'overlay');
    const putMs = performance.now() - started;
    const growth = statSync(dbPath).size - before;

    // The TrainingSet as the service builds it: the cached vectors, one pair per exemplar.
    const collect = collector();
    await collect?.();
    const m0 = process.memoryUsage();
    let got: Map<string, { focus: Float32Array; full: Float32Array | null }> | null = cache.get(ids, 'bench-fingerprint', 'overlay');
    const set: TrainingSet = {
      engine: 'clip',
      classes: ['a', 'b', 'c', 'd'],
      samples: ids.map((id, i) => ({ id, label: i % 4, focus: got!.get(id)!.focus, full: got!.get(id)!.full })),
      anchors: null,
      logitScale: 100,
    };
    got = null;
    await collect?.();
    const m1 = process.memoryUsage();
    const buffers = new Set<ArrayBufferLike>();
    for (const s of set.samples) {
      buffers.add(s.focus.buffer);
      if (s.full) buffers.add(s.full.buffer);
    }
    const typedBytes = [...buffers].reduce((sum, b) => sum + b.byteLength, 0);
    const heldBytes = m1.heapUsed - m0.heapUsed + (m1.arrayBuffers - m0.arrayBuffers);
    started = performance.now();
    cache.get(ids, 'bench-fingerprint', 'overlay');
    const getMs = performance.now() - started;
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
    return [
      {
        name: 'embedding cache in SQLite, 1,000 exemplars × (focus + full) × 512-d',
        ours: `${mb(growth)} database growth`,
        baseline: `raw float32 ${mb(raw)}`,
        ratio: growth / raw,
        note: `one put transaction ${putMs.toFixed(0)} ms, reading all back ${getMs.toFixed(0)} ms; key = UUID + fingerprint + focus mode per row`,
      },
      {
        name: 'TrainingSet in memory, 1,000 exemplars × (focus + full) × 512-d',
        ours: `${mb(typedBytes)} typed arrays`,
        baseline: `raw float32 ${mb(raw)}`,
        ratio: typedBytes / raw,
        note:
          `${collect ? `measured heap + ArrayBuffer growth ${mb(heldBytes)} (objects and ids included)` : 'heap growth not measured (no gc)'}; ` +
          `trainHead's Float64 view rows (views.ts) add n·2·d·8 B = ${mb(set.samples.length * 2 * DIMS * 8)} while it runs (fused view)`,
      },
    ];
  } finally {
    workspace.close();
  }
}

function benchRadiomics(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const size of [512, 1024]) {
    const { image, mask } = lesionImage(size);
    const grey = image.grey;
    // Baseline: one plain pass over the image (threshold into a mask), the least any per-pixel tool does.
    const pass = () => {
      const out = new Uint8Array(grey.length);
      for (let p = 0; p < grey.length; p += 1) out[p] = grey[p]! > 120 ? 1 : 0;
      return out;
    };
    for (let i = 0; i < 5; i += 1) {
      computeRadiomics(image, mask);
      pass();
    }
    // Interleaved, so a burst of load from other work lands on both sides.
    const times: number[] = [];
    const passTimes: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      let started = performance.now();
      computeRadiomics(image, mask);
      times.push(performance.now() - started);
      started = performance.now();
      pass();
      passTimes.push(performance.now() - started);
    }
    const ours = median(times);
    const lesion = mask.reduce((s, v) => s + v, 0);
    rows.push({
      name: `radiomics features, ${size}² image + lesion mask`,
      ours: `${ours.toFixed(1)} ms`,
      baseline: `one typed-array pass ${median(passTimes).toFixed(2)} ms`,
      ratio: ours / median(passTimes),
      note: `lesion ${lesion} px (${((100 * lesion) / (size * size)).toFixed(1)}% of the image); first-order, ring, shape, gradient, GLCM; in-process (the radiomics featurizer runs on main); medians of 15, interleaved`,
    });
  }
  return rows;
}

export async function benchFewshot(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'maskcue-bench-fewshot-'));
  try {
    return [...(await benchTraining()), ...(await benchClassify(dir)), ...(await benchMemory(dir)), ...benchRadiomics()];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
