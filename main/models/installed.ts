// What is installed: every model folder under modelsDir() holds a maskcue-model.json manifest,
// written last by `models fetch` / `models add` (so a folder without one is an interrupted install,
// ignored). A user's export can be registered in place (`models add DIR` without --copy): its
// manifest then names absolute paths and removing it never touches the user's files.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';

export const MANIFEST_NAME = 'maskcue-model.json';

export const installedManifest = z.object({
  format: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  title: z.string(),
  task: z.enum(['segmentation', 'classification']),
  family: z.string(),
  source: z.enum(['catalog', 'user']),
  /** Paths relative to the manifest's folder, or absolute for a user's folder registered in place. */
  encoder: z.string(),
  decoder: z.string(),
  files: z.array(z.object({ path: z.string(), sizeBytes: z.number().int().nonnegative(), sha256: z.string().nullable() })),
  licence: z.string().nullable(),
  installedAt: z.string(),
  /** The provider the load check after install ran on. */
  checkedProvider: z.string().nullable(),
  /**
   * Classification (CLIP) models: the model's own folder, whose layout the loader reads (tokenizer,
   * preprocessing config, onnx/...); relative to the manifest's folder, or absolute when registered in
   * place. encoder/decoder then name the vision and text towers.
   */
  modelRoot: z.string().optional(),
});

export type InstalledManifest = z.infer<typeof installedManifest>;

export interface InstalledModel {
  manifest: InstalledManifest;
  folder: string;
  encoderPath: string;
  decoderPath: string;
  sizeBytes: number;
  /** Files named by the manifest that are gone (a moved user folder). */
  missing: string[];
}

export function resolveIn(folder: string, path: string): string {
  return isAbsolute(path) ? path : join(folder, path);
}

export function readInstalled(root: string, id: string): InstalledModel | null {
  const folder = join(root, id);
  const path = join(folder, MANIFEST_NAME);
  if (!existsSync(path)) return null;
  let manifest: InstalledManifest;
  try {
    manifest = installedManifest.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
  const missing: string[] = [];
  let sizeBytes = 0;
  for (const file of manifest.files) {
    const full = resolveIn(folder, file.path);
    try {
      sizeBytes += statSync(full).size;
    } catch {
      missing.push(full);
    }
  }
  return { manifest, folder, encoderPath: resolveIn(folder, manifest.encoder), decoderPath: resolveIn(folder, manifest.decoder), sizeBytes, missing };
}

/** Where a classification model's files are laid out (see modelRoot). */
export function modelRootOf(model: InstalledModel): string {
  return resolveIn(model.folder, model.manifest.modelRoot ?? '.');
}

export function listInstalled(root: string): InstalledModel[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((n) => readInstalled(root, n))
    .filter((m): m is InstalledModel => m !== null);
}

/** Identifies the weights for cache keys: a replaced file changes size, date or checksum. */
export function fingerprintOf(model: InstalledModel): string {
  const parts = model.manifest.files.map((f) => {
    const full = resolveIn(model.folder, f.path);
    let stamp: string;
    try {
      const st = statSync(full);
      stamp = `${st.size}:${Math.round(st.mtimeMs)}`;
    } catch {
      stamp = 'missing';
    }
    return `${f.path}:${f.sha256 ?? stamp}`;
  });
  return `${model.manifest.installedAt}|${parts.join('|')}`;
}
