// The dataset reader on folders written here: BUSI layout (masks beside, in a sibling folder, several
// per image), a --masks folder, images without masks, and the errors a user can run into.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeGreyPng } from '../../segmentation/image/png';
import { readDataset } from './dataset';
import { loadItem } from './load-item';

let root: string;

function png(path: string, width: number, height: number, fill: (x: number, y: number) => number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) grey[y * width + x] = fill(x, y);
  writeFileSync(path, encodeGreyPng(width, height, grey));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-dataset-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readDataset', () => {
  it('reads the BUSI layout: masks beside or in a sibling folder, _mask_N united, never taken as images', async () => {
    const d = join(root, 'busi');
    png(join(d, 'benign/images/benign (1).png'), 8, 6, () => 100);
    png(join(d, 'benign/mask/benign (1)_mask.png'), 8, 6, (x) => (x < 2 ? 255 : 0));
    png(join(d, 'benign/mask/benign (1)_mask_1.png'), 8, 6, (x) => (x >= 6 ? 1 : 0));
    png(join(d, 'malignant/m1.png'), 8, 6, () => 50);
    png(join(d, 'malignant/m1_mask.png'), 8, 6, (_, y) => (y === 0 ? 255 : 0));
    png(join(d, 'malignant/m2.png'), 8, 6, () => 60);
    writeFileSync(join(d, 'malignant/notes.txt'), 'not an image');
    const dataset = readDataset(d);
    expect(dataset.classes).toEqual(['benign', 'malignant']);
    expect(dataset.items.map((i) => [i.relPath, i.label, i.maskPaths.length])).toEqual([
      [join('benign', 'images', 'benign (1).png'), 0, 2],
      [join('malignant', 'm1.png'), 1, 1],
      [join('malignant', 'm2.png'), 1, 0],
    ]);
    expect(dataset.ignored).toEqual([join('malignant', 'notes.txt')]);

    const benign = await loadItem(dataset.items[0]!);
    expect(benign.mask).toBe('files');
    // Union of columns 0–1 and 6–7, all six rows.
    expect(benign.masked.mask.reduce((s, v) => s + v, 0)).toBe(4 * 6);
    const noMask = await loadItem(dataset.items[2]!);
    expect(noMask.mask).toBe('no-mask-file');
    expect(noMask.masked.mask.every((v) => v === 1)).toBe(true);
  });

  it('reads masks from --masks at the same relative path (same name, or .png for a JPEG/DICOM name)', async () => {
    const d = join(root, 'data');
    const m = join(root, 'masks');
    png(join(d, 'a/x.png'), 4, 4, () => 10);
    png(join(d, 'b/y.png'), 4, 4, () => 10);
    png(join(m, 'a/x.png'), 4, 4, (x, y) => (x === 1 && y === 1 ? 255 : 0));
    png(join(m, 'b/y.png'), 4, 4, () => 0);
    const dataset = readDataset(d, { masksDir: m });
    expect(dataset.items.map((i) => i.maskPaths)).toEqual([[join(m, 'a/x.png')], [join(m, 'b/y.png')]]);
    expect(Array.from((await loadItem(dataset.items[0]!)).masked.mask).filter((v) => v === 1)).toHaveLength(1);
    // An all-zero mask: whole image, recorded as such.
    expect((await loadItem(dataset.items[1]!)).mask).toBe('empty-mask');
  });

  it('explains a missing folder, fewer than two classes, an empty class and a mask of the wrong size', async () => {
    expect(() => readDataset(join(root, 'nope'))).toThrow(/does not exist or is not a folder/);
    png(join(root, 'one/only/a.png'), 4, 4, () => 0);
    expect(() => readDataset(join(root, 'one'))).toThrow(/has 1 class folder\(s\) \(only\); an evaluation needs at least two/);
    mkdirSync(join(root, 'one/empty'));
    expect(() => readDataset(join(root, 'one'))).toThrow(/empty hold no images/);
    png(join(root, 'one/empty/b.png'), 4, 4, () => 0);
    png(join(root, 'one/empty/b_mask.png'), 5, 4, () => 255);
    const dataset = readDataset(join(root, 'one'));
    await expect(loadItem(dataset.items.find((i) => i.relPath.endsWith('b.png'))!)).rejects.toThrow(/b_mask\.png is 5 × 4 but its image .*b\.png is 4 × 4/);
  });
});
