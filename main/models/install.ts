// Installing a catalog model: download every file into a staging folder beside the models
// (`.<id>.download/`, kept between runs so an interrupted download resumes), unpack archives, check,
// write the manifest, then swap the folder into place with one rename — a half-installed model never
// appears under its id, and a reinstall replaces the old one only once the new one is complete.

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MaskcueError } from '../../common/api';
import { atomicWriteFile, syncDirectory } from '../workspace/atomic-write';
import type { CatalogEntry } from './catalog';
import { downloadFile, type DownloadProgress } from './download';
import { MANIFEST_NAME, readInstalled, type InstalledManifest } from './installed';
import { extractMember, listZip } from './zip';

export interface FetchProgress extends DownloadProgress {
  /** Index of the file in the entry, and how many there are. */
  file: number;
  files: number;
  path: string;
}

export interface FetchOptions {
  root: string;
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  /** Called on the complete staging folder before it is installed (the CLI loads it in the host). */
  check?: (folder: string, encoder: string, decoder: string) => Promise<{ family: string; provider: string } | void>;
  idleTimeoutMs?: number;
}

export interface FetchResult {
  folder: string;
  manifest: InstalledManifest;
  downloadedBytes: number;
  resumedBytes: number;
}

export function stagingFolder(root: string, id: string): string {
  return join(root, `.${id}.download`);
}

async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    () => false,
  );
}

