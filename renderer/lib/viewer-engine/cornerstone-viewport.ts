// cornerstone-core owns the viewport canvas. The viewer's state (state/viewport.svelte.ts) is the
// truth for what is shown; this file turns it into cornerstone calls. It ships no types; the calls we
// make are typed in cornerstone-core.d.ts beside this file.
import cornerstone, { type LUT, type Viewport } from 'cornerstone-core';
import type { MaskcueImage, Voi } from './image-from-frame';
import { sigmoidLut } from './voi';

export interface ViewParams {
  voi: Voi;
  useFileLut: boolean;
  invert: boolean;
  scale: number;
  translation: { x: number; y: number };
  rotation: number;
  hflip: boolean;
  vflip: boolean;
}

let lastSigmoid: LUT | null = null;

function voiLutFor(params: ViewParams, image: MaskcueImage): LUT | undefined {
  const info = image.info;
  if (info.color) return undefined;
  if (params.useFileLut && info.voiLut) return info.voiLut;
  if (info.voiLutFunction !== 'SIGMOID') return undefined;
  const lut = sigmoidLut(params.voi, info.range);
  if (!lut) return undefined;
  // Pan and zoom re-send the viewport; keep the same table object while the window is unchanged.
  if (lastSigmoid?.id === lut.id) return lastSigmoid;
  lastSigmoid = lut;
  return lut;
}

export function cornerstoneViewport(params: ViewParams, image: MaskcueImage): Viewport {
  return {
    scale: params.scale,
    translation: { ...params.translation },
    voi: { ...params.voi },
    invert: params.invert,
    pixelReplication: false,
    rotation: params.rotation,
    hflip: params.hflip,
    vflip: params.vflip,
    modalityLUT: image.modalityLUT,
    voiLUT: voiLutFor(params, image),
  };
}

/** The scale at which the whole image fits the canvas (cornerstone's own rule, spacing-aware). */
export function fitScale(
  canvas: { width: number; height: number },
  image: { columns: number; rows: number; rowPixelSpacing?: number; columnPixelSpacing?: number },
  rotation: number,
): number {
  if (canvas.width <= 0 || canvas.height <= 0 || image.columns <= 0 || image.rows <= 0) return 1;
  const sideways = Math.round(rotation / 90) % 2 !== 0;
  const width = sideways ? image.rows : image.columns;
  const height = sideways ? image.columns : image.rows;
  const rowSpacing = image.rowPixelSpacing || 1;
  const columnSpacing = image.columnPixelSpacing || 1;
  let verticalRatio = 1;
  let horizontalRatio = 1;
  if (rowSpacing < columnSpacing) horizontalRatio = columnSpacing / rowSpacing;
  else verticalRatio = rowSpacing / columnSpacing;
  return Math.min(canvas.height / height / verticalRatio, canvas.width / width / horizontalRatio);
}

/** One enabled element. Returned by enableViewport; all cornerstone calls for it go through here. */
export class CornerstoneView {
  readonly element: HTMLElement;
  #shown: MaskcueImage | null = null;
  #params: ViewParams | null = null;
  readonly #observer: ResizeObserver;

  constructor(element: HTMLElement, onResize: (size: { width: number; height: number }) => void) {
    this.element = element;
    cornerstone.enable(element);
    this.#observer = new ResizeObserver(() => {
      // No refit here: the state decides the scale (fit follows the new size through fitScale).
      cornerstone.resize(element, false);
      if (this.#params) this.update(this.#params);
      onResize({ width: element.clientWidth, height: element.clientHeight });
    });
    this.#observer.observe(element);
    onResize({ width: element.clientWidth, height: element.clientHeight });
  }

  get shown(): MaskcueImage | null {
    return this.#shown;
  }

  show(image: MaskcueImage, params: ViewParams): void {
    this.#shown = image;
    this.#params = params;
    cornerstone.displayImage(this.element, image, cornerstoneViewport(params, image));
  }

  update(params: ViewParams): void {
    this.#params = params;
    if (this.#shown) cornerstone.setViewport(this.element, cornerstoneViewport(params, this.#shown));
  }

  canvas(): HTMLCanvasElement | null {
    return this.element.querySelector('canvas');
  }

  destroy(): void {
    this.#observer.disconnect();
    cornerstone.disable(this.element);
    this.#shown = null;
  }
}
