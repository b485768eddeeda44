// dicom.frame: the one decode path for the viewer and the models. Frames are decoded in worker
// threads (never on main's event loop), kept in a byte-bounded LRU, and the same frame asked twice
// while it is being decoded is decoded once.
import { MaskcueError, type Handlers } from '../../../common/api';
import type { DecodedFrame } from '../../../common/dicom';
import type { LocateInstance } from '../instance-location';
import { toMaskcueError } from './decode-error';
import { DEFAULT_FRAME_CACHE_BYTES, FrameCache } from './frame-cache';
import type { SizeLimits } from './size-guard';
import { DecodePool } from './worker/decode-pool';

export interface FrameServiceDeps {
  locate: LocateInstance;
  log: (message: string) => void;
  /** LRU budget for decoded frames; default MASKCUE_FRAME_CACHE_MB or 512 MiB. */
  cacheBytes?: number;
  /** Decode threads; default min(2, cores). */
  workers?: number;
  limits?: SizeLimits;
}

export interface FrameService {
  handlers: { dicom: Pick<Handlers['dicom'], 'frame'> };
  /** Drop cached frames and parsed copies of an instance whose file changed or left the index. */
  invalidate(SOPInstanceUID: string, path?: string): void;
  /** Start the decode threads ahead of the first frame (a shell calls this once it is up). */
  warm(): void;
  close(): Promise<void>;
}

function cacheBudget(explicit: number | undefined): number {
  if (explicit !== undefined) return explicit;
  const mb = Number(process.env.MASKCUE_FRAME_CACHE_MB);
  return Number.isFinite(mb) && mb >= 0 ? mb * 1024 ** 2 : DEFAULT_FRAME_CACHE_BYTES;
}

export function createFrameService(deps: FrameServiceDeps): FrameService {
  const cache = new FrameCache(cacheBudget(deps.cacheBytes));
  const pool = new DecodePool({ workers: deps.workers, limits: deps.limits });
  const inFlight = new Map<string, Promise<DecodedFrame>>();

  async function decode(SOPInstanceUID: string, frame: number): Promise<DecodedFrame> {
    const location = deps.locate(SOPInstanceUID);
    if (!location) {
      throw new MaskcueError('NOT_FOUND', `No image with SOP Instance UID ${SOPInstanceUID} is in this workspace. Import its study first.`);
    }
    if (frame >= location.NumberOfFrames) {
      throw new MaskcueError('NOT_FOUND', `Frame ${frame} does not exist: this image has ${location.NumberOfFrames} frame${location.NumberOfFrames === 1 ? '' : 's'} (0 to ${location.NumberOfFrames - 1}).`);
    }
    try {
      const decoded = await pool.decode({ path: location.path, transferSyntaxUID: location.TransferSyntaxUID, frame });
      // The index's UID is the one the viewer asked by (a file without SOPInstanceUID still has one there).
      decoded.SOPInstanceUID = SOPInstanceUID;
      return decoded;
    } catch (e) {
      const error = toMaskcueError(e);
      deps.log(`decode: ${SOPInstanceUID} frame ${frame} (${location.path}): ${error.message}`);
      throw error;
    }
  }

  return {
    handlers: {
      dicom: {
        frame: async ({ SOPInstanceUID, frame }) => {
          const key = FrameCache.key(SOPInstanceUID, frame);
          const cached = cache.get(key);
          if (cached) return cached;
          let running = inFlight.get(key);
          if (!running) {
            running = decode(SOPInstanceUID, frame).finally(() => inFlight.delete(key));
            inFlight.set(key, running);
            const decoded = await running;
            cache.set(key, decoded);
            return decoded;
          }
          return running;
        },
      },
    },
    warm: () => pool.warm(),
    invalidate(SOPInstanceUID, path) {
      cache.deleteInstance(SOPInstanceUID);
      if (path) pool.forget(path);
    },
    close: () => {
      cache.clear();
      return pool.close();
    },
  };
}
