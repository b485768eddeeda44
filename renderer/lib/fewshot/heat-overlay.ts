// Draws a classification heat map on cornerstone's canvas, in image space (its pixel → canvas
// transform), after the image and before the masks, so the mask outline stays on top. The grid is
// small (about 48 hot cells); it is upscaled with smoothing, which reads as a heat map rather than a
// chessboard, and clipped to the image.
import cornerstone, { type EnabledElement } from 'cornerstone-core';
import type { HeatMap } from '../../../common/domain';
import { heatPixels } from './heat-ramp';

export interface HeatLayer {
  heatmap: HeatMap;
  /** The most opaque a cell gets, 0…1. */
  strength: number;
}

interface Drawn {
  strength: number;
  canvas: HTMLCanvasElement;
}

const drawn = new WeakMap<HeatMap, Drawn>();

function drawingOf(layer: HeatLayer): HTMLCanvasElement {
  const cached = drawn.get(layer.heatmap);
  if (cached && cached.strength === layer.strength) return cached.canvas;
  const { width, height } = layer.heatmap;
  const canvas = cached?.canvas ?? document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (context) context.putImageData(new ImageData(heatPixels(layer.heatmap, layer.strength), width, height), 0, 0);
  drawn.set(layer.heatmap, { strength: layer.strength, canvas });
  return canvas;
}

export function drawHeatLayer(enabled: EnabledElement, context: CanvasRenderingContext2D, layer: HeatLayer): void {
  const image = enabled.image;
  const { width, height, cellSize } = layer.heatmap;
  if (!image || width <= 0 || height <= 0 || !(cellSize > 0)) return;
  context.save();
  try {
    cornerstone.setToPixelCoordinateSystem(enabled, context);
    context.beginPath();
    context.rect(0, 0, image.columns, image.rows);
    context.clip();
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(drawingOf(layer), 0, 0, width * cellSize, height * cellSize);
  } finally {
    context.restore();
  }
}
