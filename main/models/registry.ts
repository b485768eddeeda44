// What the user can segment and classify with right now: the embedded engines (always there, pure
// TypeScript, CPU) plus catalog models, marked installed when their files are in the models folder.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineStatus, ExecutionProvider, ModelRecord } from '../../common/api';
import { loadCatalog, type CatalogEntry } from './catalog';

export const EMBEDDED_MODELS: readonly ModelRecord[] = [
  {
    id: 'growcut',
    title: 'GrowCut seeded segmentation (embedded)',
    task: 'segmentation',
    family: 'embedded',
    sizeBytes: 0,
    installed: true,
    path: null,
    provider: 'cpu',
  },
  {
    id: 'radiomics',
    title: 'Radiomics features inside the mask (embedded)',
    task: 'classification',
    family: 'embedded',
    sizeBytes: 0,
    installed: true,
    path: null,
    provider: 'cpu',
  },
];

function catalogRecord(entry: CatalogEntry, root: string, provider: ExecutionProvider | null): ModelRecord {
  const folder = join(root, entry.id);
  const installed = entry.files.every((file) => existsSync(join(folder, file.path)));
  return {
    id: entry.id,
    title: entry.title,
    task: entry.task,
    family: entry.family,
    sizeBytes: installed
      ? entry.files.reduce((sum, file) => sum + statSync(join(folder, file.path)).size, 0)
      : entry.files.reduce((sum, file) => sum + file.sizeBytes, 0),
    installed,
    path: installed ? folder : null,
    provider: installed ? provider : null,
  };
}

export function listModels(root: string, provider: ExecutionProvider | null, catalog = loadCatalog()): ModelRecord[] {
  return [...EMBEDDED_MODELS, ...catalog.map((entry) => catalogRecord(entry, root, provider))];
}

/** Which engine answers each task: an installed ONNX model beats the embedded fallback. */
export function engineStatus(models: readonly ModelRecord[]): EngineStatus {
  const pick = (task: ModelRecord['task'], fallback: string) => {
    const model = models.find((m) => m.task === task && m.installed && m.family !== 'embedded');
    return model ? { engine: model.title, modelId: model.id } : { engine: fallback, modelId: null };
  };
  return { segmentation: pick('segmentation', 'GrowCut'), classification: pick('classification', 'radiomics') };
}
