// `maskcue segment --image FILE [--frame N] [--window C,W] [--engine growcut|auto|MODEL_ID]
//   --click X,Y,+ --click X,Y,- --box X1,Y1,X2,Y2 [--out MASK.png] [--json]`: the app's segmentation
// from a terminal, one shot. X is the column and Y the row in image pixels, from 0. The image may be
// DICOM (windowed with --window, else its own window), PNG or JPEG; MASK.png is 0/255 at the image's
// size. The pixel work runs inline (this process is the CLI's own); SAM2 runs in the inference host.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { MaskcueError } from '../../common/api';
import { InferenceHost } from '../inference/host-client';
import { modelsDir } from '../paths';
import { createInlineCompute } from '../segmentation/compute/compute';
import { encodeGreyPng } from '../segmentation/image/png';
import { readImageFile } from '../segmentation/image/read-image';
import type { Voi } from '../segmentation/image/window';
import { openEngine } from '../segmentation/open-engine';
import type { BoxPrompt, PointPrompt } from '../segmentation/types';
import { atomicWriteFile } from '../workspace/atomic-write';
import { featureCacheDir } from './models-commands';

export interface SegmentCommandOptions {
  image: string;
  frame?: number;
  window?: Voi;
  engine?: string;
  click?: PointPrompt[];
  box?: BoxPrompt;
  out?: string;
  json?: boolean;
  alternative?: number;
  cache?: boolean;
}

function numbers(value: string, count: number, what: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  const out = parts.slice(0, count).map(Number);
  if (parts.length < count || out.some((n) => !Number.isFinite(n))) throw new InvalidArgumentError(`${what}`);
  return out;
}

/** commander collector for --click X,Y,+ (also X,Y,- or X,Y,1 / X,Y,0). */
export function clickOption(value: string, previous: PointPrompt[] = []): PointPrompt[] {
  const parts = value.split(',').map((p) => p.trim());
  const [x, y] = numbers(value, 2, 'a click is X,Y,+ (include) or X,Y,- (exclude), in image pixels');
  const sign = parts[2] ?? '+';
  const label = sign === '+' || sign === '1' ? 1 : sign === '-' || sign === '0' ? 0 : null;
  if (parts.length !== 3 || label === null) throw new InvalidArgumentError('a click is X,Y,+ (include) or X,Y,- (exclude), in image pixels');
  return [...previous, { x: x!, y: y!, label }];
}

export function boxOption(value: string): BoxPrompt {
  const [x1, y1, x2, y2] = numbers(value, 4, 'a box is X1,Y1,X2,Y2 in image pixels');
  return { x1: x1!, y1: y1!, x2: x2!, y2: y2! };
}

export function windowOption(value: string): Voi {
  const [center, width] = numbers(value, 2, 'a window is CENTER,WIDTH (e.g. 40,400)');
  if (width! <= 0) throw new InvalidArgumentError('the window width must be positive');
  return { center: center!, width: width! };
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number from 0');
  return n;
}

export async function segmentCommand(options: SegmentCommandOptions): Promise<void> {
  const points = options.click ?? [];
  if (points.length === 0 && !options.box) {
    throw new MaskcueError('INVALID_ARGUMENT', 'Nothing to segment from: give at least one --click X,Y,+ or a --box X1,Y1,X2,Y2.');
  }
  const read = await readImageFile(options.image, { frame: options.frame, voi: options.window ?? null });
  const { image } = read;
  // What the encoder saw: the instance (or the file's bytes), the frame and the window.
  const source = read.SOPInstanceUID ?? createHash('sha256').update(readFileSync(options.image)).digest('hex');
  const cacheKey = `${source}|${read.frame}|${read.voiDescription}`;

  const host = new InferenceHost({ transport: 'child-process' });
  const compute = createInlineCompute();
  try {
    const { engine, fallback } = await openEngine(options.engine ?? 'auto', {
      modelsDir: modelsDir(),
      compute,
      host,
      featureCacheDir: options.cache === false ? null : featureCacheDir(),
    });
    if (fallback) console.error(`maskcue: ${fallback}`);
    try {
      const result = await engine.segment({ image, cacheKey, prompts: { points, ...(options.box ? { box: options.box } : {}) }, alternative: options.alternative });
      const maskPixels = result.mask.reduce((n, v) => n + v, 0);
      if (options.out) {
        const png = encodeGreyPng(result.width, result.height, result.mask.map((v) => (v ? 255 : 0)));
        await atomicWriteFile(resolve(options.out), png);
      }
      for (const ignored of result.ignored) console.error(`maskcue: ${ignored.prompt} ${ignored.index + 1} ignored: ${ignored.reason}`);
      const summary = {
        engine: result.engine,
        modelId: result.modelId,
        family: result.family,
        provider: result.provider,
        fallback,
        image: { path: options.image, format: read.format, width: image.width, height: image.height, frame: read.frame, numberOfFrames: read.numberOfFrames, voi: read.voiDescription },
        prompts: { points, box: options.box ?? null },
        ignored: result.ignored,
        score: result.score,
        alternatives: result.alternatives,
        alternative: result.alternative,
        maskPixels,
        maskFraction: maskPixels / (image.width * image.height),
        out: options.out ? resolve(options.out) : null,
        features: result.features,
        times: result.times,
      };
      if (options.json) {
        console.log(JSON.stringify(summary, null, 2));
      } else {
        console.log(
          `${result.engine === 'sam2' ? `SAM2 ${result.modelId} (${result.family}) on ${result.provider}` : 'GrowCut (embedded)'}: ` +
            `${maskPixels} pixels (${(100 * summary.maskFraction).toFixed(1)}% of ${image.width} × ${image.height}), score ${result.score.toFixed(3)}, ` +
            `${result.times.totalMs.toFixed(0)} ms${options.out ? ` → ${options.out}` : ''}`,
        );
      }
    } finally {
      await engine.close();
    }
  } finally {
    await compute.close();
    await host.close();
  }
}

export function registerSegmentCommand(program: Command): void {
  program
    .command('segment')
    .description('outline a finding in one image from clicks and/or a box, and write the mask as a PNG')
    .requiredOption('--image <file>', 'DICOM, PNG or JPEG file')
    .option('--frame <n>', 'frame of a multi-frame DICOM, from 0 (default 0)', nonNegativeInt)
    .option('--window <c,w>', 'DICOM window CENTER,WIDTH the model sees (default: the file\'s own)', windowOption)
    .option('--engine <id>', 'growcut, auto (an installed SAM2 model, else GrowCut) or an installed model id', 'auto')
    .option('--click <x,y,±>', 'include (+) or exclude (-) click at column X, row Y; repeat for more', clickOption)
    .option('--box <x1,y1,x2,y2>', 'box around the finding', boxOption)
    .option('--alternative <k>', 'take the k-th candidate mask instead of the best (SAM2)', nonNegativeInt)
    .option('--out <mask.png>', 'write the mask (0/255, the image\'s size) here')
    .option('--no-cache', 'do not keep the encoder features on disk for the next run')
    .option('--json', 'print engine, family, provider, score and times as JSON')
    .action((options: SegmentCommandOptions) => segmentCommand(options));
}
