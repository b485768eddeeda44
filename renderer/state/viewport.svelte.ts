// One viewport of the layout: which series, where in the stack, and how it is shown (VOI, zoom, pan,
// rotation, flips, invert, cine). Components render from this; Viewport.svelte syncs it to cornerstone.
import type { StudySummary } from '../../common/api';
import type { InstanceSummary, SeriesSummary } from '../../common/dicom';
import { fitScale, type ViewParams } from '../lib/viewer-engine/cornerstone-viewport';
import type { FrameInfo, MaskcueImage } from '../lib/viewer-engine/image-from-frame';
import { orientationMarkers } from '../../common/dicom/orientation';
import { buildStack, positionLabel, sliceGeometry } from '../lib/viewer-engine/stack';
import { dragVoi, formatVoi, initialVoi, presetsFor, resolvePreset, type VoiSetting } from '../lib/viewer-engine/voi';

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 40;
export const FPS_CHOICES = [2, 5, 10, 15, 20, 25, 30, 40, 60] as const;

export class ViewportState {
  readonly id: number;
  study = $state.raw<StudySummary | null>(null);
  series = $state.raw<SeriesSummary | null>(null);
  instances = $state.raw<InstanceSummary[]>([]);
  index = $state(0);
  /** Where the frame on screen sits in the stack: lags `index` while a scroll outruns decoding. */
  shownIndex = $state(0);
  /** Opening a series: its instance list is on the way. */
  opening = $state(false);
  /** The frame asked for is not on screen yet. */
  loading = $state(false);
  error = $state<string | null>(null);
  /** The frame on screen (its pixels stay with cornerstone). */
  info = $state.raw<FrameInfo | null>(null);
  voi = $state.raw<VoiSetting | null>(null);
  invert = $state(false);
  /** null: fit to the viewport, following its size. */
  zoom = $state<number | null>(null);
  translation = $state.raw({ x: 0, y: 0 });
  rotation = $state(0);
  hflip = $state(false);
  vflip = $state(false);
  canvasSize = $state.raw({ width: 0, height: 0 });
  cinePlaying = $state(false);
  fps = $state(15);
  /** Last scroll direction, for prefetching ahead. */
  direction: 1 | -1 = 1;

  readonly stack = $derived(buildStack(this.instances));
  readonly entry = $derived(this.stack[this.index] ?? null);
  readonly imageId = $derived(this.entry?.imageId ?? null);
  /** The frame on screen; the overlays describe this one. */
  readonly shownEntry = $derived(this.stack[this.shownIndex] ?? null);
  readonly hasImage = $derived(this.series !== null && this.stack.length > 0);
  readonly canCine = $derived(this.stack.length > 1);
  readonly scale = $derived.by(() => {
    if (this.zoom !== null) return this.zoom;
    const info = this.info;
    if (!info) return 1;
    const [rowPixelSpacing, columnPixelSpacing] = info.pixelSpacing ?? [1, 1];
    return fitScale(this.canvasSize, { columns: info.columns, rows: info.rows, rowPixelSpacing, columnPixelSpacing }, this.rotation);
  });
  readonly params = $derived.by((): ViewParams | null => {
    if (!this.voi) return null;
    return {
      voi: this.voi.voi,
      useFileLut: this.voi.useFileLut,
      invert: this.invert,
      scale: this.scale,
      translation: this.translation,
      rotation: this.rotation,
      hflip: this.hflip,
      vflip: this.vflip,
    };
  });
  readonly markers = $derived(
    orientationMarkers(this.shownEntry?.instance.ImageOrientationPatient ?? null, {
      rotation: this.rotation,
      hflip: this.hflip,
      vflip: this.vflip,
    }),
  );
  readonly positionText = $derived(positionLabel(this.stack, this.shownIndex, this.instances.length));
  readonly geometry = $derived(this.shownEntry ? sliceGeometry(this.shownEntry.instance, this.shownEntry.frame) : null);
  readonly presets = $derived(presetsFor(this.series?.Modality ?? '', this.info));
  readonly voiText = $derived(this.voi ? formatVoi(this.voi) : '');
  readonly zoomText = $derived(`${Math.round(this.scale * 100)}%`);

  #cineTimer: ReturnType<typeof setInterval> | null = null;

  constructor(id: number) {
    this.id = id;
  }

