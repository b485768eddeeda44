import { describe, expect, it } from 'vitest';
import { TransferSyntax } from '../../common/dicom/uids';
import { MemoryByteSource } from './file-source';
import { readHeader } from './read-header';
import { ctSlice, part10, type SpecElement } from './spec-dicom';
import { MAX_TAG_ROWS, tagRows } from './tags';

async function rows(elements: SpecElement[], transferSyntax: string = TransferSyntax.ExplicitVRLittleEndian) {
  return tagRows(await readHeader(new MemoryByteSource('t.dcm', part10(elements, { transferSyntax }))));
}

const withSequence: SpecElement[] = [
  { tag: '00080005', vr: 'CS', value: 'ISO_IR 192' },
  ...ctSlice({ sop: '1.2.3.4', patientName: 'Buc^Jérôme' }).filter((e) => e.tag < '00281000'),
  { tag: '00281050', vr: 'DS', value: '40\\400' },
  { tag: '00291010', vr: 'OB', value: new Uint8Array(1000) },
  {
    tag: '00400275',
    vr: 'SQ',
    value: [[{ tag: '00321060', vr: 'LO', value: 'CT ABDOMEN' }], [{ tag: '00321060', vr: 'LO', value: 'x'.repeat(400) }]],
  },
  { tag: '7FE00010', vr: 'OW', value: new Uint8Array(32) },
];

describe('tag rows', () => {
  it('lists meta and data set elements in tag order with keyword, VR and display value', async () => {
    const list = await rows(withSequence);
    const row = (tag: string) => list.find((r) => r.tag === tag);
    expect(list[0]).toEqual({ tag: '(0002,0000)', keyword: 'FileMetaInformationGroupLength', vr: 'UL', value: expect.stringMatching(/^\d+$/), depth: 0 });
    expect(row('(0002,0010)')).toMatchObject({ keyword: 'TransferSyntaxUID', value: '1.2.840.10008.1.2.1 (Explicit VR Little Endian)' });
    expect(row('(0008,0016)')).toMatchObject({ keyword: 'SOPClassUID', vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2 (CT Image Storage)' });
    expect(row('(0010,0010)')).toMatchObject({ keyword: 'PatientName', vr: 'PN', value: 'Buc^Jérôme' });
    expect(row('(0028,0010)')).toMatchObject({ keyword: 'Rows', vr: 'US', value: '4' });
    expect(row('(0028,1050)')).toMatchObject({ keyword: 'WindowCenter', value: '40\\400' });
    expect(row('(0029,1010)')).toMatchObject({ keyword: 'Private', vr: 'OB', value: '<1000 bytes>' });
    expect(row('(7FE0,0010)')).toMatchObject({ keyword: 'PixelData', value: '<32 bytes of pixel data>', depth: 0 });
  });

  it('indents sequence items and their elements by depth, and cuts long values', async () => {
    const list = await rows(withSequence);
    const at = list.findIndex((r) => r.tag === '(0040,0275)');
    expect(list.slice(at, at + 5)).toEqual([
      { tag: '(0040,0275)', keyword: 'RequestAttributesSequence', vr: 'SQ', value: '2 item(s)', depth: 0 },
      { tag: '(FFFE,E000)', keyword: 'Item', vr: '', value: 'item 1 of 2', depth: 1 },
      { tag: '(0032,1060)', keyword: 'RequestedProcedureDescription', vr: 'LO', value: 'CT ABDOMEN', depth: 1 },
      { tag: '(FFFE,E000)', keyword: 'Item', vr: '', value: 'item 2 of 2', depth: 1 },
      { tag: '(0032,1060)', keyword: 'RequestedProcedureDescription', vr: 'LO', value: `${'x'.repeat(256)}…`, depth: 1 },
    ]);
  });

  it('gives implicit-VR elements their VR from the dictionary, and reads big-endian numbers right', async () => {
    const implicit = await rows(withSequence, TransferSyntax.ImplicitVRLittleEndian);
    expect(implicit.find((r) => r.tag === '(0028,0011)')).toMatchObject({ vr: 'US', value: '4' });
    expect(implicit.find((r) => r.tag === '(0040,0275)')).toMatchObject({ vr: 'SQ', value: '2 item(s)' });
    const big = await rows(ctSlice({ sop: '1.2.3.5', rows: 300, columns: 2 }), TransferSyntax.ExplicitVRBigEndian);
    expect(big.find((r) => r.tag === '(0028,0010)')).toMatchObject({ value: '300' });
  });

  it('caps the number of rows', async () => {
    const many: SpecElement[] = [
      ...ctSlice({ sop: '1.2.3.6' }).filter((e) => e.tag < '00281000'),
      { tag: '00400275', vr: 'SQ', value: Array.from({ length: MAX_TAG_ROWS }, () => [{ tag: '00321060', vr: 'LO', value: 'A' }]) },
    ];
    const list = await rows(many);
    expect(list.length).toBe(MAX_TAG_ROWS + 1);
    expect(list.at(-1)!.value).toMatch(/more elements not shown/);
  });
});
