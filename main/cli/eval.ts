// `maskcue eval --dataset DIR [--masks DIR] --engine radiomics|MODEL_ID [--model-dir DIR]
//   --shots 1,4,16 --seeds N [--focus overlay|blur-outside|dim-outside|crop] [--stage 1|2] [--json]`:
// the evaluation protocol of notes/method.md §6 on a folder of labelled images (one sub-folder per
// class), as a table or as JSON. Radiomics runs in this process; a CLIP model (installed, or a model
// folder given with --model-dir) runs in the inference host. Exit codes: 0 when it ran, 2 for bad
// arguments (options, a missing or malformed dataset folder, an unknown model), 1 for errors while
// running; the message goes to stderr.

import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { MaskcueError } from '../../common/api';
import { FOCUS_MODES, type FocusMode } from '../../common/domain';
import { readDataset, type Dataset } from '../fewshot/evaluation/dataset';
import { formatTable } from '../fewshot/evaluation/format-table';
import type { EmptyMaskPolicy } from '../fewshot/evaluation/load-item';
import { runEvaluation, type EvaluationReport } from '../fewshot/evaluation/protocol';
import { createRadiomicsFeaturizer } from '../fewshot/radiomics/featurizer';
import { DEFAULT_TEMPLATES } from '../fewshot/store/library';
import type { Featurizer } from '../fewshot/types';
import { InferenceHost } from '../inference/host-client';
import { fingerprintOf, readInstalled } from '../models/installed';
import { modelsDir } from '../paths';

export interface EvalCommandOptions {
  dataset: string;
  masks?: string;
  /** 'radiomics' or an installed CLIP model's id. */
  engine?: string;
  /** A CLIP model folder, used instead of an installed model. */
  modelDir?: string;
  shots?: number[];
  seeds?: number;
  focus?: FocusMode;
  stage?: 1 | 2;
  zeroShotInput?: 'focus' | 'full';
  emptyMasks?: EmptyMaskPolicy;
  template?: string[];
  json?: boolean;
}

export interface EvalIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Progress lines (stderr on a terminal by default). */
  progress?: (text: string) => void;
  /** Where installed models live (default: the user's models folder). */
  modelsDir?: string;
}

const defaultIo: EvalIo = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  progress: process.stderr.isTTY ? (text) => process.stderr.write(`\r${text}\u001b[K`) : undefined,
};

/** A featurizer and what closes it (and the host it needed). */
interface OpenedFeaturizer {
  featurizer: Featurizer;
  close: () => Promise<void>;
}

function folderStamp(folder: string): string {
  return readdirSync(folder)
    .sort()
    .map((name) => {
      const st = statSync(join(folder, name));
      return `${name}:${st.size}:${Math.round(st.mtimeMs)}`;
    })
    .join('|');
}

