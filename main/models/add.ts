// `models add DIR`: registers a folder of the user's own SAM2 exports (or a CLIP model folder). Every .onnx file in it is
// loaded in the inference host (so what decides is what ORT reports, exactly as at segmentation
// time), the encoder/decoder pair is found by role and family (main/segmentation/sam2/detect.ts),
// and the model is either copied into the models folder (default: it then survives the user moving
// or editing their folder) or registered in place.

import { promises as fs, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import onnxProto from 'onnx-proto';
import { MaskcueError } from '../../common/api';
import type { InferenceHost } from '../inference/host-client';
import { openClipFeaturizer } from '../fewshot/clip/clip-featurizer';
import { detectClipFolder, type ClipFolder } from '../fewshot/clip/model-folder';
import { detectFamily, roleOf, type ModelIo } from '../segmentation/sam2/detect';
import { atomicWriteFile } from '../workspace/atomic-write';
import { loadCatalog } from './catalog';
import { swapInto } from './install';
import { MANIFEST_NAME, readInstalled, type InstalledManifest } from './installed';

const { onnx } = onnxProto;

export interface AddOptions {
  root: string;
  host: InferenceHost;
  id?: string;
  /** Register the files where they are instead of copying them. */
  inPlace?: boolean;
  title?: string;
}

export interface AddResult {
  manifest: InstalledManifest;
  folder: string;
  provider: string;
}

/** .onnx files in `dir` and one level of sub-folders (onnx-community keeps them in onnx/). */
function onnxFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string, depth: number): void => {
    for (const name of readdirSync(at).sort()) {
      const full = join(at, name);
      const st = statSync(full);
      if (st.isDirectory() && depth < 1 && !name.startsWith('.')) walk(full, depth + 1);
      else if (st.isFile() && name.toLowerCase().endsWith('.onnx')) out.push(full);
    }
  };
  walk(dir, 0);
  return out;
}

/**
 * External-data files a graph names (its `.onnx_data`), read from the graph itself. Graphs over 64 MB
 * keep their weights inside (protobuf's 2 GB limit is what makes exporters split), so only smaller
 * ones are parsed.
 */
export async function externalDataFiles(graphPath: string): Promise<string[]> {
  const { size } = await fs.stat(graphPath);
  if (size > 64 * 1024 * 1024) return [];
  const model = onnx.ModelProto.decode(await fs.readFile(graphPath));
  const locations = new Set<string>();
  for (const tensor of model.graph?.initializer ?? []) {
    for (const entry of tensor.externalData ?? []) if (entry.key === 'location' && entry.value) locations.add(entry.value);
  }
  return [...locations].map((l) => resolve(dirname(graphPath), l));
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '') || 'model';
}

