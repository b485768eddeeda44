// `maskcue models fetch | add | remove` (list is models-list.ts): registered on the `models` command
// by index.ts. Each loads what it installs in the inference host before calling it installed, so a
// truncated or foreign file is reported now, not at the first click.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openClipFeaturizer } from '../fewshot/clip/clip-featurizer';
import { detectClipFolder } from '../fewshot/clip/model-folder';
import { MaskcueError } from '../../common/api';
import { InferenceHost } from '../inference/host-client';
import { addModelFolder } from '../models/add';
import { loadCatalog } from '../models/catalog';
import { fetchModel, removeModel } from '../models/install';
import { modelsDir, userDataDir } from '../paths';
import { detectFamily } from '../segmentation/sam2/detect';
import { createProgressReporter } from './models-progress';

/** Where the segment command keeps encoder features on disk, one folder per model. */
export function featureCacheDir(): string {
  return join(userDataDir(), 'cache', 'sam2-features');
}

async function withHost<T>(run: (host: InferenceHost) => Promise<T>): Promise<T> {
  const host = new InferenceHost({ transport: 'child-process' });
  try {
    return await run(host);
  } finally {
    await host.close();
  }
}

/** Loads an encoder/decoder pair and detects its family; MODEL_LOAD_FAILED says what is wrong. */
export async function checkPair(host: InferenceHost, encoder: string, decoder: string): Promise<{ family: string; provider: string }> {
  const enc = await host.load(encoder);
  const dec = await host.load(decoder).catch(async (e: unknown) => {
    await host.unload(enc.sessionId);
    throw e;
  });
  try {
    return { family: detectFamily(enc, dec).id, provider: dec.provider };
  } finally {
    await host.unload(enc.sessionId);
    await host.unload(dec.sessionId);
  }
}

/** Opens a CLIP folder as the classifier would (both towers, tokenizer, I/O checked). */
export async function checkClip(host: InferenceHost, folder: string): Promise<{ family: string; provider: string }> {
  const featurizer = await openClipFeaturizer({ host, folder, modelId: 'check', fingerprint: 'check' });
  await featurizer.close();
  return { family: detectClipFolder(folder).layout, provider: featurizer.provider };
}

export async function modelsFetch(id: string, options: { force?: boolean; check?: boolean; json?: boolean }): Promise<void> {
  const entry = loadCatalog().find((e) => e.id === id);
  if (!entry) {
    const ids = loadCatalog().map((e) => e.id).join(', ');
    throw new MaskcueError('NOT_FOUND', `No catalog model ${id}. Known: ${ids}. For your own export use \`maskcue models add DIR\`.`);
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = createProgressReporter();
  try {
    const result = await withHost((host) =>
      fetchModel(entry, {
        root: modelsDir(),
        force: options.force,
        signal: controller.signal,
        onProgress: (p) => progress.update(p),
        check:
          options.check === false
            ? undefined
            : entry.task === 'classification'
              ? (folder) => checkClip(host, folder)
              : (_folder, encoder, decoder) => checkPair(host, encoder, decoder),
      }),
    );
    progress.done();
    const summary = {
      id: entry.id,
      family: result.manifest.family,
      folder: result.folder,
      provider: result.manifest.checkedProvider,
      downloadedBytes: result.downloadedBytes,
      resumedBytes: result.resumedBytes,
      files: result.manifest.files,
      licence: entry.licence,
    };
    if (options.json) console.log(JSON.stringify(summary, null, 2));
    else {
      console.log(`Installed ${entry.id} (${result.manifest.family}) in ${result.folder}.`);
      if (result.manifest.checkedProvider) console.log(`Loaded and checked on ${result.manifest.checkedProvider}.`);
      console.log(`Licence: ${entry.licence}`);
    }
  } catch (e) {
    progress.done();
    if (controller.signal.aborted) process.exitCode = 130;
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export async function modelsAdd(dir: string, options: { id?: string; inPlace?: boolean; title?: string; json?: boolean }): Promise<void> {
  const result = await withHost((host) => addModelFolder(dir, { root: modelsDir(), host, id: options.id, inPlace: options.inPlace, title: options.title }));
  if (options.json) {
    console.log(JSON.stringify({ id: result.manifest.id, family: result.manifest.family, folder: result.folder, provider: result.provider, inPlace: Boolean(options.inPlace), encoder: result.manifest.encoder, decoder: result.manifest.decoder }, null, 2));
    return;
  }
  console.log(`Added ${result.manifest.id}: a ${result.manifest.family} export (encoder ${result.manifest.encoder}, decoder ${result.manifest.decoder}), checked on ${result.provider}.`);
  console.log(options.inPlace ? `Registered in place: keep ${dir} where it is.` : `Copied into ${result.folder}.`);
}

export async function modelsRemove(id: string, options: { json?: boolean }): Promise<void> {
  const result = await removeModel(modelsDir(), id);
  await rm(join(featureCacheDir(), id), { recursive: true, force: true });
  if (options.json) console.log(JSON.stringify({ id, removed: result.folder, userFilesKept: result.referenced }));
  else console.log(`Removed ${id}${result.referenced ? ' (your export folder itself was left untouched)' : ''}.`);
}

export function registerModelsCommands(models: Command): void {
  models
    .command('fetch')
    .description('download a catalog model (resumes an interrupted download; checks size and sha256; installs atomically)')
    .argument('<id>', 'catalog model id (see `maskcue models list`)')
    .option('--force', 'download and install again even if installed')
    .option('--no-check', 'do not load the model in the inference host before installing it')
    .option('--json', 'print the result as JSON')
    .action((id: string, options: { force?: boolean; check?: boolean; json?: boolean }) => modelsFetch(id, options));
  models
    .command('add')
    .description('register a folder of your own SAM2 ONNX exports (the family is detected from the graphs)')
    .argument('<dir>', 'folder with the encoder and decoder .onnx files')
    .option('--id <id>', 'model id (default: user-<folder name>)')
    .option('--title <title>', 'name shown in the app')
    .option('--in-place', 'use the files where they are instead of copying them into the models folder')
    .option('--json', 'print the result as JSON')
    .action((dir: string, options: { id?: string; inPlace?: boolean; title?: string; json?: boolean }) => modelsAdd(dir, options));
  models
    .command('remove')
    .description('uninstall a model (a folder registered in place is left untouched)')
    .argument('<id>', 'installed model id')
    .option('--json', 'print the result as JSON')
    .action((id: string, options: { json?: boolean }) => modelsRemove(id, options));
}
