// The evaluation's dataset on disk: DIR/<class>/... with images (PNG, JPEG, DICOM; nested folders
// allowed, e.g. BUSI's <class>/images). Masks, where there are any, come from one of two layouts:
// - `--masks MDIR`: the same relative path under MDIR (the same file name, or with .png in place of
//   the image's extension), and/or `<name>_mask.png` / `<name>_mask_N.png` in the same relative folder;
// - beside the images (BUSI): `<name>_mask.png` / `<name>_mask_N.png` anywhere in the image's class
//   folder (its own folder first, then a unique match in the class, e.g. BUSI's <class>/mask).
// Several masks of one image are united. A file named like a mask is never an image. An image with
// no mask file is read with the whole image as its mask (recorded per item, and counted in the report).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { MaskcueError } from '../../../common/api';

export interface DatasetItem {
  /** Absolute path of the image. */
  path: string;
  /** Path relative to the dataset folder, for messages and reports. */
  relPath: string;
  label: number;
  /** Mask files to unite; empty = the whole image is the mask. */
  maskPaths: string[];
}

export interface Dataset {
  root: string;
  masksDir: string | null;
  classes: string[];
  items: DatasetItem[];
  /** Files in class folders that are neither images nor masks (skipped). */
  ignored: string[];
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.dcm', '.dicom', '.ima', '']);
const MASK_STEM = /^(.*)_mask(?:_\d+)?$/i;

function stemOf(path: string): string {
  const name = basename(path);
  const ext = extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...filesUnder(full));
    else if (st.isFile()) out.push(full);
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The mask files of one image under the --masks folder: same name, same name as .png, and _mask / _mask_N.png. */
function masksInMasksDir(masksDir: string, relPath: string): string[] {
  const folder = join(masksDir, dirname(relPath));
  const stem = stemOf(relPath);
  const candidates = [join(masksDir, relPath), join(folder, `${stem}.png`)].filter((p, i, all) => all.indexOf(p) === i && existsSync(p));
  if (isDirectory(folder)) {
    for (const name of readdirSync(folder).sort()) {
      const m = MASK_STEM.exec(stemOf(name));
      if (m && m[1] === stem && extname(name).toLowerCase() === '.png') candidates.push(join(folder, name));
    }
  }
  return candidates;
}

export function readDataset(dir: string, options: { masksDir?: string | null } = {}): Dataset {
  const root = resolve(dir);
  if (!isDirectory(root)) throw new MaskcueError('NOT_FOUND', `The dataset folder ${root} does not exist or is not a folder. Give --dataset a folder with one sub-folder of images per class.`);
  const masksDir = options.masksDir ? resolve(options.masksDir) : null;
  if (masksDir && !isDirectory(masksDir)) throw new MaskcueError('NOT_FOUND', `The masks folder ${masksDir} does not exist or is not a folder.`);
  const classes = readdirSync(root)
    .filter((name) => !name.startsWith('.') && isDirectory(join(root, name)) && (!masksDir || resolve(root, name) !== masksDir))
    .sort();
  if (classes.length < 2) {
    throw new MaskcueError('INVALID_ARGUMENT', `${root} has ${classes.length} class folder(s)${classes.length ? ` (${classes.join(', ')})` : ''}; an evaluation needs at least two: one sub-folder of images per class.`);
  }
  const items: DatasetItem[] = [];
  const ignored: string[] = [];
  classes.forEach((className, label) => {
    const files = filesUnder(join(root, className));
    const images: string[] = [];
    const masksByStem = new Map<string, string[]>();
    for (const file of files) {
      const ext = extname(file).toLowerCase();
      const mask = MASK_STEM.exec(stemOf(file));
      if (mask) {
        if (ext === '.png') masksByStem.set(mask[1]!, [...(masksByStem.get(mask[1]!) ?? []), file]);
        else ignored.push(relative(root, file));
      } else if (IMAGE_EXTENSIONS.has(ext)) {
        images.push(file);
      } else {
        ignored.push(relative(root, file));
      }
    }
    const stemCount = new Map<string, number>();
    for (const image of images) stemCount.set(stemOf(image), (stemCount.get(stemOf(image)) ?? 0) + 1);
    for (const image of images) {
      const relPath = relative(root, image);
      let maskPaths: string[];
      if (masksDir) {
        maskPaths = masksInMasksDir(masksDir, relPath);
      } else {
        const stem = stemOf(image);
        const all = masksByStem.get(stem) ?? [];
        const sameFolder = all.filter((m) => dirname(m) === dirname(image));
        maskPaths = sameFolder.length ? sameFolder : stemCount.get(stem) === 1 ? all : [];
      }
      items.push({ path: image, relPath, label, maskPaths: maskPaths.sort() });
    }
  });
  const empty = classes.filter((_, c) => !items.some((i) => i.label === c));
  if (empty.length) throw new MaskcueError('INVALID_ARGUMENT', `Class folder(s) ${empty.map((c) => join(root, c)).join(', ')} hold no images (PNG, JPEG or DICOM). Put images in every class folder, or remove the empty ones.`);
  return { root, masksDir, classes, items, ignored };
}
