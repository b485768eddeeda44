import { describe, expect, it } from 'vitest';
import { MaskcueError } from '../../../common/api';
import { decodePart10, type NaturalDataset } from './dcmjs';
import { readSeg } from './seg-reader';
import { writeSeg } from './seg-writer';
import { ellipseMask, findingOn, reportInput, syntheticSource } from './spec-support/report-input';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v) as NaturalDataset;

describe('writeSeg', () => {
  it('round-trips masks of several segments and frames, bit for bit', () => {
    const a = syntheticSource({ rows: 13, columns: 11 }); // 143 px: frames start mid-byte
    const b = syntheticSource({ rows: 13, columns: 11, extra: { ImagePositionPatient: [-10, -20, 31.25] } });
    const masks = [ellipseMask(11, 13), ellipseMask(11, 13, 3, 4, 2, 3), ellipseMask(11, 13, 8, 9, 3, 2)];
    const input = reportInput([
      findingOn({ source: a, label: 'malignant', mask: masks[0] }),
      findingOn({ source: b, label: 'malignant', mask: masks[1] }),
      findingOn({ source: a, label: 'benign', mask: masks[2] }),
    ]);
    const read = readSeg(writeSeg(input));
    expect(read.segments).toEqual([
      { segmentNumber: 1, label: 'malignant' },
      { segmentNumber: 2, label: 'benign' },
    ]);
    expect(read.frames).toHaveLength(3);
    const byKey = new Map(read.frames.map((f) => [`${f.segmentNumber}|${f.SOPInstanceUID}`, f]));
    expect(Array.from(byKey.get(`1|${a.SOPInstanceUID}`)!.mask)).toEqual(Array.from(masks[0]!));
    expect(Array.from(byKey.get(`1|${b.SOPInstanceUID}`)!.mask)).toEqual(Array.from(masks[1]!));
    expect(Array.from(byKey.get(`2|${a.SOPInstanceUID}`)!.mask)).toEqual(Array.from(masks[2]!));
  });

  it('writes geometry for positioned sources: plane position per frame, orientation and pixel measures shared', () => {
    const a = syntheticSource();
    const { dataset } = decodePart10(writeSeg(reportInput([findingOn({ source: a, label: 'x' })])));
    expect(dataset.FrameOfReferenceUID).toBe(a.dataset.FrameOfReferenceUID);
    const shared = first(dataset.SharedFunctionalGroupsSequence);
    expect(first(shared.PixelMeasuresSequence).PixelSpacing).toEqual([0.7, 0.7]);
    expect(first(shared.PlaneOrientationSequence).ImageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
    const frame = first(dataset.PerFrameFunctionalGroupsSequence);
    expect(first(frame.PlanePositionSequence).ImagePositionPatient).toEqual([-10, -20, 30]);
    expect((dataset.DimensionIndexSequence as NaturalDataset[]).map((d) => d.DimensionDescriptionLabel)).toEqual(['ReferencedSegmentNumber', 'ImagePositionPatient']);
    expect(dataset.SegmentationType).toBe('BINARY');
    expect(dataset.BitsAllocated).toBe(1);
  });

  it('writes sources without patient geometry (US, DX): no plane position, derivation references only', () => {
    const us = syntheticSource({ geometry: false, frames: 5 });
    const { dataset } = decodePart10(writeSeg(reportInput([findingOn({ source: us, label: 'lesion', frame: 2 })])));
    const frame = first(dataset.PerFrameFunctionalGroupsSequence);
    expect(frame.PlanePositionSequence).toBeUndefined();
    expect(dataset.FrameOfReferenceUID).toBeUndefined();
    const sourceRef = first(first(first(frame.DerivationImageSequence).SourceImageSequence));
    expect(sourceRef.ReferencedSOPInstanceUID).toBe(us.SOPInstanceUID);
    expect(sourceRef.ReferencedFrameNumber).toBe(3);
    expect((dataset.DimensionIndexSequence as NaturalDataset[]).map((d) => d.DimensionDescriptionLabel)).toEqual(['ReferencedSegmentNumber']);
    const read = readSeg(writeSeg(reportInput([findingOn({ source: us, label: 'lesion', frame: 2 })])));
    expect(read.frames[0]).toMatchObject({ SOPInstanceUID: us.SOPInstanceUID, frame: 2 });
  });

  it('counts frames within a segment when one segment spans several un-positioned images', () => {
    const a = syntheticSource({ geometry: false });
    const b = syntheticSource({ geometry: false });
    const { dataset } = decodePart10(writeSeg(reportInput([findingOn({ source: a, label: 'x' }), findingOn({ source: b, label: 'x' })])));
    expect((dataset.DimensionIndexSequence as NaturalDataset[]).length).toBe(2);
    const values = (dataset.PerFrameFunctionalGroupsSequence as NaturalDataset[]).map((f) => first(f.FrameContentSequence).DimensionIndexValues);
    expect(values).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('merges two findings of one segment on the same frame into one frame', () => {
    const a = syntheticSource({ rows: 8, columns: 8 });
    const left = new Uint8Array(64).map((_, i) => (i % 8 < 4 ? 1 : 0));
    const right = new Uint8Array(64).map((_, i) => (i % 8 >= 6 ? 1 : 0));
    const read = readSeg(writeSeg(reportInput([findingOn({ source: a, label: 'x', mask: left }), findingOn({ source: a, label: 'x', mask: right })])));
    expect(read.frames).toHaveLength(1);
    expect(Array.from(read.frames[0]!.mask)).toEqual(Array.from(left, (v, i) => v | right[i]!));
  });

  it('refuses what it cannot write, saying what to do', () => {
    const a = syntheticSource();
    const expectError = (fn: () => unknown, pattern: RegExp) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(MaskcueError);
        expect((e as MaskcueError).code).toBe('INVALID_ARGUMENT');
        expect((e as Error).message).toMatch(pattern);
        return;
      }
      throw new Error('expected an error');
    };
    expectError(() => writeSeg(reportInput([])), /no findings/);
    const small = { ...findingOn({ source: a, label: 'x' }), width: 4, height: 4, mask: new Uint8Array(16) };
    expectError(() => writeSeg(reportInput([small])), /source's pixel grid/);
    expectError(() => writeSeg(reportInput([findingOn({ source: a, label: 'x', frame: 1 })])), /has 1 frame/);
    const input = reportInput([findingOn({ source: a, label: 'x' }), findingOn({ source: a, label: 'y' })]);
    input.findings[1]!.segmentNumber = 1;
    expectError(() => writeSeg(input), /one to one/);
    const other = syntheticSource({ study: '1.2.3.999' });
    expectError(() => writeSeg(reportInput([findingOn({ source: a, label: 'x' }), findingOn({ source: other, label: 'x' })])), /more than one study/);
  });
});
