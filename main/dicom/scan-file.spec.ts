// Header scan, file by file: what is accepted, and the reason for everything that is not. Files are
// built byte by byte (spec-dicom.ts) so each malformation is deliberate and visible here.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TransferSyntax } from '../../common/dicom/uids';
import { MemoryByteSource, type ByteSource } from './file-source';
import { readHeader } from './read-header';
import * as reasons from './reasons';
import { scanSource, type ScanOutcome } from './scan-file';
import {
  AXIAL,
  concat,
  ctSlice,
  EXPLICIT_BE,
  EXPLICIT_LE,
  IMPLICIT_LE,
  metaGroup,
  part10,
  writeDataSet,
  type SpecElement,
} from './spec-dicom';

/** Counts what the scan reads, to prove header-only reading. */
class CountingSource extends MemoryByteSource {
  bytesRead = 0;
  override async read(position: number, length: number): Promise<Uint8Array> {
    const bytes = await super.read(position, length);
    this.bytesRead += bytes.length;
    return bytes;
  }
}

const scan = (bytes: Uint8Array, name = 'file.dcm'): Promise<ScanOutcome> => scanSource(new MemoryByteSource(name, bytes));

function instance(outcome: ScanOutcome) {
  if (outcome.kind !== 'instance') throw new Error(`expected an instance, got ${JSON.stringify(outcome)}`);
  return outcome.attributes;
}

function reasonOf(outcome: ScanOutcome): string {
  if (outcome.kind !== 'failed') throw new Error(`expected a failure, got ${outcome.kind}`);
  return outcome.reason;
}

const slice = ctSlice({ sop: '1.2.3.100', instanceNumber: 7, position: [1, 2, -42.5], orientation: AXIAL, rows: 8, columns: 6 });