  /** Shows a series from its first image, with the modality's default window. */
  open(study: StudySummary | null, series: SeriesSummary, instances: InstanceSummary[]): void {
    this.pause();
    this.study = study;
    this.series = series;
    this.instances = instances;
    this.index = 0;
    this.shownIndex = 0;
    this.direction = 1;
    this.error =
      instances.length === 0
        ? 'This series has no images in the index.'
        : this.stack.length === 0
          ? `This ${series.Modality || 'DICOM'} series holds no images to display (documents or other non-image objects).`
          : null;
    this.info = null;
    this.voi = null;
    this.resetView();
  }

  close(): void {
    this.pause();
    this.study = null;
    this.series = null;
    this.instances = [];
    this.index = 0;
    this.shownIndex = 0;
    this.info = null;
    this.voi = null;
    this.error = null;
    this.loading = false;
  }

  /**
   * Called by the view when a frame reached the screen (`latest`: the one asked for last); the first
   * frame of a series sets the VOI.
   */
  shown(image: MaskcueImage, index: number, latest: boolean): void {
    this.info = image.info;
    this.shownIndex = index;
    if (latest) this.loading = false;
    this.error = null;
    if (this.voi === null) {
      this.voi = initialVoi(image.info);
      this.invert = image.info.invert;
    }
  }

  failed(message: string): void {
    this.loading = false;
    this.error = message;
  }

  scrollTo(index: number): void {
    const count = this.stack.length;
    if (count === 0) return;
    const next = Math.min(Math.max(Math.round(index), 0), count - 1);
    if (next !== this.index) this.direction = next > this.index ? 1 : -1;
    this.index = next;
  }

  scrollBy(delta: number): void {
    this.scrollTo(this.index + delta);
  }

  applyPreset(key: string): boolean {
    const preset = this.presets.find((p) => p.key === key);
    if (!preset || !this.info) return false;
    this.voi = resolvePreset(preset.choice, this.info);
    return true;
  }

  dragWindow(dx: number, dy: number): void {
    if (!this.voi || !this.info || this.info.color) return;
    this.voi = { voi: dragVoi(this.voi.voi, dx, dy, this.info.range), useFileLut: false };
  }

  zoomBy(factor: number): void {
    this.zoom = Math.min(Math.max(this.scale * factor, MIN_ZOOM), MAX_ZOOM);
  }

  /** Screen pixels; cornerstone pans in image pixels before rotation, scaled. */
  panBy(dx: number, dy: number): void {
    const scale = this.scale || 1;
    this.translation = { x: this.translation.x + dx / scale, y: this.translation.y + dy / scale };
  }

  fit(): void {
    this.zoom = null;
    this.translation = { x: 0, y: 0 };
  }

  toggleInvert(): void {
    this.invert = !this.invert;
  }

  rotate(degrees: number): void {
    this.rotation = (((this.rotation + degrees) % 360) + 360) % 360;
  }

  flipHorizontal(): void {
    this.hflip = !this.hflip;
  }

  flipVertical(): void {
    this.vflip = !this.vflip;
  }

  /** Everything back to how the series opened, except where in the stack. */
  reset(): void {
    this.resetView();
    if (this.info) {
      this.voi = initialVoi(this.info);
      this.invert = this.info.invert;
    }
  }

  resetView(): void {
    this.zoom = null;
    this.translation = { x: 0, y: 0 };
    this.rotation = 0;
    this.hflip = false;
    this.vflip = false;
  }

  play(): void {
    if (!this.canCine) return;
    this.cinePlaying = true;
    this.#restartCine();
  }

  pause(): void {
    this.cinePlaying = false;
    if (this.#cineTimer !== null) clearInterval(this.#cineTimer);
    this.#cineTimer = null;
  }

  toggleCine(): void {
    if (this.cinePlaying) this.pause();
    else this.play();
  }

  setFps(fps: number): void {
    this.fps = Math.min(Math.max(Math.round(fps), 1), 60);
    if (this.cinePlaying) this.#restartCine();
  }

  #restartCine(): void {
    if (this.#cineTimer !== null) clearInterval(this.#cineTimer);
    this.#cineTimer = setInterval(() => {
      // Wait for the frame on its way rather than skip it: cine shows every frame, at most at fps.
      if (this.loading) return;
      const count = this.stack.length;
      if (count < 2) return this.pause();
      this.direction = 1;
      this.index = (this.index + 1) % count;
    }, 1000 / this.fps);
  }
}
