// The Exemplars panel's arrangement of the library: classes in name order with their exemplars
// (newest first), how many thumbnails a class shows before "Show all", and the counts in its header.
import type { ClassDef, ExemplarRecord } from '../../../common/domain';

/** Thumbnails a class shows until the reader asks for all (a research import can add hundreds). */
export const THUMBNAILS_SHOWN = 12;

export interface ClassGroup {
  cls: ClassDef;
  exemplars: ExemplarRecord[];
  shown: ExemplarRecord[];
  hidden: number;
}

export function groupByClass(classes: readonly ClassDef[], exemplars: readonly ExemplarRecord[], expanded: ReadonlySet<string>): ClassGroup[] {
  const byClass = new Map<string, ExemplarRecord[]>();
  for (const exemplar of exemplars) {
    const list = byClass.get(exemplar.classId);
    if (list) list.push(exemplar);
    else byClass.set(exemplar.classId, [exemplar]);
  }
  return [...classes]
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
    .map((cls) => {
      const list = (byClass.get(cls.id) ?? []).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
      const shown = expanded.has(cls.id) ? list : list.slice(0, THUMBNAILS_SHOWN);
      return { cls, exemplars: list, shown, hidden: list.length - shown.length };
    });
}

/** "12 exemplars in 2 classes". */
export function librarySummary(classCount: number, exemplarCount: number): string {
  if (classCount === 0) return 'No classes yet';
  return `${exemplarCount} exemplar${exemplarCount === 1 ? '' : 's'} in ${classCount} class${classCount === 1 ? '' : 'es'}`;
}

/** Where an exemplar came from, for its tooltip: "DICOM frame 1 · W 400 / L 40" or the file path. */
export function exemplarSource(exemplar: ExemplarRecord): string {
  const window = exemplar.voi ? ` · W ${Math.round(exemplar.voi.width)} / L ${Math.round(exemplar.voi.center)}` : '';
  if (exemplar.source.kind === 'file') return `${exemplar.source.path}${window}`;
  return `DICOM ${exemplar.source.SOPInstanceUID} frame ${exemplar.source.frame + 1}${window}`;
}
