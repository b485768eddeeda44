// Segmentation benchmarks, each a ratio against a bare baseline run in the same process:
//   - per click, end to end (engine.segment: prompts → feeds → host → decoder → mask at full size)
//     against the bare decoder session.run in this process with the same feeds, at 512² and 2048²,
//     on a full-size SAM2.1-tiny-shaped decoder with random weights (tests/fixtures/onnx/sam2/
//     full-size.ts, ~3.7 GFLOP); through a child-process host with inline pixel work (the CLI; browser
//     mode and Electron's utilityProcess also keep the host in its own process) and a worker-thread
//     host with the segmentation worker;
//   - GrowCut per click at 512² and 2048² against one plain typed-array pass over the image;
//   - the encoder cache while scrolling a series back and forth, with and without prefetching the
//     neighbouring slices.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InferenceHost } from '../../main/inference/host-client';
import { createInlineCompute, type SegmentationCompute } from '../../main/segmentation/compute/compute';
import { WorkerCompute } from '../../main/segmentation/compute/worker-compute';
import { GrowCutEngine } from '../../main/segmentation/growcut/growcut-engine';
import { Sam2Engine } from '../../main/segmentation/sam2/sam2-engine';
import type { SegmentImage } from '../../main/segmentation/types';
import { buildFullSizeDecoder, buildStandInEncoder, fullSizeDecoderFlops } from '../fixtures/onnx/sam2/full-size';
import { writeTinyFamily } from '../fixtures/onnx/sam2/families';
import type { BenchRow } from './foundation.bench';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A grey image with a bright blob, so masks are neither empty nor full. */
function testImage(size: number): SegmentImage {
  const grey = new Uint8Array(size * size);
  let seed = 7;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const inside = (x - size * 0.45) ** 2 + (y - size * 0.5) ** 2 < (size * 0.18) ** 2;
      grey[y * size + x] = (inside ? 170 : 70) + ((seed >>> 24) % 16);
    }
  }
  return { width: size, height: size, grey };
}

function clicks(size: number, n: number): { x: number; y: number; label: 1 | 0 }[] {
  return Array.from({ length: n }, (_, i) => ({ x: size * (0.4 + 0.01 * (i % 10)), y: size * (0.48 + 0.005 * (i % 7)), label: 1 as const }));
}

async function benchPerClick(dir: string): Promise<BenchRow[]> {
  const ort = await import('onnxruntime-node');
  const encoderPath = join(dir, 'encoder.onnx');
  const decoderPath = join(dir, 'decoder.onnx');
  writeFileSync(encoderPath, buildStandInEncoder());
  writeFileSync(decoderPath, buildFullSizeDecoder());

  // The baseline: the same decoder, in this process, features already ORT tensors.
  const bare = await ort.InferenceSession.create(decoderPath, { executionProviders: ['cpu'] });
  const encoder = await ort.InferenceSession.create(encoderPath, { executionProviders: ['cpu'] });
  const features = await encoder.run({ image: new ort.Tensor('float32', new Float32Array(3 * 1024 * 1024).fill(0.1), [1, 3, 1024, 1024]) });
  const bareFeeds = (p: { x: number; y: number }, size: number) => ({
    image_embed: features.image_embed!,
    high_res_feats_0: features.high_res_feats_0!,
    high_res_feats_1: features.high_res_feats_1!,
    point_coords: new ort.Tensor('float32', Float32Array.from([(p.x * 1024) / size, (p.y * 1024) / size]), [1, 1, 2]),
    point_labels: new ort.Tensor('float32', Float32Array.from([1]), [1, 1]),
    mask_input: new ort.Tensor('float32', new Float32Array(256 * 256), [1, 1, 256, 256]),
    has_mask_input: new ort.Tensor('float32', Float32Array.from([0]), [1]),
  });
  // Baseline and engine clicks are interleaved, one each in turn, so drift on a shared 2-core machine
  // lands on both sides alike; a pause before each timed run lets the other side's ORT thread pool stop
  // spinning (two pools on two cores would otherwise slow both, and flatter the ratio).
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
  const runs = 30;
  for (let i = 0; i < 3; i += 1) await bare.run(bareFeeds({ x: 100, y: 100 }, 512));
  const bareRun = async (p: { x: number; y: number }, size: number) => {
    await settle();
    const started = performance.now();
    await bare.run(bareFeeds(p, size));
    return performance.now() - started;
  };

  const rows: BenchRow[] = [];
  const setups: { label: string; transport: 'child-process' | 'worker'; compute: () => SegmentationCompute }[] = [
    { label: 'child-process host, inline pixel work (CLI; browser mode and Electron also run the host in a process)', transport: 'child-process', compute: createInlineCompute },
    { label: 'worker-thread host + segmentation worker', transport: 'worker', compute: () => new WorkerCompute() },
  ];
  for (const setup of setups) {
    const host = new InferenceHost({ transport: setup.transport, providers: ['cpu'] });
    const compute = setup.compute();
    const engine = await Sam2Engine.open({ host, compute, modelId: 'bench', encoderPath, decoderPath, fingerprint: 'bench' });
    for (const size of [512, 2048]) {
      const image = testImage(size);
      await engine.segment({ image, cacheKey: `img-${size}`, prompts: { points: clicks(size, 1) } }); // encode once
      for (let i = 0; i < 2; i += 1) await engine.segment({ image, cacheKey: `img-${size}`, prompts: { points: clicks(size, 1) } });
      const total: number[] = [];
      const decode: number[] = [];
      const bareTimes: number[] = [];
      let previous = undefined as Parameters<Sam2Engine['segment']>[0]['previous'];
      for (const p of clicks(size, runs)) {
        bareTimes.push(await bareRun(p, size));
        await settle();
        const started = performance.now();
        const r = await engine.segment({ image, cacheKey: `img-${size}`, prompts: { points: [p] }, previous });
        total.push(performance.now() - started);
        decode.push(r.times.decodeMs);
        previous = { lowResLogits: r.lowResLogits };
      }
      const ours = median(total);
      const bareMs = median(bareTimes);
      rows.push({
        name: `SAM2 click → mask ${size}², ${setup.label}`,
        ours: `${ours.toFixed(1)} ms`,
        baseline: `bare decoder run ${bareMs.toFixed(1)} ms`,
        ratio: ours / bareMs,
        note: `overhead ${((100 * (ours - bareMs)) / ours).toFixed(0)}% of the click (decoder in host ${median(decode).toFixed(1)} ms); ${(fullSizeDecoderFlops(1) / 1e9).toFixed(1)} GFLOP decoder, features cached in the host`,
      });
    }
    await engine.close();
    await compute.close();
    await host.close();
  }
  await bare.release();
  await encoder.release();
  return rows;
}

