// `models fetch` against a loopback HTTP server (127.0.0.1 only) serving generated tiny models: a
// normal install (zip and plain files, redirects, sha256), resume after a cut connection (Range), a
// server that ignores Range, a wrong checksum, a server that stops mid-file, a short file without
// Content-Length, a size that disagrees with the catalog, 404, a zip without the member, a file that
// is not a model; then remove. The installed model is opened and segments, end to end.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPair } from '../../main/cli/models-commands';
import { InferenceHost } from '../../main/inference/host-client';
import { catalogEntry, type CatalogEntry } from '../../main/models/catalog';
import { fetchModel, removeModel, stagingFolder, type FetchProgress } from '../../main/models/install';
import { readInstalled } from '../../main/models/installed';
import { listModels } from '../../main/models/registry';
import { createInlineCompute } from '../../main/segmentation/compute/compute';
import { openSegmentationEngine } from '../../main/segmentation/open-engine';
import { buildTinyFamily } from '../fixtures/onnx/sam2/families';
import { buildZip } from '../fixtures/onnx/zip-writer';
import { rejectionOf } from '../fixtures/maskcue-error';

interface Served {
  body: Uint8Array;
  /** Cut the connection after this many body bytes, for the next `cuts` requests. */
  cutAfter?: number;
  cuts?: number;
  ignoreRange?: boolean;
  noLength?: boolean;
  redirectTo?: string;
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: http.Server;
let base: string;
const routes = new Map<string, Served>();
const requests: { path: string; range: string | undefined }[] = [];
let root: string;
let host: InferenceHost;

const sam = buildTinyFamily('samexporter');
const samZip = buildZip([
  { name: 'sam2.1_hiera_tiny/sam2.1_hiera_tiny.encoder.onnx', data: sam.files[sam.encoder]!, deflate: true },
  { name: 'sam2.1_hiera_tiny/sam2.1_hiera_tiny.decoder.onnx', data: sam.files[sam.decoder]! },
]);
const oc = buildTinyFamily('onnx-community');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-fetch-'));
  host = new InferenceHost({ transport: 'child-process', providers: ['cpu'] });
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, range: req.headers.range });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end('not here');
      return;
    }
    if (route.redirectTo) {
      res.writeHead(302, { location: route.redirectTo }).end();
      return;
    }
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && !route.ignoreRange) {
      start = Number(m[1]);
      if (start >= route.body.length) {
        res.writeHead(416, { 'content-range': `bytes */${route.body.length}` }).end();
        return;
      }
    }
    const slice = route.body.subarray(start);
    const headers: Record<string, string | number> = route.noLength ? {} : { 'content-length': slice.length };
    if (start > 0) headers['content-range'] = `bytes ${start}-${route.body.length - 1}/${route.body.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (route.cutAfter !== undefined && (route.cuts ?? 0) > 0) {
      route.cuts = (route.cuts ?? 0) - 1;
      res.write(slice.subarray(0, Math.max(0, route.cutAfter - start)), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await host.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

function samexporterEntry(id: string, path: string, options: { sha?: string | null; size?: number | null; member?: string } = {}): CatalogEntry {
  return catalogEntry.parse({
    id,
    title: `Tiny ${id}`,
    task: 'segmentation',
    family: 'samexporter',
    licence: 'Apache-2.0',
    homepage: 'https://example.org/model',
    roles: { encoder: 'encoder.onnx', decoder: 'decoder.onnx' },
    files: [
      {
        path: 'model.zip',
        url: `${base}${path}`,
        sizeBytes: options.size === undefined ? samZip.length : options.size,
        approxBytes: samZip.length,
        sha256: options.sha === undefined ? sha(samZip) : options.sha,
        extract: [
          { member: options.member ?? 'sam2.1_hiera_tiny.encoder.onnx', path: 'encoder.onnx', sha256: sha(sam.files[sam.encoder]!) },
          { member: 'sam2.1_hiera_tiny.decoder.onnx', path: 'decoder.onnx', sha256: null },
        ],
      },
    ],
  });
}

const check = (_folder: string, encoder: string, decoder: string) => checkPair(host, encoder, decoder);

describe('models fetch over HTTP', () => {
  it('installs a zipped samexporter model: progress, redirect, sha256 of archive and member, load check, manifest', async () => {
    routes.set('/zips/tiny.zip', { body: samZip });
    routes.set('/resolve/tiny.zip', { body: new Uint8Array(), redirectTo: '/zips/tiny.zip' });
    const seen: FetchProgress[] = [];
    const result = await fetchModel(samexporterEntry('tiny-zip', '/resolve/tiny.zip'), { root, check, onProgress: (p) => seen.push(p) });
    expect(result.manifest).toMatchObject({ id: 'tiny-zip', family: 'samexporter', source: 'catalog', encoder: 'encoder.onnx', checkedProvider: 'cpu' });
    expect(seen.at(-1)).toMatchObject({ received: samZip.length, total: samZip.length, file: 0, files: 1 });
    expect(readdirSync(result.folder).sort()).toEqual(['decoder.onnx', 'encoder.onnx', 'maskcue-model.json']);
    expect(existsSync(stagingFolder(root, 'tiny-zip'))).toBe(false);
    const listed = listModels(root, 'cpu', [samexporterEntry('tiny-zip', '/resolve/tiny.zip')]).find((m) => m.id === 'tiny-zip');
    expect(listed).toMatchObject({ installed: true, family: 'samexporter', provider: 'cpu' });

    // It really works: open it and segment.
    const engine = await openSegmentationEngine('tiny-zip', { modelsDir: root, compute: createInlineCompute(), host });
    const out = await engine.segment({ image: { width: 40, height: 30, grey: new Uint8Array(1200).fill(90) }, cacheKey: 'k', prompts: { points: [{ x: 20, y: 15, label: 1 }] } });
    expect(out).toMatchObject({ engine: 'sam2', family: 'samexporter', provider: 'cpu' });
    expect(out.mask[15 * 40 + 20]).toBe(1);
    await engine.close();

    const again = await rejectionOf(fetchModel(samexporterEntry('tiny-zip', '/zips/tiny.zip'), { root }));
    expect(again.message).toMatch(/already installed .* --force/);
    const forced = await fetchModel(samexporterEntry('tiny-zip', '/zips/tiny.zip'), { root, force: true });
    expect(forced.manifest.id).toBe('tiny-zip');
  });

  it('resumes a cut download with a Range request, and restarts when the server ignores Range', async () => {
    routes.set('/cut.zip', { body: samZip, cutAfter: 1000, cuts: 1 });
    const first = await rejectionOf(fetchModel(samexporterEntry('tiny-resume', '/cut.zip'), { root }));
    expect(first.code).toBe('DISCONNECTED');
    expect(first.message).toMatch(new RegExp(`stopped at 1000 of ${samZip.length} bytes.*resumes from there`));
    const part = join(stagingFolder(root, 'tiny-resume'), 'model.zip.part');
    expect(statSync(part).size).toBe(1000);

    requests.length = 0;
    const seen: FetchProgress[] = [];
    const resumed = await fetchModel(samexporterEntry('tiny-resume', '/cut.zip'), { root, onProgress: (p) => seen.push(p) });
    expect(requests).toEqual([{ path: '/cut.zip', range: 'bytes=1000-' }]);
    expect(resumed.resumedBytes).toBe(1000);
    expect(resumed.downloadedBytes).toBe(samZip.length - 1000);
    expect(seen[0]).toMatchObject({ resumedFrom: 1000 });

    routes.set('/norange.zip', { body: samZip, cutAfter: 500, cuts: 1, ignoreRange: true });
    await rejectionOf(fetchModel(samexporterEntry('tiny-norange', '/norange.zip'), { root }));
    const restarted = await fetchModel(samexporterEntry('tiny-norange', '/norange.zip'), { root });
    expect(restarted.resumedBytes).toBe(0);
    expect(readInstalled(root, 'tiny-norange')).not.toBeNull();
  });

  it('deletes a download whose sha256 is wrong and says so', async () => {
    routes.set('/wrong.zip', { body: samZip });
    const e = await rejectionOf(fetchModel(samexporterEntry('tiny-wrong', '/wrong.zip', { sha: 'a'.repeat(64) }), { root }));
    expect(e.code).toBe('MODEL_LOAD_FAILED');
    expect(e.message).toContain(`its sha256 is ${sha(samZip)}, the catalog says ${'a'.repeat(64)}`);
    expect(existsSync(join(stagingFolder(root, 'tiny-wrong'), 'model.zip.part'))).toBe(false);
    expect(readInstalled(root, 'tiny-wrong')).toBeNull();
  });

  it('reports a server that stops mid-file, a short file without length, and a size that disagrees with the catalog', async () => {
    routes.set('/dies.zip', { body: samZip, cutAfter: 3000, cuts: 5 });
    const e = await rejectionOf(fetchModel(samexporterEntry('tiny-dies', '/dies.zip'), { root }));
    expect(e.message).toMatch(/stopped at 3000 of \d+ bytes/);

    // No Content-Length: only the catalog's size tells the file is short.
    routes.set('/short.zip', { body: samZip.subarray(0, 2000), noLength: true });
    const short = await rejectionOf(fetchModel(samexporterEntry('tiny-short', '/short.zip'), { root }));
    expect(short.message).toMatch(new RegExp(`stopped at 2000 of ${samZip.length} bytes: the server closed the connection`));

    routes.set('/other.zip', { body: samZip.subarray(0, 4000) });
    const size = await rejectionOf(fetchModel(samexporterEntry('tiny-other', '/other.zip'), { root }));
    expect(size.message).toMatch(/offers 4000 bytes .* catalog says \d+/);
  });

  it('explains 404, a zip without the expected member, and a file that is not a model', async () => {
    const missing = await rejectionOf(fetchModel(samexporterEntry('tiny-404', '/nope.zip'), { root }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain(`${base}/nope.zip (HTTP 404)`);

    routes.set('/odd.zip', { body: samZip });
    const member = await rejectionOf(fetchModel(samexporterEntry('tiny-member', '/odd.zip', { member: 'weights.onnx' }), { root }));
    expect(member.message).toMatch(/has no weights.onnx \(it has sam2.1_hiera_tiny\/sam2.1_hiera_tiny.encoder.onnx/);

    const junk = buildZip([
      { name: 'sam2.1_hiera_tiny.encoder.onnx', data: sam.files[sam.encoder]! },
      { name: 'sam2.1_hiera_tiny.decoder.onnx', data: Uint8Array.from({ length: 3000 }, (_, i) => (i * 31) % 251) },
    ]);
    routes.set('/junk.zip', { body: junk });
    const entry = catalogEntry.parse({ ...samexporterEntry('tiny-junk', '/junk.zip'), files: [{ ...samexporterEntry('tiny-junk', '/junk.zip').files[0]!, sizeBytes: junk.length, approxBytes: junk.length, sha256: null, extract: [{ member: 'sam2.1_hiera_tiny.encoder.onnx', path: 'encoder.onnx', sha256: null }, { member: 'sam2.1_hiera_tiny.decoder.onnx', path: 'decoder.onnx', sha256: null }] }] });
    const bad = await rejectionOf(fetchModel(entry, { root, check }));
    expect(bad.code).toBe('MODEL_LOAD_FAILED');
    expect(bad.message).toMatch(/decoder\.onnx/);
    expect(readInstalled(root, 'tiny-junk')).toBeNull();
    expect(existsSync(stagingFolder(root, 'tiny-junk'))).toBe(false);
  });

  it('installs plain files with external data (onnx-community), then removes the model', async () => {
    const files = Object.entries(oc.files).map(([path, body]) => {
      routes.set(`/oc/${path}`, { body });
      return { path: path.replace('onnx/', ''), url: `${base}/oc/${path}`, sizeBytes: body.length, approxBytes: body.length, sha256: sha(body) };
    });
    const entry = catalogEntry.parse({
      id: 'tiny-oc',
      title: 'Tiny onnx-community',
      task: 'segmentation',
      family: 'onnx-community',
      licence: 'Apache-2.0',
      homepage: 'https://example.org/oc',
      roles: { encoder: 'vision_encoder.onnx', decoder: 'prompt_encoder_mask_decoder.onnx' },
      files,
    });
    const result = await fetchModel(entry, { root, check });
    expect(result.manifest.checkedProvider).toBe('cpu');
    expect(readdirSync(result.folder).sort()).toEqual(['maskcue-model.json', 'prompt_encoder_mask_decoder.onnx', 'prompt_encoder_mask_decoder.onnx_data', 'vision_encoder.onnx', 'vision_encoder.onnx_data']);
    await removeModel(root, 'tiny-oc');
    expect(existsSync(result.folder)).toBe(false);
    expect((await rejectionOf(removeModel(root, 'tiny-oc'))).code).toBe('NOT_FOUND');
  });

  it('refuses a catalog entry whose install paths leave the model folder', () => {
    expect(() => samexporterEntry('x', '/x.zip', {})).not.toThrow();
    const escape = { ...samexporterEntry('x', '/x.zip'), roles: { encoder: '../evil.onnx', decoder: 'decoder.onnx' } };
    expect(() => catalogEntry.parse(escape)).toThrow(/relative path inside the model folder/);
    writeFileSync(join(root, 'placeholder'), '');
  });
});
