// Reading other tools' SEGs: pydicom-data's liver SEG (3D Slicer) in every encoding MaskCue reads, and
// Orthanc's 96-frame brain-tumour SEG. Skipped when ../shared/data is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeg } from './seg-reader';

const data = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'dicom');
const present = existsSync(data);
if (!present) console.warn(`seg-reader.spec: ${data} is absent; the real-SEG cases are skipped.`);

describe.skipIf(!present)('readSeg on other tools’ SEGs', () => {
  const liver = (name: string) => readSeg(readFileSync(join(data, 'pydicom-data', name)));

  it('reads the liver SEG the same from every uncompressed and deflated encoding', () => {
    const reference = liver('liver.dcm');
    expect(reference.segments).toEqual([{ segmentNumber: 1, label: 'Liver' }]);
    expect(reference.frames).toHaveLength(3);
    expect(reference.frames.map((f) => f.mask.reduce((n, v) => n + v, 0))).toEqual([36233, 35645, 35220]);
    for (const name of ['liver_expb.dcm', 'liver_deflate.dcm']) {
      const other = liver(name);
      expect(other.frames.map((f) => f.SOPInstanceUID)).toEqual(reference.frames.map((f) => f.SOPInstanceUID));
      other.frames.forEach((f, i) => expect(Buffer.from(f.mask).equals(Buffer.from(reference.frames[i]!.mask))).toBe(true));
    }
  });

  it('unpacks frames that start mid-byte: the 510×510 variant is the 512×512 one cropped', () => {
    // 510² = 260100 bits per frame, not a multiple of 8: frame 2 starts at bit 4 of a byte.
    const reference = liver('liver.dcm');
    for (const name of ['liver_nonbyte_aligned.dcm', 'liver_nonbyte_aligned_deflate.dcm']) {
      const cropped = liver(name);
      expect(cropped.frames[0]).toMatchObject({ width: 510, height: 510 });
      cropped.frames.forEach((f, i) => {
        let differing = 0;
        for (let y = 0; y < 510; y += 1) for (let x = 0; x < 510; x += 1) if (f.mask[y * 510 + x] !== reference.frames[i]!.mask[y * 512 + x]) differing += 1;
        expect(differing).toBe(0);
      });
    }
  });

  it('refuses RLE and JPEG 2000 SEGs with how to convert them', () => {
    expect(() => liver('liver_rle.dcm')).toThrow(/compressed.*dcmconv/);
    expect(() => liver('liver_j2k.dcm')).toThrow(/compressed/);
  });

  it("reads Orthanc's 96-frame, 3-segment SEG with its source references", () => {
    const seg = readSeg(readFileSync(join(data, 'orthanc', 'DicomSeg.dcm')));
    expect(seg.segments.map((s) => s.label)).toEqual(['Necrosis', 'Edema', 'Enhancing Lesion']);
    expect(seg.frames).toHaveLength(96);
    expect(new Set(seg.frames.map((f) => f.segmentNumber))).toEqual(new Set([1, 2, 3]));
    expect(seg.frames.every((f) => f.SOPInstanceUID.startsWith('1.3.6.1.4.1.14519'))).toBe(true);
    expect(seg.frames.some((f) => f.mask.some((v) => v === 1))).toBe(true);
    expect(seg.frames[0]).toMatchObject({ width: 256, height: 256 });
  });

  it('refuses files that are not SEGs', () => {
    expect(() => readSeg(readFileSync(join(data, 'pydicom', 'CT_small.dcm')))).toThrow(/Not a DICOM Segmentation/);
  });
});