async function benchGrowCut(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const engine = new GrowCutEngine(createInlineCompute());
  for (const size of [512, 2048]) {
    const image = testImage(size);
    const request = { image, cacheKey: 'g', prompts: { points: clicks(size, 1) } };
    for (let i = 0; i < 2; i += 1) await engine.segment(request);
    const times: number[] = [];
    let grow = 0;
    for (let i = 0; i < 7; i += 1) {
      const started = performance.now();
      const r = await engine.segment(request);
      times.push(performance.now() - started);
      grow = r.times.decodeMs;
    }
    // Baseline: one plain pass over the image (threshold into a mask), the least any per-pixel tool does.
    const pass: number[] = [];
    const grey = image.grey!;
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      const out = new Uint8Array(grey.length);
      for (let p = 0; p < grey.length; p += 1) out[p] = grey[p]! > 120 ? 1 : 0;
      pass.push(performance.now() - started);
    }
    const ours = median(times);
    rows.push({
      name: `GrowCut click → mask ${size}²`,
      ours: `${ours.toFixed(1)} ms`,
      baseline: `one typed-array pass ${median(pass).toFixed(2)} ms`,
      ratio: ours / median(pass),
      note: `competition ${grow.toFixed(0)} ms on a ${size > 512 ? '512² working grid (shrunk, then upsampled)' : 'full-size grid'}; the rest is resize, smoothing and mask`,
    });
  }
  return rows;
}

async function benchScrolling(dir: string): Promise<BenchRow> {
  const files = writeTinyFamily(join(dir, 'tiny'), 'samexporter');
  const host = new InferenceHost({ transport: 'child-process', providers: ['cpu'] });
  const compute = createInlineCompute();
  const slices = Array.from({ length: 20 }, (_, i) => ({ ...testImage(96), grey: testImage(96).grey!.map((v) => (v + i * 3) & 0xff) }));
  // Down the series and back up twice, a click on every slice.
  const path = [...Array(20).keys(), ...[...Array(20).keys()].reverse(), ...Array(20).keys()];
  const rates: Record<string, number> = {};
  for (const prefetch of [false, true]) {
    const engine = await Sam2Engine.open({ host, compute, modelId: `scroll-${prefetch}`, encoderPath: files.encoder, decoderPath: files.decoder, fingerprint: 'bench' });
    let previous = -1;
    let hits = 0;
    for (const i of path) {
      const result = await engine.segment({ image: slices[i]!, cacheKey: `slice-${i}`, prompts: { points: [{ x: 40, y: 40, label: 1 }] } });
      if (result.features === 'memory') hits += 1;
      if (prefetch) {
        const next = i + (i >= previous ? 1 : -1);
        if (next >= 0 && next < 20) await engine.prefetch(slices[next]!, `slice-${next}`);
      }
      previous = i;
    }
    rates[String(prefetch)] = hits / path.length;
    await engine.close();
  }
  await host.close();
  return {
    name: 'encoder cache hits scrolling 20 slices down, up, down',
    ours: `${(100 * rates.true!).toFixed(0)}% with next-slice prefetch`,
    baseline: `${(100 * rates.false!).toFixed(0)}% cache only`,
    ratio: rates.true! / Math.max(1e-9, rates.false!),
    note: 'hits = clicks whose encoder features were already in the host (no encoder wait)',
  };
}

export async function benchSegment(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'maskcue-bench-seg-'));
  try {
    return [...(await benchPerClick(dir)), ...(await benchGrowCut()), await benchScrolling(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