export async function addModelFolder(dir: string, options: AddOptions): Promise<AddResult> {
  const source = resolve(dir);
  if (!statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
    throw new MaskcueError('NOT_FOUND', `${dir} is not a folder. Give the folder that holds the encoder and decoder .onnx files.`);
  }
  const files = onnxFiles(source);
  if (files.length < 2) throw new MaskcueError('INVALID_ARGUMENT', `${dir} has ${files.length} .onnx file(s); a SAM2 export needs an encoder and a decoder, a CLIP model a vision and a text tower.`);

  const ios = new Map<string, ModelIo>();
  let provider = 'cpu';
  for (const file of files) {
    try {
      const loaded = await options.host.load(file);
      provider = loaded.provider;
      ios.set(file, { inputs: loaded.inputs, outputs: loaded.outputs });
      await options.host.unload(loaded.sessionId);
    } catch (e) {
      throw new MaskcueError('MODEL_LOAD_FAILED', `${relative(source, file)} does not load: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const encoders = files.filter((f) => roleOf(ios.get(f)!) === 'encoder');
  const decoders = files.filter((f) => roleOf(ios.get(f)!) === 'decoder');
  let found: { encoder: string; decoder: string; family: string } | null = null;
  let lastError: unknown = null;
  for (const encoder of encoders) {
    for (const decoder of decoders) {
      try {
        found = { encoder, decoder, family: detectFamily(ios.get(encoder)!, ios.get(decoder)!).id };
        break;
      } catch (e) {
        lastError = e;
      }
    }
    if (found) break;
  }
  if (!found) {
    // Not SAM2: a CLIP model folder (its towers are checked by opening it as the classifier would)?
    const clip = clipFolderOrNull(source);
    if (clip) return addClipFolder(source, clip, options);
    if (lastError instanceof MaskcueError) throw lastError;
    const roles = files.map((f) => `${relative(source, f)}: ${roleOf(ios.get(f)!)}`).join(', ');
    throw new MaskcueError('MODEL_LOAD_FAILED', `No SAM2 encoder + decoder pair in ${dir} (${roles}), and no CLIP model layout. An encoder has one 4-D image input; a decoder takes the prompts.`);
  }
  const wanted = [found.encoder, found.decoder];
  for (const graph of [found.encoder, found.decoder]) {
    for (const data of await externalDataFiles(graph)) {
      if (!statSync(data, { throwIfNoEntry: false })?.isFile()) throw new MaskcueError('NOT_FOUND', `${relative(source, graph)} needs its weights file ${relative(source, data)}, which is missing.`);
      wanted.push(data);
    }
  }
  return register(source, wanted, { task: 'segmentation', family: found.family, encoder: found.encoder, decoder: found.decoder, modelRoot: null }, options, provider);
}

function clipFolderOrNull(source: string): ClipFolder | null {
  try {
    const clip = detectClipFolder(source);
    // A one-tower "separate" match is more likely some other pair of graphs (SAM2's vision_encoder.onnx).
    return clip.textPath === null && clip.layout === 'separate' ? null : clip;
  } catch {
    return null;
  }
}

async function addClipFolder(source: string, clip: ClipFolder, options: AddOptions): Promise<AddResult> {
  let provider: string;
  try {
    const featurizer = await openClipFeaturizer({ host: options.host, folder: source, modelId: 'adding', fingerprint: 'adding' });
    provider = featurizer.provider;
    await featurizer.close();
  } catch (e) {
    throw new MaskcueError('MODEL_LOAD_FAILED', `${source} looks like a CLIP model (${clip.layout}) but does not open: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Everything the loader reads: both towers (and their external data), tokenizer and configs.
  const wanted = [clip.visionPath, ...(clip.textPath ? [clip.textPath] : [])];
  for (const graph of [...wanted]) wanted.push(...(await externalDataFiles(graph)).filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile()));
  for (const extra of [clip.tokenizerPath, clip.tokenizerConfigPath, clip.preprocessPath, join(source, 'config.json')]) {
    if (extra && statSync(extra, { throwIfNoEntry: false })?.isFile()) wanted.push(extra);
  }
  return register(
    source,
    wanted,
    { task: 'classification', family: clip.layout, encoder: clip.visionPath, decoder: clip.textPath ?? clip.visionPath, modelRoot: source },
    options,
    provider,
  );
}

interface Registration {
  task: InstalledManifest['task'];
  family: string;
  encoder: string;
  decoder: string;
  /** Classification models: the folder whose layout the loader reads. */
  modelRoot: string | null;
}

/** Copies `wanted` (or names them in place) and writes the manifest, atomically. */
async function register(source: string, wanted: string[], what: Registration, options: AddOptions, provider: string): Promise<AddResult> {
  const id = options.id ?? `user-${slug(basename(source))}`;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) throw new MaskcueError('INVALID_ARGUMENT', `"${id}" cannot be a model id: use lower-case letters, digits, ".", "_" and "-".`);
  if (readInstalled(options.root, id)) throw new MaskcueError('INVALID_ARGUMENT', `A model ${id} is already installed. Choose another --id, or \`maskcue models remove ${id}\` first.`);
  if (loadCatalog().some((e) => e.id === id)) throw new MaskcueError('INVALID_ARGUMENT', `${id} is a catalog model's id; choose another --id.`);

  const folder = join(options.root, id);
  const staging = join(options.root, `.${id}.adding`);
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true });
  const manifestFiles: InstalledManifest['files'] = [];
  // Copied files keep their layout relative to the export folder (external data is found by a path
  // relative to its graph; a CLIP loader looks for onnx/, tokenizer.json... where they were).
  for (const file of wanted) {
    const rel = relative(source, file);
    if (options.inPlace) {
      manifestFiles.push({ path: file, sizeBytes: statSync(file).size, sha256: null });
    } else {
      await fs.mkdir(dirname(join(staging, rel)), { recursive: true });
      await fs.copyFile(file, join(staging, rel));
      manifestFiles.push({ path: rel, sizeBytes: statSync(file).size, sha256: null });
    }
  }
  const manifest: InstalledManifest = {
    format: 1,
    id,
    title: options.title ?? `${basename(source)} (${what.family} export)`,
    task: what.task,
    family: what.family,
    source: 'user',
    encoder: options.inPlace ? what.encoder : relative(source, what.encoder),
    decoder: options.inPlace ? what.decoder : relative(source, what.decoder),
    files: manifestFiles,
    licence: null,
    installedAt: new Date().toISOString(),
    checkedProvider: provider,
    ...(what.modelRoot !== null ? { modelRoot: options.inPlace ? what.modelRoot : '.' } : {}),
  };
  await atomicWriteFile(join(staging, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  await swapInto(staging, folder);
  return { manifest, folder, provider };
}
