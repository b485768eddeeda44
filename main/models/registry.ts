// What the user can segment and classify with right now: the embedded engines (always there, pure
// TypeScript, CPU), catalog models (installed or not), and the user's own registered exports.
import type { EngineStatus, ExecutionProvider, ModelRecord } from '../../common/api';
import { downloadBytes, loadCatalog, type CatalogEntry } from './catalog';
import { listInstalled, type InstalledModel } from './installed';

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

function installedRecord(model: InstalledModel, provider: ExecutionProvider | null): ModelRecord {
  const usable = model.missing.length === 0;
  return {
    id: model.manifest.id,
    title: model.manifest.title,
    task: model.manifest.task,
    family: model.manifest.family,
    sizeBytes: model.sizeBytes,
    installed: usable,
    path: model.folder,
    provider: usable ? provider : null,
  };
}

function catalogRecord(entry: CatalogEntry): ModelRecord {
  return { id: entry.id, title: entry.title, task: entry.task, family: entry.family, sizeBytes: downloadBytes(entry), installed: false, path: null, provider: null };
}

/** Embedded engines first, then the catalog in its order, then the user's own models by id. */
export function listModels(root: string, provider: ExecutionProvider | null, catalog = loadCatalog()): ModelRecord[] {
  const installed = new Map(listInstalled(root).map((m) => [m.manifest.id, m]));
  const records: ModelRecord[] = [...EMBEDDED_MODELS];
  for (const entry of catalog) {
    const model = installed.get(entry.id);
    records.push(model ? installedRecord(model, provider) : catalogRecord(entry));
    installed.delete(entry.id);
  }
  for (const model of installed.values()) records.push(installedRecord(model, provider));
  return records;
}

/** Which engine answers each task: an installed ONNX model beats the embedded fallback. */
export function engineStatus(models: readonly ModelRecord[]): EngineStatus {
  const pick = (task: ModelRecord['task'], fallback: string) => {
    const model = models.find((m) => m.task === task && m.installed && m.family !== 'embedded');
    return model ? { engine: model.title, modelId: model.id } : { engine: fallback, modelId: null };
  };
  return { segmentation: pick('segmentation', 'GrowCut'), classification: pick('classification', 'radiomics') };
}
