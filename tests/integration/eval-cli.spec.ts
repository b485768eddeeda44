// `maskcue eval` end to end: in-process on generated datasets (radiomics on bright vs dark lesions;
// the tiny CLIP fixture through the inference host with --model-dir, where only the focus view can
// see the class), one spawned run for the exit codes of bad arguments, and the real BUSI subset in
// ../shared/data with radiomics (skipped when that folder is absent), whose table is logged.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvalCommand, type EvalCommandOptions } from '../../main/cli/eval';
import type { EvaluationReport } from '../../main/fewshot/evaluation/protocol';
import { encodeGreyPng } from '../../main/segmentation/image/png';
import { synthFocusDataset, writeTinyClip } from '../fixtures/onnx/clip/tiny-clip';

const BUSI = resolve('../shared/data/busi');
let root: string;

async function run(options: EvalCommandOptions): Promise<{ exitCode: number; out: string; err: string; report: EvaluationReport | null }> {
  let out = '';
  let err = '';
  const result = await runEvalCommand(options, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), modelsDir: join(root, 'no-models') });
  return { ...result, out, err };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-eval-cli-'));
  // Bright vs dark lesions of varying size and position on a textured background, 12 per class.
  let state = 7;
  const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const [name, level] of [['bright', 190], ['dark', 70]] as const) {
    mkdirSync(join(root, 'lesions', name, 'images'), { recursive: true });
    mkdirSync(join(root, 'lesions', name, 'masks'), { recursive: true });
    for (let k = 0; k < 12; k += 1) {
      const w = 64 + Math.floor(rand() * 32);
      const h = 64;
      const cx = 20 + rand() * (w - 40);
      const cy = 20 + rand() * (h - 40);
      const r = 8 + rand() * 8;
      const grey = new Uint8Array(w * h);
      const mask = new Uint8Array(w * h);
      for (let y = 0; y < h; y += 1) {
        for (let x = 0; x < w; x += 1) {
          const inside = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
          const value = (inside ? level : 128 + 20 * Math.sin(x / 3)) + (rand() - 0.5) * 50;
          grey[y * w + x] = Math.max(0, Math.min(255, Math.round(value)));
          mask[y * w + x] = inside ? 255 : 0;
        }
      }
      writeFileSync(join(root, 'lesions', name, 'images', `${name}${k}.png`), encodeGreyPng(w, h, grey));
      writeFileSync(join(root, 'lesions', name, 'masks', `${name}${k}_mask.png`), encodeGreyPng(w, h, mask));
    }
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('maskcue eval', () => {
  it('radiomics on bright vs dark lesions: the JSON shape, and accuracy well above chance', async () => {
    const { exitCode, out, err } = await run({ dataset: join(root, 'lesions'), engine: 'radiomics', shots: [1, 4], seeds: 3, json: true });
    expect(exitCode, err).toBe(0);
    const json = JSON.parse(out) as EvaluationReport;
    expect(json.classes).toEqual(['bright', 'dark']);
    expect(json.dataset.maskSources).toEqual({ files: 24, noMaskFile: 0, emptyMask: 0 });
    expect(json.results).toHaveLength(2);
    for (const row of json.results) {
      expect(Object.keys(row)).toEqual(['engine', 'view', 'shots', 'seeds', 'accuracy', 'balancedAccuracy', 'macroF1', 'confusion']);
      expect(row).toMatchObject({ engine: 'radiomics', view: 'mask', seeds: 3 });
      for (const key of ['accuracy', 'balancedAccuracy', 'macroF1'] as const) expect(Object.keys(row[key])).toEqual(['mean', 'std']);
      expect(row.confusion.flat().reduce((a, b) => a + b, 0)).toBe(3 * (24 - 2 * row.shots));
    }
    const k4 = json.results.find((r) => r.shots === 4)!;
    console.log(`radiomics, bright vs dark: K=1 ${json.results[0]!.accuracy.mean.toFixed(3)}, K=4 ${k4.accuracy.mean.toFixed(3)} ± ${k4.accuracy.std.toFixed(3)}`);
    expect(k4.accuracy.mean).toBeGreaterThan(0.85);

    const table = await run({ dataset: join(root, 'lesions'), shots: [4], seeds: 2, stage: 1 });
    expect(table.exitCode).toBe(0);
    expect(table.out).toMatch(/radiomics\s+mask\s+4\s+2/);
    expect(table.out).toMatch(/confusion \(rows true, columns predicted\)/);
  });

  it('a CLIP model folder (--model-dir, tiny CLIP): all four views, and the focus view beats the full image', async () => {
    const model = join(root, 'tiny-clip');
    writeTinyClip(model, 'transformers.js');
    const data = join(root, 'stripes');
    const items = synthFocusDataset(40, 3);
    items.forEach((item, i) => {
      const name = item.label === 0 ? 'horizontal' : 'vertical';
      mkdirSync(join(data, name), { recursive: true });
      const { width, height, rgb } = item.image;
      const grey = new Uint8Array(width * height);
      for (let p = 0; p < grey.length; p += 1) grey[p] = rgb[3 * p]!;
      writeFileSync(join(data, name, `${i}.png`), encodeGreyPng(width, height, grey));
      writeFileSync(join(data, name, `${i}_mask.png`), encodeGreyPng(width, height, item.mask.map((v) => (v ? 255 : 0))));
    });
    const { exitCode, out, err } = await run({ dataset: data, modelDir: model, shots: [4], seeds: 2, json: true, template: ['a {class} lesion', '{class} stripes'] });
    expect(exitCode, err).toBe(0);
    const json = JSON.parse(out) as EvaluationReport;
    expect(json.results.map((r) => r.view)).toEqual(['zero-shot', 'full', 'focus', 'fused']);
    expect(json.results.every((r) => r.engine === 'tiny-clip')).toBe(true);
    const acc = Object.fromEntries(json.results.map((r) => [r.view, r.accuracy.mean]));
    console.log(`tiny CLIP, K=4, 2 seeds: ${JSON.stringify(acc)}`);
    expect(acc.focus).toBeGreaterThan(acc.full! + 0.2);
    expect(acc['zero-shot']).toBeGreaterThan(0.7);
  });

  it('says what is wrong: a missing folder, one class, an unknown model', async () => {
    const missing = await run({ dataset: join(root, 'nope') });
    expect(missing.exitCode).toBe(2);
    expect(missing.err).toMatch(/maskcue: The dataset folder .*nope does not exist/);
    const one = join(root, 'one-class');
    mkdirSync(join(one, 'a'), { recursive: true });
    writeFileSync(join(one, 'a', 'x.png'), encodeGreyPng(2, 2, new Uint8Array(4)));
    expect((await run({ dataset: one })).err).toMatch(/an evaluation needs at least two/);
    const model = await run({ dataset: join(root, 'lesions'), engine: 'no-such-clip' });
    expect(model.exitCode).toBe(2);
    expect(model.err).toMatch(/No model no-such-clip is installed/);
  });

  it('as a user runs it: exit 2 for a bad option, 0 with JSON on stdout', () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/run.ts', 'eval', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, MASKCUE_USER_DATA: join(root, 'user-data') } });
    const bad = cli(['--dataset', join(root, 'lesions'), '--shots', '0,4']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/shots are whole numbers ≥ 1/);
    const ok = cli(['--dataset', join(root, 'lesions'), '--shots', '2', '--seeds', '1', '--stage', '1', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as EvaluationReport).results[0]!.shots).toBe(2);
  });

  it.skipIf(!existsSync(BUSI))('BUSI (../shared/data/busi), radiomics, K = 1, 4, 16, 5 seeds', async () => {
    const { exitCode, out, err, report } = await run({ dataset: BUSI, engine: 'radiomics', shots: [1, 4, 16], seeds: 5 });
    expect(exitCode, err).toBe(0);
    console.log(`BUSI, radiomics:\n${out}`);
    expect(report!.classes).toEqual(['benign', 'malignant', 'normal']);
    expect(report!.results.map((r) => r.shots)).toEqual([1, 4, 16]);
    // Three classes: chance is 1/3. The figures are logged, not asserted beyond "it learned something".
    expect(report!.results.at(-1)!.balancedAccuracy.mean).toBeGreaterThan(1 / 3);
  });
});
if (!existsSync(BUSI)) console.log(`eval-cli: ${BUSI} is absent, so the BUSI evaluation is skipped.`);
