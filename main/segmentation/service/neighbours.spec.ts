import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../../workspace/spec-helpers';
import { Workspace } from '../../workspace/workspace';
import { NeighbourPrefetch } from './neighbours';
import { RecordingEngine, greyFrame } from './spec-support';

let ws: Workspace;
const decoded: string[] = [];

function index(SOPInstanceUID: string, z: number, frames = 1): void {
  ws.db.run(
    `INSERT INTO instances (SOPInstanceUID, SeriesInstanceUID, StudyInstanceUID, SOPClassUID, TransferSyntaxUID, InstanceNumber, NumberOfFrames, Rows, Columns, geometry, file_path, file_size, file_mtime_ms, copied, imported_at)
     VALUES (?, ?, '1.2', '1.2.840.10008.5.1.4.1.1.4', '1.2.840.10008.1.2.1', 1, ?, 8, 8, ?, '/x.dcm', 0, NULL, 0, '2026-01-01T00:00:00Z')`,
    [SOPInstanceUID, frames > 1 ? '1.9' : '1.3', frames, JSON.stringify({ ImagePositionPatient: [0, 0, z], ImageOrientationPatient: [1, 0, 0, 0, 1, 0] })],
  );
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function prefetcher() {
  return new NeighbourPrefetch(
    () => ws.db,
    async (uid, frame) => {
      decoded.push(`${uid}#${frame}`);
      return greyFrame(uid, 8, 8, () => 100, frame);
    },
    () => {},
  );
}

beforeEach(() => {
  ws = Workspace.open(makeTempDir());
  // Inserted out of order: the series order is by position.
  for (const [uid, z] of [['1.3.3', 3], ['1.3.1', 1], ['1.3.2', 2]] as const) index(uid, z);
  index('1.9.1', 0, 5);
});

afterEach(() => {
  ws.close();
  removeTempDirs();
  decoded.length = 0;
});

describe('NeighbourPrefetch', () => {
  it('encodes the slices on either side, in the window the reader uses, once per slice and window', async () => {
    const engine = new RecordingEngine('sam2');
    const ahead = prefetcher();
    ahead.schedule(engine, { SOPInstanceUID: '1.3.2', frame: 0 }, { center: 50, width: 100 });
    ahead.schedule(engine, { SOPInstanceUID: '1.3.2', frame: 0 }, { center: 50, width: 100 });
    await settle();
    expect(engine.prefetched.sort()).toEqual(['1.3.1:0:window 50/100:tiny-sam', '1.3.3:0:window 50/100:tiny-sam']);
    expect(engine.cancelled).toBe(1);

    ahead.schedule(engine, { SOPInstanceUID: '1.3.1', frame: 0 }, null);
    await settle();
    expect(engine.prefetched.at(-1)).toBe('1.3.2:0:window 127.5/256:tiny-sam');
    expect(engine.cancelled).toBe(2);
  });

  it('uses the neighbouring frames of a multi-frame instance', async () => {
    const engine = new RecordingEngine('sam2');
    prefetcher().schedule(engine, { SOPInstanceUID: '1.9.1', frame: 4 }, null);
    await settle();
    expect(decoded).toEqual(['1.9.1#3']);
  });

  it('does nothing for GrowCut, or once stopped', async () => {
    const ahead = prefetcher();
    ahead.schedule(new RecordingEngine('growcut'), { SOPInstanceUID: '1.3.2', frame: 0 }, null);
    ahead.stop();
    ahead.schedule(new RecordingEngine('sam2'), { SOPInstanceUID: '1.3.2', frame: 0 }, null);
    await settle();
    expect(decoded).toEqual([]);
  });
});
