import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AcceptRequest, BinaryMask } from '../../../common/domain';
import { makeTempDir, removeTempDirs } from '../../workspace/spec-helpers';
import { allRows } from '../../workspace/sqlite';
import { Workspace } from '../../workspace/workspace';
import { maskBlobPath } from './mask-blob';
import { SegmentStore } from './segment-store';

let ws: Workspace;
let store: SegmentStore;
const logged: string[] = [];

/** Indexes a 4 × 3 single-frame instance at `z` in series 1.2.3 (PixelSpacing 0.5 × 2 unless none). */
function index(SOPInstanceUID: string, z: number, spacing: [number, number] | null = [0.5, 2]): void {
  const geometry = JSON.stringify({ ImagePositionPatient: [0, 0, z], ImageOrientationPatient: [1, 0, 0, 0, 1, 0], ...(spacing ? { PixelSpacing: spacing } : {}) });
  ws.db.run(
    `INSERT INTO instances (SOPInstanceUID, SeriesInstanceUID, StudyInstanceUID, SOPClassUID, TransferSyntaxUID, InstanceNumber, NumberOfFrames, Rows, Columns, geometry, file_path, file_size, file_mtime_ms, copied, imported_at)
     VALUES (?, '1.2.3', '1.2', '1.2.840.10008.5.1.4.1.1.4', '1.2.840.10008.1.2.1', 1, 1, 3, 4, ?, '/nowhere.dcm', 0, NULL, 0, '2026-01-01T00:00:00Z')`,
    [SOPInstanceUID, geometry],
  );
}

const mask = (...bits: number[]): BinaryMask => ({ width: 4, height: 3, data: Uint8Array.from(bits) });
const ONE = mask(0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0);

function request(SOPInstanceUID: string, m: BinaryMask = ONE): AcceptRequest {
  return { target: { SOPInstanceUID, frame: 0 }, label: ' lesion ', mask: m, prompts: { points: [{ x: 1, y: 1, label: 1 }] }, engine: 'growcut', modelId: null };
}

const masksDir = () => path.join(ws.path, 'blobs', 'masks');

beforeEach(() => {
  ws = Workspace.open(makeTempDir());
  ws.db.run("INSERT INTO series (SeriesInstanceUID, StudyInstanceUID, Modality, SeriesDescription, BodyPartExamined) VALUES ('1.2.3', '1.2', 'MR', '', '')");
  index('1.2.3.1', 10);
  index('1.2.3.2', 0, null);
  store = new SegmentStore(ws, (m) => logged.push(m));
});

afterEach(() => {
  ws.close();
  removeTempDirs();
  logged.length = 0;
});

describe('SegmentStore', () => {
  it('saves the row and the deflated mask, lists by slice position, and gives the bytes back', async () => {
    const upper = await store.accept(request('1.2.3.1'));
    const lower = await store.accept(request('1.2.3.2', mask(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1)));
    expect(upper).toMatchObject({ label: 'lesion', SeriesInstanceUID: '1.2.3', StudyInstanceUID: '1.2', width: 4, height: 3, areaPx: 4, areaMm2: 4, modelId: null });
    expect(lower.areaMm2).toBeNull();
    expect(store.list('1.2.3').map((r) => r.id)).toEqual([lower.id, upper.id]);
    expect(await store.mask(upper.id)).toEqual(ONE);
    const row = allRows(ws.db, 'SELECT prompts_json, blob_path FROM segments WHERE id = ?', upper.id)[0]!;
    expect(row).toEqual({ prompts_json: '{"points":[{"x":1,"y":1,"label":1}]}', blob_path: `masks/${upper.id}.mask` });
    expect(fs.readdirSync(masksDir()).sort()).toEqual([`${lower.id}.mask`, `${upper.id}.mask`].sort());
  });

  it('removes the mask file when the row cannot be written', async () => {
    vi.spyOn(ws, 'audit').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    await expect(store.accept(request('1.2.3.1'))).rejects.toThrow('disk full');
    expect(allRows(ws.db, 'SELECT id FROM segments')).toEqual([]);
    expect(fs.readdirSync(masksDir())).toEqual([]);
  });

  it('sweeps mask files with no row (a crash between file and row) before the first save', async () => {
    const kept = await store.accept(request('1.2.3.1'));
    fs.writeFileSync(path.join(masksDir(), 'orphan.mask'), 'x');
    fs.writeFileSync(path.join(masksDir(), `.${kept.id}.mask.123.abcdefabcdef.tmp`), 'x');
    const next = new SegmentStore(ws, (m) => logged.push(m));
    await next.accept(request('1.2.3.2'));
    expect(fs.readdirSync(masksDir())).not.toContain('orphan.mask');
    expect(fs.readdirSync(masksDir())).toContain(`${kept.id}.mask`);
    expect(fs.readdirSync(masksDir()).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(logged.join('\n')).toMatch(/removed orphan\.mask/);
  });

  it('reports a damaged or missing mask file, and removes row then file', async () => {
    const a = await store.accept(request('1.2.3.1'));
    const file = ws.blobs.resolve(maskBlobPath(a.id));
    fs.writeFileSync(file, 'not zlib');
    await expect(store.mask(a.id)).rejects.toMatchObject({ code: 'WORKSPACE_CORRUPT', message: /damaged/ });
    fs.rmSync(file);
    await expect(store.mask(a.id)).rejects.toMatchObject({ code: 'NOT_FOUND', message: /missing/ });
    expect(await store.remove(a.id)).toEqual({ removed: true });
    expect(store.list('1.2.3')).toEqual([]);
    expect(await store.remove(a.id)).toEqual({ removed: false });
  });

  it('checks the instance, the frame and the mask before writing anything', async () => {
    await expect(store.accept(request('9.9'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.accept({ ...request('1.2.3.1'), target: { SOPInstanceUID: '1.2.3.1', frame: 1 } })).rejects.toMatchObject({ code: 'NOT_FOUND', message: /1 frame/ });
    await expect(store.accept(request('1.2.3.1', { width: 3, height: 4, data: new Uint8Array(12) }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.accept(request('1.2.3.1', mask(0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))).rejects.toMatchObject({ message: /pixel 1 is 2/ });
    await expect(store.accept({ ...request('1.2.3.1'), label: '   ' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(allRows(ws.db, 'SELECT id FROM segments')).toEqual([]);
    expect(fs.existsSync(masksDir()) ? fs.readdirSync(masksDir()) : []).toEqual([]);
    expect(() => store.list('7.7')).toThrow(/No series 7\.7/);
  });
});