export async function fetchModel(entry: CatalogEntry, options: FetchOptions): Promise<FetchResult> {
  const { root } = options;
  const folder = join(root, entry.id);
  if (readInstalled(root, entry.id) && !options.force) {
    throw new MaskcueError('INVALID_ARGUMENT', `${entry.id} is already installed in ${folder}. Use --force to download and install it again.`);
  }
  // A CLIP entry's "encoder" and "decoder" are its vision and text towers.
  const roles = entry.roles ?? (entry.clip ? { encoder: entry.clip.vision, decoder: entry.clip.text } : null);
  if (!roles) throw new MaskcueError('INVALID_ARGUMENT', `${entry.id} is not a model MaskCue can install yet (its catalog entry names no encoder/decoder).`);
  const staging = stagingFolder(root, entry.id);
  await fs.mkdir(staging, { recursive: true });

  const installedFiles: InstalledManifest['files'] = [];
  let downloadedBytes = 0;
  let resumedBytes = 0;
  for (const [index, file] of entry.files.entries()) {
    const target = join(staging, file.path);
    await fs.mkdir(dirname(target), { recursive: true });
    const outputs = file.extract ? file.extract.map((m) => join(staging, m.path)) : [target];
    const done = (await Promise.all(outputs.map(exists))).every(Boolean);
    if (!done) {
      if (!(await exists(target))) {
        const result = await downloadFile({
          url: file.url,
          target,
          expectedBytes: file.sizeBytes,
          sha256: file.sha256,
          signal: options.signal,
          idleTimeoutMs: options.idleTimeoutMs,
          onProgress: (p) => options.onProgress?.({ ...p, total: p.total ?? file.approxBytes, file: index, files: entry.files.length, path: file.path }),
        });
        downloadedBytes += result.bytes - result.resumedFrom;
        resumedBytes += result.resumedFrom;
      }
      if (file.extract) await unpack(target, file.extract, staging);
    }
    if (file.extract) {
      for (const member of file.extract) {
        const path = join(staging, member.path);
        installedFiles.push({ path: member.path, sizeBytes: (await fs.stat(path)).size, sha256: member.sha256 });
      }
      await fs.rm(target, { force: true });
    } else {
      installedFiles.push({ path: file.path, sizeBytes: (await fs.stat(target)).size, sha256: file.sha256 });
    }
  }

  let checked: { family: string; provider: string } | void = undefined;
  if (options.check) {
    try {
      checked = await options.check(staging, join(staging, roles.encoder), join(staging, roles.decoder));
    } catch (e) {
      // Files that do not load are not worth resuming: start over next time.
      await fs.rm(staging, { recursive: true, force: true });
      throw e;
    }
  }
  if (checked && checked.family !== entry.family) {
    await fs.rm(staging, { recursive: true, force: true });
    throw new MaskcueError('MODEL_LOAD_FAILED', `${entry.id} downloaded as a ${checked.family} export, but the catalog says ${entry.family}; it was not installed. Please report this catalog entry.`);
  }
  const manifest: InstalledManifest = {
    format: 1,
    id: entry.id,
    title: entry.title,
    task: entry.task,
    family: entry.family,
    source: 'catalog',
    encoder: roles.encoder,
    decoder: roles.decoder,
    ...(entry.task === 'classification' ? { modelRoot: '.' } : {}),
    files: installedFiles,
    licence: entry.licence,
    installedAt: new Date().toISOString(),
    checkedProvider: checked ? checked.provider : null,
  };
  await atomicWriteFile(join(staging, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  await swapInto(staging, folder);
  return { folder, manifest, downloadedBytes, resumedBytes };
}

/** Extracts the named members (exact name, else unique base name) next to their final paths. */
async function unpack(archive: string, members: NonNullable<CatalogEntry['files'][number]['extract']>, staging: string): Promise<void> {
  const entries = await listZip(archive);
  for (const spec of members) {
    const found =
      entries.find((e) => e.name === spec.member) ??
      (() => {
        const byBase = entries.filter((e) => basename(e.name) === basename(spec.member));
        return byBase.length === 1 ? byBase[0] : undefined;
      })();
    if (!found) {
      throw new MaskcueError(
        'MODEL_LOAD_FAILED',
        `The archive ${basename(archive)} has no ${spec.member} (it has ${entries.map((e) => e.name).join(', ') || 'nothing'}). The upstream archive changed: please report this catalog entry.`,
      );
    }
    const final = join(staging, spec.path);
    const temp = `${final}.unpacking`;
    await fs.mkdir(dirname(final), { recursive: true });
    const digest = await extractMember(archive, found, temp);
    if (spec.sha256 && digest !== spec.sha256) {
      await fs.rm(temp, { force: true });
      await fs.rm(archive, { force: true });
      throw new MaskcueError('MODEL_LOAD_FAILED', `${spec.member} in ${basename(archive)} has sha256 ${digest}, the catalog says ${spec.sha256}; the archive was deleted. Run the command again to download it afresh.`);
    }
    await fs.rename(temp, final);
  }
}

/** Moves `staging` to `folder` with renames only; an existing folder is replaced after the move. */
export async function swapInto(staging: string, folder: string): Promise<void> {
  let old: string | null = null;
  if (await exists(folder)) {
    old = join(dirname(folder), `.${basename(folder)}.old-${randomBytes(4).toString('hex')}`);
    await fs.rename(folder, old);
  }
  try {
    await fs.rename(staging, folder);
  } catch (e) {
    if (old) await fs.rename(old, folder).catch(() => undefined);
    throw e;
  }
  syncDirectory(dirname(folder));
  if (old) await fs.rm(old, { recursive: true, force: true });
}

/** Removes an installed model's folder (a user's folder registered in place is left alone). */
export async function removeModel(root: string, id: string): Promise<{ folder: string; referenced: boolean }> {
  const model = readInstalled(root, id);
  const staging = stagingFolder(root, id);
  if (!model) {
    if (await exists(staging)) {
      await fs.rm(staging, { recursive: true, force: true });
      return { folder: staging, referenced: false };
    }
    throw new MaskcueError('NOT_FOUND', `No model ${id} is installed in ${root}. \`maskcue models list\` shows what is.`);
  }
  const referenced = model.manifest.source === 'user' && model.manifest.files.some((f) => f.path.startsWith('/') || /^[a-zA-Z]:/.test(f.path));
  const trash = join(root, `.${id}.removing-${randomBytes(4).toString('hex')}`);
  // Rename first: the model disappears at once even if deleting its files takes a while.
  await fs.rename(model.folder, trash);
  await fs.rm(trash, { recursive: true, force: true });
  await fs.rm(staging, { recursive: true, force: true });
  return { folder: model.folder, referenced };
}
