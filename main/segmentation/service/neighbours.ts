// While the reader works on a slice, SAM2's encoder runs in the background for the slices on either
// side (same window), so stepping to them or carrying the mask there costs a decoder run only. The
// engine runs one prefetch at a time behind the clicks; moving to another slice drops the ones not
// started. GrowCut has no encoder, so nothing is done for it.

import type { FrameRef, Voi } from '../../../common/domain';
import type { DecodedFrame } from '../../../common/dicom';
import type { Database } from '../../workspace/sqlite';
import type { SegmentationEngine } from '../engine';
import { seriesOf } from './instance-info';
import { frameImage } from './frame-image';

export class NeighbourPrefetch {
  private series: { order: string[]; frames: number } | null = null;
  private last = '';
  private stopped = false;

  constructor(
    private readonly db: () => Database,
    private readonly frame: (SOPInstanceUID: string, frame: number) => Promise<DecodedFrame>,
    private readonly log: (message: string) => void,
  ) {}

  schedule(engine: SegmentationEngine, target: FrameRef, voi: Voi | null): void {
    if (engine.kind !== 'sam2' || this.stopped) return;
    const key = `${target.SOPInstanceUID}:${target.frame}:${voi ? `${voi.center}/${voi.width}` : 'default'}`;
    if (key === this.last) return;
    this.last = key;
    engine.cancelPrefetch();
    for (const next of this.neighbours(target)) {
      void this.prefetch(engine, next, voi);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private neighbours(target: FrameRef): FrameRef[] {
    if (!this.series?.order.includes(target.SOPInstanceUID)) this.series = seriesOf(this.db(), target.SOPInstanceUID);
    const series = this.series;
    if (!series) return [];
    if (series.frames > 1) {
      return [target.frame + 1, target.frame - 1].filter((f) => f >= 0 && f < series.frames).map((frame) => ({ SOPInstanceUID: target.SOPInstanceUID, frame }));
    }
    const at = series.order.indexOf(target.SOPInstanceUID);
    return [series.order[at + 1], series.order[at - 1]].filter((uid): uid is string => uid !== undefined).map((SOPInstanceUID) => ({ SOPInstanceUID, frame: 0 }));
  }

  private async prefetch(engine: SegmentationEngine, target: FrameRef, voi: Voi | null): Promise<void> {
    try {
      const { image, cacheKey } = frameImage(await this.frame(target.SOPInstanceUID, target.frame), target, voi, engine.modelId);
      if (!this.stopped) await engine.prefetch(image, cacheKey);
    } catch (e) {
      if (!this.stopped) this.log(`segmentation: could not prepare ${target.SOPInstanceUID} frame ${target.frame} ahead: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
