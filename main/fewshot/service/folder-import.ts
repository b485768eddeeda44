// Bulk import of a research dataset into the exemplar library: one folder per class, masks beside the
// images (<name>_mask.png, BUSI's layout) or under a masks folder with the same names — the layout
// `maskcue eval` reads (evaluation/dataset.ts), so a dataset that evaluates also imports. Exemplars
// reference the files in place. An image whose mask is missing or empty becomes a whole-image
// exemplar (as in evaluation); one that cannot be read is listed with why, and the rest go on.

import type { FolderImportReport } from '../../../common/domain';
import { readDataset } from '../evaluation/dataset';
import { loadItem } from '../evaluation/load-item';
import type { LibraryStore } from '../store/library';

export async function importFolder(library: LibraryStore, request: { path: string; masks?: string }): Promise<FolderImportReport> {
  const dataset = readDataset(request.path, { masksDir: request.masks ?? null });
  const skipped: FolderImportReport['skipped'] = dataset.ignored.map((path) => ({ path, reason: 'not an image (PNG, JPEG or DICOM) or a mask' }));
  let added = 0;
  for (const item of dataset.items) {
    try {
      const { masked } = await loadItem(item);
      await library.add({
        className: dataset.classes[item.label]!,
        source: { kind: 'file', path: item.path },
        voi: null,
        segmentId: null,
        mask: { width: masked.image.width, height: masked.image.height, data: masked.mask },
      });
      added += 1;
    } catch (e) {
      skipped.push({ path: item.path, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return { added, classes: dataset.classes, skipped };
}