describe('header scan: encodings', () => {
  it.each([
    ['Explicit VR Little Endian', TransferSyntax.ExplicitVRLittleEndian],
    ['Implicit VR Little Endian', TransferSyntax.ImplicitVRLittleEndian],
    ['Explicit VR Big Endian', TransferSyntax.ExplicitVRBigEndian],
  ])('reads a Part 10 file in %s', async (_name, transferSyntax) => {
    const a = instance(await scan(part10(slice, { transferSyntax })));
    expect(a).toMatchObject({
      SOPInstanceUID: '1.2.3.100',
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
      StudyInstanceUID: '1.2.826.0.1.1',
      SeriesInstanceUID: '1.2.826.0.1.1.1',
      TransferSyntaxUID: transferSyntax,
      PatientName: 'Test^Patient',
      Modality: 'CT',
      SeriesNumber: 3,
      InstanceNumber: 7,
      NumberOfFrames: 1,
      Rows: 8,
      Columns: 6,
      ImagePositionPatient: [1, 2, -42.5],
      ImageOrientationPatient: AXIAL,
    });
  });

  it.each([
    ['implicit VR', IMPLICIT_LE, TransferSyntax.ImplicitVRLittleEndian],
    ['explicit VR little endian', EXPLICIT_LE, TransferSyntax.ExplicitVRLittleEndian],
    ['explicit VR big endian', EXPLICIT_BE, TransferSyntax.ExplicitVRBigEndian],
  ])('accepts a bare %s data set (no preamble, no meta header)', async (_name, encoding, transferSyntax) => {
    const a = instance(await scan(writeDataSet(slice, encoding)));
    expect(a.TransferSyntaxUID).toBe(transferSyntax);
    expect(a.Rows).toBe(8);
  });

  it('accepts a meta header at byte 0 without preamble when the data set is explicit little endian', async () => {
    const bytes = concat(metaGroup(TransferSyntax.JPEGLSLossless, '1.2.840.10008.5.1.4.1.1.7', '1.2.3.100'), writeDataSet(slice, EXPLICIT_LE));
    expect(instance(await scan(bytes)).TransferSyntaxUID).toBe(TransferSyntax.JPEGLSLossless);
    const implicit = concat(metaGroup(TransferSyntax.ImplicitVRLittleEndian, '1.2.3', '1.2.3.100'), writeDataSet(slice, IMPLICIT_LE));
    expect(reasonOf(await scan(implicit))).toMatch(/lacks the 128-byte preamble.*Implicit VR Little Endian/);
  });

  it('reads a deflated data set', async () => {
    const preamble = new Uint8Array(132);
    preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
    const meta = metaGroup(TransferSyntax.DeflatedExplicitVRLittleEndian, '1.2.840.10008.5.1.4.1.1.2', '1.2.3.100');
    const bytes = concat(preamble, meta, zlib.deflateRawSync(writeDataSet(slice, EXPLICIT_LE)));
    const a = instance(await scan(bytes));
    expect(a.TransferSyntaxUID).toBe(TransferSyntax.DeflatedExplicitVRLittleEndian);
    expect(a.ImagePositionPatient).toEqual([1, 2, -42.5]);
  });

  it('decodes PatientName in the declared character set', async () => {
    const named = [{ tag: '00080005', vr: 'CS', value: 'ISO_IR 192' }, ...ctSlice({ sop: '1.2.3.5', patientName: 'Äneas^Rüdiger' })];
    expect(instance(await scan(part10(named))).PatientName).toBe('Äneas^Rüdiger');
  });

  it('takes geometry of enhanced multi-frame images from the functional groups', async () => {
    const frame = (z: number): SpecElement[] => [{ tag: '00209113', vr: 'SQ', value: [[{ tag: '00200032', vr: 'DS', value: `0\\0\\${z}` }]] }];
    const base = ctSlice({ sop: '1.2.3.6', frames: 3, sopClass: '1.2.840.10008.5.1.4.1.1.2.1' });
    const pixel = base.pop()!;
    const shared: SpecElement[] = [
      { tag: '00209116', vr: 'SQ', value: [[{ tag: '00200037', vr: 'DS', value: '1\\0\\0\\0\\1\\0' }]] },
      { tag: '00289110', vr: 'SQ', value: [[{ tag: '00180050', vr: 'DS', value: '2.5' }, { tag: '00280030', vr: 'DS', value: '0.7\\0.8' }]] },
    ];
    const enhanced = [
      ...base,
      { tag: '52009229', vr: 'SQ', value: [shared] },
      { tag: '52009230', vr: 'SQ', value: [frame(10), frame(12.5), frame(15)] },
      pixel,
    ];
    const a = instance(await scan(part10(enhanced)));
    expect(a).toMatchObject({
      NumberOfFrames: 3,
      ImagePositionPatient: [0, 0, 10],
      ImageOrientationPatient: AXIAL,
      PixelSpacing: [0.7, 0.8],
      SliceThickness: 2.5,
      framePositions: [[0, 0, 10], [0, 0, 12.5], [0, 0, 15]],
    });
  });

  it('indexes objects without pixel data that are not images (reports, plans) with 0 frames', async () => {
    const report: SpecElement[] = [
      { tag: '00080016', vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.88.11' },
      { tag: '00080018', vr: 'UI', value: '1.2.3.7' },
      { tag: '00080060', vr: 'CS', value: 'SR' },
      { tag: '0020000D', vr: 'UI', value: '1.2.3' },
      { tag: '0020000E', vr: 'UI', value: '1.2.3.1' },
    ];
    expect(instance(await scan(part10(report)))).toMatchObject({ NumberOfFrames: 0, Rows: 0, Columns: 0, Modality: 'SR' });
  });
});

describe('header scan: reads only the header', () => {
  it('reads one 64 KiB head of a 4 MiB image', async () => {
    const big = part10(ctSlice({ sop: '1.2.3.8', rows: 1024, columns: 1024, frames: 2 }));
    const source = new CountingSource('big.dcm', big);
    expect((await scanSource(source)).kind).toBe('instance');
    expect(big.length).toBeGreaterThan(4_000_000);
    expect(source.bytesRead).toBeLessThanOrEqual(64 * 1024 + 8);
  });

  it('reads further when the header is longer than the first read', async () => {
    const elements = ctSlice({ sop: '1.2.3.9', rows: 2048, columns: 2048 });
    elements.splice(elements.length - 1, 0, { tag: '00291010', vr: 'OB', value: new Uint8Array(300_000) });
    const bytes = part10(elements);
    const source = new CountingSource('long-header.dcm', bytes);
    expect((await scanSource(source)).kind).toBe('instance');
    const header = await readHeader(new MemoryByteSource('x', bytes));
    expect(header.bytesRead).toBeLessThan(bytes.length);
  });
});

describe('header scan: what is refused, and why', () => {
  it('non-DICOM, empty and gzip files', async () => {
    expect(reasonOf(await scan(new TextEncoder().encode('# README\nThese are test files.\n'.repeat(20))))).toBe(reasons.NOT_DICOM);
    expect(reasonOf(await scan(new Uint8Array(0)))).toBe(reasons.EMPTY_FILE);
    expect(reasonOf(await scan(zlib.gzipSync(part10(slice)), 'MR.dcm.gz'))).toBe(reasons.GZIP);
  });

  it('a bare data set behind stray bytes (pydicom no_meta.dcm)', async () => {
    expect(reasonOf(await scan(concat(Uint8Array.from([0x20]), writeDataSet(slice, EXPLICIT_LE))))).toBe(reasons.strayBytes(1));
  });

  it('a meta header without Transfer Syntax UID', async () => {
    expect(reasonOf(await scan(part10(slice, { transferSyntax: null })))).toBe(reasons.MISSING_TRANSFER_SYNTAX);
  });

  it('missing or malformed identifying UIDs', async () => {
    const without = slice.filter((e) => e.tag !== '0020000D');
    expect(reasonOf(await scan(part10(without)))).toBe(reasons.missingAttribute('StudyInstanceUID', '(0020,000D)'));
    const hexUid = slice.map((e) => (e.tag === '00080018' ? { ...e, value: 'dccc9599087131742838cc1162a630fe' } : e));
    expect(reasonOf(await scan(part10(hexUid)))).toMatch(/^SOPInstanceUID \(0008,0018\) is "dccc.*", not a valid DICOM UID/);
  });

  it('a NumberOfFrames that is not a number (bad VR value)', async () => {
    const bad = ctSlice({ sop: '1.2.3.10' });
    bad.splice(bad.findIndex((e) => e.tag === '00280010'), 0, { tag: '00280008', vr: 'IS', value: '1A' });
    expect(reasonOf(await scan(part10(bad)))).toBe(reasons.invalidNumberOfFrames('1A'));
  });

  it('an image object without Pixel Data', async () => {
    const noPixels = slice.filter((e) => e.tag !== '7FE00010');
    expect(reasonOf(await scan(part10(noPixels)))).toBe(reasons.imageWithoutPixels('CT Image Storage'));
  });

  it('sequences nested tens of thousands deep: refused without crashing, and the next file reads fine', async () => {
    // (7777,0001) SQ of undefined length, one item of undefined length, inside it the same again...
    const depth = 60_000;
    const open = Uint8Array.from([0x77, 0x77, 0x01, 0x00, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff]);
    const nest = new Uint8Array(open.length * depth);
    for (let i = 0; i < depth; i++) nest.set(open, i * open.length);
    const head = part10(slice.filter((e) => e.tag < '7777'));
    expect(reasonOf(await scan(concat(head, nest)))).toBe(reasons.NESTED_TOO_DEEP);
    expect(instance(await scan(part10(slice))).SOPInstanceUID).toBe('1.2.3.100');
  });

  it('allocation bombs: 65535 × 65535 and 46341 × 46341 are refused before any pixel is read', async () => {
    const bomb = (size: number) => part10(ctSlice({ sop: '1.2.3.11', rows: size, columns: size, pixelBytes: 256 }));
    const source = new CountingSource('bomb.dcm', bomb(65535));
    expect(reasonOf(await scanSource(source))).toBe(
      reasons.imageTooLarge({ rows: 65535, columns: 65535, samples: 1, bitsAllocated: 16, bytesPerFrame: 65535 * 65535 * 2 }, 2 ** 30),
    );
    expect(source.bytesRead).toBeLessThan(2048);
    const overflow = reasonOf(await scan(bomb(46341)));
    expect(overflow).toMatch(/^image too large to open safely: 46341 × 46341 pixels × 1 sample\(s\) × 16 bits = 4\.0 GiB per frame/);
    expect(overflow).toMatch(/overflows 32-bit size arithmetic/);
  });

  it('native pixel data cut short by the end of the file', async () => {
    const whole = part10(ctSlice({ sop: '1.2.3.12', rows: 64, columns: 64 }));
    expect(reasonOf(await scan(whole.subarray(0, whole.length - 62)))).toBe(reasons.pixelDataTruncated(8192, 8130));
  });

  it('native pixel data shorter than Rows × Columns × frames needs', async () => {
    const short = part10(ctSlice({ sop: '1.2.3.13', rows: 16, columns: 16, frames: 2, pixelBytes: 512 }));
    expect(reasonOf(await scan(short))).toMatch(/^pixel data is shorter than the image needs: 512 bytes present, 1024 needed for 2 frame\(s\) of 16 × 16/);
  });
});

describe('header scan: encapsulated pixel data', () => {
  const item = (length: number) => concat(Uint8Array.from([0xfe, 0xff, 0x00, 0xe0, length & 0xff, (length >> 8) & 0xff, 0, 0]), new Uint8Array(length));
  const delimiter = Uint8Array.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  function encapsulated(frames: number, fragments: Uint8Array): Uint8Array {
    const elements = ctSlice({ sop: '1.2.3.14', frames });
    elements[elements.length - 1] = { tag: '7FE00010', vr: 'OB', value: fragments, undefinedLength: true };
    return part10(elements, { transferSyntax: TransferSyntax.JPEG2000Lossless });
  }

  it('accepts complete fragments followed by the sequence delimiter', async () => {
    expect((await scan(encapsulated(2, concat(item(0), item(100), item(30), delimiter)))).kind).toBe('instance');
  });

  it('refuses a file that ends without the sequence delimiter (emri_small_jpeg_2k_lossless_too_short)', async () => {
    expect(reasonOf(await scan(encapsulated(2, concat(item(0), item(100), item(30)))))).toBe(reasons.missingSequenceDelimiter(2));
  });

  it('refuses a fragment cut short', async () => {
    const bytes = encapsulated(2, concat(item(0), item(100), item(300)));
    expect(reasonOf(await scan(bytes.subarray(0, bytes.length - 50)))).toBe(reasons.fragmentTruncated(2, 300, 250));
  });

  it('refuses fewer fragments than frames', async () => {
    expect(reasonOf(await scan(encapsulated(3, concat(item(0), item(100), delimiter))))).toBe(reasons.tooFewFragments(3, 1));
  });

  it('refuses garbage where a fragment should start', async () => {
    const junk = Uint8Array.from([0x10, 0x00, 0x20, 0x00, 0, 0, 0, 0]);
    expect(reasonOf(await scan(encapsulated(1, concat(item(0), junk))))).toMatch(/^pixel data is damaged: expected a fragment item \(FFFE,E000\) at byte \d+, found \(0010,0020\)$/);
  });
});

describe('ByteSource', () => {
  it('a file source reads only what is asked', async () => {
    const source: ByteSource = new MemoryByteSource('m', Uint8Array.from([1, 2, 3, 4]));
    expect([...(await source.read(2, 10))]).toEqual([3, 4]);
  });
});