/** Resolves the engine before anything runs, so a wrong id is a bad argument (exit 2). */
function resolveEngine(options: EvalCommandOptions, io: EvalIo): { kind: 'radiomics' } | { kind: 'clip'; folder: string; modelId: string; fingerprint: string } {
  if (options.modelDir) {
    const folder = resolve(options.modelDir);
    let isDir: boolean;
    try {
      isDir = statSync(folder).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new MaskcueError('NOT_FOUND', `--model-dir ${folder} is not a folder. Point it at a CLIP model folder (ONNX files and tokenizer.json).`);
    const engine = options.engine && options.engine !== 'radiomics' ? options.engine : basename(folder);
    return { kind: 'clip', folder, modelId: engine, fingerprint: `dir:${folder}|${folderStamp(folder)}` };
  }
  const engine = options.engine ?? 'radiomics';
  if (engine === 'radiomics') return { kind: 'radiomics' };
  const root = io.modelsDir ?? modelsDir();
  const model = readInstalled(root, engine);
  if (!model) throw new MaskcueError('NOT_FOUND', `No model ${engine} is installed. \`maskcue models list\` shows what is; use --engine radiomics, or --model-dir DIR for a CLIP model folder.`);
  if (model.manifest.task !== 'classification') throw new MaskcueError('INVALID_ARGUMENT', `${engine} is a ${model.manifest.task} model; eval needs a CLIP (classification) model or radiomics.`);
  if (model.missing.length) throw new MaskcueError('MODEL_LOAD_FAILED', `${engine} is missing ${model.missing.join(', ')}. Reinstall it.`);
  return { kind: 'clip', folder: model.folder, modelId: engine, fingerprint: fingerprintOf(model) };
}

async function openFeaturizer(engine: ReturnType<typeof resolveEngine>): Promise<OpenedFeaturizer> {
  if (engine.kind === 'radiomics') {
    const featurizer = createRadiomicsFeaturizer();
    return { featurizer, close: () => featurizer.close() };
  }
  const host = new InferenceHost({ transport: 'child-process' });
  try {
    // Loaded on demand: radiomics runs never touch the CLIP code or ORT.
    const { openClipFeaturizer } = await import('../fewshot/clip/clip-featurizer');
    const featurizer = await openClipFeaturizer({ host, folder: engine.folder, modelId: engine.modelId, fingerprint: engine.fingerprint });
    return {
      featurizer,
      close: async () => {
        await featurizer.close();
        await host.close();
      },
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the command and returns its exit code; the report too, for in-process callers. */
export async function runEvalCommand(options: EvalCommandOptions, io: EvalIo = defaultIo): Promise<{ exitCode: number; report: EvaluationReport | null }> {
  let dataset: Dataset;
  let engine: ReturnType<typeof resolveEngine>;
  try {
    if (options.stage !== undefined && options.stage !== 1 && options.stage !== 2) throw new MaskcueError('INVALID_ARGUMENT', '--stage is 1 (prototypes) or 2 (learned prompt).');
    if (options.focus !== undefined && !FOCUS_MODES.includes(options.focus)) throw new MaskcueError('INVALID_ARGUMENT', `--focus is one of ${FOCUS_MODES.join(', ')}.`);
    const templates = options.template ?? [];
    const missing = templates.find((t) => !t.includes('{class}'));
    if (missing) throw new MaskcueError('INVALID_ARGUMENT', `The template "${missing}" has no {class} in it; write where the class name goes.`);
    dataset = readDataset(options.dataset, { masksDir: options.masks ?? null });
    engine = resolveEngine(options, io);
  } catch (error) {
    io.err(`maskcue: ${messageOf(error)}`);
    return { exitCode: error instanceof MaskcueError ? 2 : 1, report: null };
  }

  try {
    const opened = await openFeaturizer(engine);
    try {
      const report = await runEvaluation(opened.featurizer, dataset, {
        shots: options.shots ?? [1, 4, 16],
        seeds: options.seeds ?? 5,
        stage: options.stage ?? 2,
        focus: options.focus ?? 'overlay',
        templates: options.template?.length ? options.template : DEFAULT_TEMPLATES,
        zeroShotInput: options.zeroShotInput ?? 'focus',
        emptyMasks: options.emptyMasks ?? 'whole-image',
        onProgress: io.progress,
      });
      if (io.progress) io.progress('');
      io.out(options.json ? JSON.stringify(report, null, 2) : formatTable(report));
      return { exitCode: 0, report };
    } finally {
      await opened.close();
    }
  } catch (error) {
    io.err(`maskcue: ${messageOf(error)}`);
    return { exitCode: 1, report: null };
  }
}

function shotsOption(value: string): number[] {
  const shots = value.split(',').map((s) => Number(s.trim()));
  if (shots.length === 0 || shots.some((k) => !Number.isInteger(k) || k < 1)) throw new InvalidArgumentError('shots are whole numbers ≥ 1, comma-separated, e.g. 1,4,16');
  return shots;
}

function seedsOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('the number of seeds is a whole number ≥ 1');
  return n;
}

function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${allowed.join(', ')}`);
    return value as T;
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate few-shot classification on a folder of labelled images (one sub-folder per class): K exemplars per class, several seeds')
    .requiredOption('--dataset <dir>', 'one sub-folder of images (PNG, JPEG, DICOM) per class; masks as <name>_mask.png beside them, or in --masks')
    .option('--masks <dir>', 'masks (PNG, non-zero = inside) at the same relative paths as the images')
    .option('--engine <id>', 'radiomics, or an installed CLIP model id', 'radiomics')
    .option('--model-dir <dir>', 'a CLIP model folder to use instead of an installed model')
    .option('--shots <k,...>', 'exemplars per class to train on, comma-separated', shotsOption, [1, 4, 16])
    .option('--seeds <n>', 'how many random splits (seeds 0..n-1)', seedsOption, 5)
    .option('--focus <mode>', 'how CLIP sees the mask: overlay, blur-outside, dim-outside or crop', choice(FOCUS_MODES), 'overlay')
    .option('--stage <1|2>', '1 = class prototypes, 2 = learned prompt (TaskRes residual + fusion weight)', (v) => Number(choice(['1', '2'] as const)(v)) as 1 | 2, 2)
    .option('--zero-shot-input <view>', "the image the zero-shot row scores: focus or full", choice(['focus', 'full'] as const), 'focus')
    .option('--empty-masks <policy>', 'images whose masks are all zero: whole-image (use the whole image) or skip', choice(['whole-image', 'skip'] as const), 'whole-image')
    .option('--template <text>', 'a class prompt template with {class} (CLIP); repeat for more', collect)
    .option('--json', 'print the results as JSON')
    // Bad options exit 2 (commander has already printed why).
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async (options: EvalCommandOptions) => {
      const { exitCode } = await runEvalCommand(options);
      process.exitCode = exitCode;
    });
}
