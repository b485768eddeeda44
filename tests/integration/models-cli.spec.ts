// `maskcue models add | list | fetch | remove` as a user runs them (from source through tsx, so no
// build is needed): a folder of tiny exports of each family is detected and registered (copied or in
// place), an unknown export is refused with the names found, fetch draws its progress on stderr
// from a loopback server named by MASKCUE_CATALOG, and remove leaves a user's own folder alone.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, valueInfo } from '../fixtures/onnx/builders';
import { TINY_FAMILIES, buildTinyFamily, writeTinyFamily } from '../fixtures/onnx/sam2/families';

let root: string;
let server: http.Server;
let base: string;

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/run.ts', ...args], {
    env: { ...process.env, MASKCUE_USER_DATA: join(root, 'user-data'), MASKCUE_PROVIDERS: 'cpu', ...extraEnv },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** Asynchronous, so this process's loopback server can answer the CLI while it runs. */
function cliAsync(args: string[], extraEnv: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/run.ts', ...args], {
    env: { ...process.env, MASKCUE_USER_DATA: join(root, 'user-data'), MASKCUE_PROVIDERS: 'cpu', ...extraEnv },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-models-cli-'));
  const sam = buildTinyFamily('samexporter');
  server = http.createServer((req, res) => {
    const body = req.url === '/enc.onnx' ? sam.files[sam.encoder]! : req.url === '/dec.onnx' ? sam.files[sam.decoder]! : null;
    if (!body) res.writeHead(404).end();
    else res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  writeFileSync(
    join(root, 'catalog.json'),
    JSON.stringify({
      version: 1,
      models: [
        {
          id: 'tiny-cli',
          title: 'Tiny CLI model',
          task: 'segmentation',
          family: 'samexporter',
          licence: 'Apache-2.0',
          homepage: 'https://example.org',
          roles: { encoder: 'enc.onnx', decoder: 'dec.onnx' },
          files: [
            { path: 'enc.onnx', url: `${base}/enc.onnx`, sizeBytes: sam.files[sam.encoder]!.length, approxBytes: 1000, sha256: sha(sam.files[sam.encoder]!) },
            { path: 'dec.onnx', url: `${base}/dec.onnx`, sizeBytes: sam.files[sam.decoder]!.length, approxBytes: 1000, sha256: sha(sam.files[sam.decoder]!) },
          ],
        },
      ],
    }),
  );
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('maskcue models add / list / remove', () => {
  it.each(TINY_FAMILIES)('adds a folder of %s exports, detecting the family', (family) => {
    const dir = join(root, 'exports', family);
    writeTinyFamily(dir, family);
    const result = cli(['models', 'add', dir, '--id', `mine-${family}`, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const parsed = JSON.parse(result.stdout) as { id: string; family: string; provider: string };
    expect(parsed).toMatchObject({ id: `mine-${family}`, family, provider: 'cpu' });
  });

  it('lists the added models with family, size and provider, and removes them', () => {
    const list = cli(['models', 'list', '--json', '--no-probe']);
    expect(list.status, list.stderr).toBe(0);
    const models = (JSON.parse(list.stdout) as { models: { id: string; family: string; installed: boolean; sizeBytes: number }[] }).models;
    for (const family of TINY_FAMILIES) {
      expect(models.find((m) => m.id === `mine-${family}`)).toMatchObject({ family, installed: true, sizeBytes: expect.any(Number) });
    }
    const table = cli(['models', 'list', '--no-probe']);
    expect(table.stdout).toMatch(/mine-rectlabel\s+segmentation\s+rectlabel/);
    expect(table.stdout).toMatch(/sam2.1-tiny-samexporter\s+segmentation\s+samexporter\s+[\d.]+ MB\s+no/);

    const removed = cli(['models', 'remove', 'mine-rectlabel']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(cli(['models', 'remove', 'mine-rectlabel']).stderr).toMatch(/No model mine-rectlabel is installed/);
  });

  it('registers in place and leaves the user folder alone on remove', () => {
    const dir = join(root, 'exports', 'in-place');
    writeTinyFamily(dir, 'ms-ort');
    const added = cli(['models', 'add', dir, '--in-place', '--json']);
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 'user-in-place', inPlace: true, family: 'ms-ort' });
    const removed = cli(['models', 'remove', 'user-in-place']);
    expect(removed.stdout).toMatch(/left untouched/);
    expect(existsSync(join(dir, 'sam2_hiera_tiny_image_decoder_multi.onnx'))).toBe(true);
  });

  it('refuses an export it does not know, naming what it found', () => {
    const dir = join(root, 'exports', 'unknown');
    mkdirSync(dir, { recursive: true });
    const { files, encoder } = buildTinyFamily('samexporter');
    writeFileSync(join(dir, 'enc.onnx'), files[encoder]!);
    writeFileSync(
      join(dir, 'dec.onnx'),
      buildModel({
        inputs: [valueInfo('embeddings', 'float32', [1, 3, 4, 4]), valueInfo('clicks', 'float32', ['n', 2]), valueInfo('click_kind', 'int64', ['n'])],
        outputs: [valueInfo('mask', 'float32', [1, 3, 4, 4])],
        nodes: [{ opType: 'Identity', input: ['embeddings'], output: ['mask'], name: 'id' }],
      }),
    );
    const result = cli(['models', 'add', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/not a SAM2 export MaskCue knows/);
    expect(result.stderr).toContain('click_kind int64 [n]');
    expect(result.stderr).toMatch(/Known families:[\s\S]*onnx-community/);
  });
});

describe('maskcue models fetch', () => {
  it('downloads from the catalog with a progress bar on stderr, checks and installs', async () => {
    const result = await cliAsync(['models', 'fetch', 'tiny-cli'], { MASKCUE_CATALOG: join(root, 'catalog.json') });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/enc\.onnx\s+\[█+\] 100%/);
    expect(result.stderr).toMatch(/\(2\/2\)/);
    expect(result.stdout).toMatch(/Installed tiny-cli \(samexporter\)/);
    expect(result.stdout).toMatch(/Loaded and checked on cpu/);
    const unknown = await cliAsync(['models', 'fetch', 'nope'], { MASKCUE_CATALOG: join(root, 'catalog.json') });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/No catalog model nope\. Known: tiny-cli/);
  });
});

describe('npm run test-models', () => {
  it('writes one folder per family and an index, which models add accepts', () => {
    const out = join(root, 'generated');
    const run = spawnSync(process.execPath, ['scripts/test-models.mjs', '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { models: { set: string; name: string; folder: string; files: string[] }[] };
    expect(index.models.filter((m) => m.set === 'sam2').map((m) => m.name)).toEqual([...TINY_FAMILIES]);
    expect(index.models.filter((m) => m.set === 'clip').map((m) => m.name)).toEqual(['transformers-js', 'separate']);
    for (const m of index.models) for (const f of m.files) expect(existsSync(join(m.folder, f))).toBe(true);
    const added = cli(['models', 'add', index.models[4]!.folder, '--id', 'generated-oc', '--json']);
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ family: 'onnx-community' });
  });
});
