import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePart10 } from './dcmjs';
import { loadSourceInstance } from './load-source';

const dir = mkdtempSync(join(tmpdir(), 'maskcue-load-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSourceInstance', () => {
  it('reads the header and leaves the pixels out', async () => {
    const path = join(dir, 'image.dcm');
    writeFileSync(
      path,
      encodePart10({
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
        SOPInstanceUID: '1.2.826.0.1.3680043.8.498.1',
        StudyInstanceUID: '1.2.826.0.1.3680043.8.498.2',
        SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.3',
        PatientName: [{ Alphabetic: 'Test^Pat' }],
        Rows: 2,
        Columns: 2,
        BitsAllocated: 8,
        BitsStored: 8,
        HighBit: 7,
        PixelRepresentation: 0,
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        PixelData: [new Uint8Array([1, 2, 3, 4]).buffer],
        _vrMap: { PixelData: 'OB' },
      }),
    );
    const source = await loadSourceInstance(path);
    expect(source).toMatchObject({ path, SOPInstanceUID: '1.2.826.0.1.3680043.8.498.1', SOPClassUID: '1.2.840.10008.5.1.4.1.1.7' });
    expect(source.dataset.Rows).toBe(2);
    expect(source.dataset.PixelData).toBeUndefined();
  });

  it('says the file moved and to re-import when it is gone', async () => {
    await expect(loadSourceInstance(join(dir, 'gone.dcm'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/moved or deleted.*Re-import/) });
  });

  it('says a non-DICOM file is not readable', async () => {
    const path = join(dir, 'text.dcm');
    writeFileSync(path, 'not dicom at all');
    await expect(loadSourceInstance(path)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
