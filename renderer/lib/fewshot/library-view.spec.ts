import { describe, expect, it } from 'vitest';
import type { ClassDef, ExemplarRecord } from '../../../common/domain';
import { exemplarSource, groupByClass, librarySummary, THUMBNAILS_SHOWN } from './library-view';

function exemplar(id: string, classId: string, createdAt: string): ExemplarRecord {
  return {
    id,
    classId,
    className: classId,
    source: { kind: 'dicom', SOPInstanceUID: '1.2.3', frame: 0, SeriesInstanceUID: '1.2', StudyInstanceUID: '1' },
    voi: { center: 40, width: 400 },
    width: 512,
    height: 512,
    maskAreaPx: 100,
    createdAt,
  };
}

const classes: ClassDef[] = [
  { id: 'm', name: 'metastasis', templates: ['{class}'], exemplarCount: 14 },
  { id: 'h', name: 'Hemangioma', templates: ['{class}'], exemplarCount: 1 },
  { id: 'e', name: 'empty', templates: ['{class}'], exemplarCount: 0 },
];

describe('library arrangement', () => {
  const many = Array.from({ length: 14 }, (_, i) => exemplar(`m${i}`, 'm', `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z`));
  const all = [...many, exemplar('h0', 'h', '2025-01-02T00:00:00.000Z')];

  it('groups by class in name order, newest exemplar first, and folds long classes', () => {
    const groups = groupByClass(classes, all, new Set());
    expect(groups.map((g) => g.cls.name)).toEqual(['empty', 'Hemangioma', 'metastasis']);
    const metastasis = groups[2]!;
    expect(metastasis.exemplars[0]!.id).toBe('m13');
    expect(metastasis.shown).toHaveLength(THUMBNAILS_SHOWN);
    expect(metastasis.hidden).toBe(14 - THUMBNAILS_SHOWN);
    expect(groups[0]!.exemplars).toEqual([]);
  });

  it('shows every thumbnail of an expanded class', () => {
    const groups = groupByClass(classes, all, new Set(['m']));
    expect(groups[2]!.shown).toHaveLength(14);
    expect(groups[2]!.hidden).toBe(0);
  });

  it('summarises and says where an exemplar came from', () => {
    expect(librarySummary(0, 0)).toBe('No classes yet');
    expect(librarySummary(2, 12)).toBe('12 exemplars in 2 classes');
    expect(librarySummary(1, 1)).toBe('1 exemplar in 1 class');
    expect(exemplarSource(all[0]!)).toBe('DICOM 1.2.3 frame 1 · W 400 / L 40');
    expect(exemplarSource({ ...all[0]!, source: { kind: 'file', path: '/data/busi/benign/1.png' }, voi: null })).toBe('/data/busi/benign/1.png');
  });
});
