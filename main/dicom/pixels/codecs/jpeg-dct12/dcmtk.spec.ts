// What the corpus lacks, checked against DCMTK's dcmdjpeg (libijg12/libijg8): synthetic 12-bit
// colour with 4:2:0, 4:2:2 and odd sampling, restart intervals, one scan per component, progressive
// scans with end-of-band runs, odd sizes. The decoder must match dcmdjpeg sample for sample. Skipped
// (with a message) where DCMTK is not installed; the corpus itself is checked in
// tests/integration/decode-conformance.spec.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readImageInfo } from '../../dataset/image-info';
import { parseDicomBytes } from '../../dataset/parse';
import { decodeStoredFrame, openImage } from '../../decode-frame';
import { nativeFrame } from '../../frame-bytes';
import { encodeJpeg, type EncodeOptions } from '../../spec-support/jpeg-encoder';
import { testPlanes } from '../../spec-support/test-images';
import { imagePixel, writeDicom } from '../../spec-support/write-dicom';
import { TransferSyntax } from '../../transfer-syntaxes';

const hasDcmdjpeg = spawnSync('sh', ['-c', 'command -v dcmdjpeg'], { encoding: 'utf8' }).status === 0;

type Case = [name: string, precision: 8 | 12, sampling: [number, number][], photometric: string, size: [number, number], extra: Partial<EncodeOptions>];

const CASES: Case[] = [
  ['12-bit greyscale, restart interval 7', 12, [[1, 1]], 'MONOCHROME2', [61, 35], { restartInterval: 7, quality: 0.5 }],
  ['12-bit greyscale, progressive', 12, [[1, 1]], 'MONOCHROME2', [64, 40], { layout: 'progressive', quality: 2 }],
  ['12-bit 4:2:0 YBR_FULL', 12, [[2, 2], [1, 1], [1, 1]], 'YBR_FULL', [45, 27], {}],
  ['12-bit 4:2:2 YBR_FULL_422, restarts', 12, [[2, 1], [1, 1], [1, 1]], 'YBR_FULL_422', [50, 19], { restartInterval: 2 }],
  ['12-bit 4:4:4 YBR_FULL, scan per component', 12, [[1, 1], [1, 1], [1, 1]], 'YBR_FULL', [33, 17], { layout: 'separate' }],
  ['12-bit 4:2:0 YBR_FULL, progressive with restarts', 12, [[2, 2], [1, 1], [1, 1]], 'YBR_FULL', [47, 31], { layout: 'progressive', restartInterval: 3 }],
  ['12-bit 4:4:4 RGB (no conversion)', 12, [[1, 1], [1, 1], [1, 1]], 'RGB', [20, 12], {}],
  ['12-bit odd sampling 1×2 / 2×1 / 1×1', 12, [[1, 2], [2, 1], [1, 1]], 'YBR_FULL', [37, 23], {}],
  ['12-bit chroma two samples wide (replicated, not filtered)', 12, [[2, 2], [1, 1], [1, 1]], 'YBR_FULL', [4, 9], {}],
  ['8-bit 4:2:0 YBR_FULL, SOF1', 8, [[2, 2], [1, 1], [1, 1]], 'YBR_FULL', [45, 27], { sof: 0xc1 }],
];

describe.skipIf(!hasDcmdjpeg)('JPEG DCT decoder against dcmdjpeg on synthetic streams', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maskcue-dct-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES)('%s', async (name, precision, sampling, photometric, [width, height], extra) => {
    const planes = testPlanes(width, height, sampling.length, (1 << precision) - 1, width);
    const jpeg = encodeJpeg({ width, height, precision, components: sampling.map(([h, v], i) => ({ h, v, samples: planes[i]!, table: i === 0 ? 0 : 1 })), ...extra });
    const transferSyntaxUID = extra.layout === 'progressive' ? TransferSyntax.JPEGFullProgressionNonHierarchical1012 : precision === 8 && !extra.sof ? TransferSyntax.JPEGBaseline8Bit : TransferSyntax.JPEGExtended12Bit;
    const file = writeDicom({
      transferSyntaxUID,
      elements: imagePixel({ rows: height, columns: width, samples: sampling.length, bitsAllocated: precision === 8 ? 8 : 16, bitsStored: precision, photometric }),
      encapsulated: { frames: [[jpeg]] },
    });
    const input = join(dir, `${name.replace(/\W+/g, '-')}.dcm`);
    const output = `${input}.raw.dcm`;
    writeFileSync(input, file);
    execFileSync('dcmdjpeg', ['-q', input, output]);
    const parsed = parseDicomBytes(readFileSync(output));
    const theirs = readImageInfo(parsed.dataSet, parsed.transferSyntaxUID);
    const ours = await decodeStoredFrame(openImage(file), 0);
    expect([ours.photometricInterpretation, ours.planarConfiguration, ours.bitsAllocated]).toEqual([theirs.photometricInterpretation, theirs.planarConfiguration, theirs.bitsAllocated]);
    const expected = nativeFrame(parsed.bytes, theirs, 0);
    expect(ours.bytes.length).toBe(expected.length);
    let differing = 0;
    for (let i = 0; i < expected.length; i += 1) if (ours.bytes[i] !== expected[i]) differing += 1;
    expect(differing).toBe(0);
  });
});

if (!hasDcmdjpeg) {
  describe('JPEG DCT decoder against dcmdjpeg on synthetic streams', () => {
    it.skip('skipped: DCMTK (dcmdjpeg) is not installed', () => {});
  });
}
