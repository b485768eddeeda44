// Draws masks and prompts on cornerstone's own canvas, right after cornerstone drew the image (its
// IMAGE_RENDERED event). Masks are drawn in image space through cornerstone's pixel → canvas transform
// (setToPixelCoordinateSystem), so they follow zoom, pan, rotation and flips exactly; prompt markers
// are drawn in canvas space at their transformed positions, so they keep their size on screen.
import cornerstone, { type EnabledElement } from 'cornerstone-core';
import type { BinaryMask, BoxPrompt, PointPrompt } from '../../../common/domain';
import { hexToRgb } from '../segmentation/format';
import { maskOutline } from '../segmentation/mask';
import { boxRect, displayPoint } from '../segmentation/prompt-geometry';

export interface MaskLayer {
  mask: BinaryMask;
  /** Bumped when the mask's pixels change in place (brush strokes), so cached drawings are rebuilt. */
  version: number;
  colour: string;
  /** The preview being worked on (drawn last, outline brighter). */
  preview: boolean;
}

export interface OverlayScene {
  layers: MaskLayer[];
  opacity: number;
  outline: boolean;
  points: PointPrompt[];
  box: BoxPrompt | null;
  /** A box being dragged, in cornerstone pixel coordinates. */
  dragBox: { x1: number; y1: number; x2: number; y2: number } | null;
  /** The brush under the pointer: centre in prompt coordinates, radius in image pixels. */
  brush: { x: number; y: number; radius: number; erase: boolean } | null;
  boxColour: string;
}

interface Drawn {
  version: number;
  colour: string;
  fill: HTMLCanvasElement;
  outline: Path2D;
}

const drawn = new WeakMap<Uint8Array, Drawn>();

function drawingOf(layer: MaskLayer): Drawn {
  const cached = drawn.get(layer.mask.data);
  if (cached && cached.version === layer.version && cached.colour === layer.colour) return cached;
  const { width, height, data } = layer.mask;
  const fill = cached && cached.fill.width === width && cached.fill.height === height ? cached.fill : document.createElement('canvas');
  fill.width = width;
  fill.height = height;
  const context = fill.getContext('2d');
  if (context) {
    const pixels = context.createImageData(width, height);
    const [r, g, b] = hexToRgb(layer.colour);
    const rgba = pixels.data;
    for (let i = 0, o = 0; i < data.length; i += 1, o += 4) {
      if (!data[i]) continue;
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = 255;
    }
    context.putImageData(pixels, 0, 0);
  }
  const outline = new Path2D();
  const segments = maskOutline(layer.mask);
  for (let i = 0; i < segments.length; i += 4) {
    outline.moveTo(segments[i]!, segments[i + 1]!);
    outline.lineTo(segments[i + 2]!, segments[i + 3]!);
  }
  const entry = { version: layer.version, colour: layer.colour, fill, outline };
  drawn.set(layer.mask.data, entry);
  return entry;
}

/** Canvas pixels per image pixel (cornerstone's scale, times the canvas's own pixel ratio). */
function screenScale(enabled: EnabledElement): number {
  const scale = enabled.viewport?.scale ?? 1;
  return scale > 0 ? scale : 1;
}

function marker(context: CanvasRenderingContext2D, x: number, y: number, positive: boolean): void {
  const arm = 6;
  context.beginPath();
  context.arc(x, y, 8.5, 0, Math.PI * 2);
  context.fillStyle = 'rgba(0, 0, 0, 0.55)';
  context.fill();
  context.lineWidth = 1.5;
  context.strokeStyle = positive ? '#34e36b' : '#ff4d4d';
  context.stroke();
  context.beginPath();
  context.moveTo(x - arm, y);
  context.lineTo(x + arm, y);
  if (positive) {
    context.moveTo(x, y - arm);
    context.lineTo(x, y + arm);
  }
  context.lineWidth = 2.5;
  context.stroke();
}

export function drawOverlay(enabled: EnabledElement, context: CanvasRenderingContext2D, scene: OverlayScene): void {
  if (!enabled.image) return;
  const element = enabled.element;
  const scale = screenScale(enabled);
  context.save();
  try {
    cornerstone.setToPixelCoordinateSystem(enabled, context);
    context.imageSmoothingEnabled = false;
    const layers = [...scene.layers].sort((a, b) => Number(a.preview) - Number(b.preview));
    for (const layer of layers) {
      if (layer.mask.width !== enabled.image.columns || layer.mask.height !== enabled.image.rows) continue;
      const drawing = drawingOf(layer);
      if (scene.opacity > 0) {
        context.globalAlpha = scene.opacity;
        context.drawImage(drawing.fill, 0, 0);
      }
      if (scene.outline || scene.opacity === 0) {
        context.globalAlpha = layer.preview ? 1 : 0.85;
        context.strokeStyle = layer.colour;
        context.lineWidth = (layer.preview ? 2 : 1.5) / scale;
        context.stroke(drawing.outline);
      }
    }
    context.globalAlpha = 1;
    context.lineWidth = 1.5 / scale;
    if (scene.box) {
      const rect = boxRect(scene.box);
      context.setLineDash([6 / scale, 4 / scale]);
      context.strokeStyle = scene.boxColour;
      context.strokeRect(rect.x, rect.y, rect.width, rect.height);
    }
    if (scene.dragBox) {
      const { x1, y1, x2, y2 } = scene.dragBox;
      context.setLineDash([4 / scale, 4 / scale]);
      context.strokeStyle = '#ffffff';
      context.strokeRect(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1));
    }
    context.setLineDash([]);
    if (scene.brush) {
      const centre = displayPoint(scene.brush);
      context.beginPath();
      context.arc(centre.x, centre.y, Math.max(0.5, scene.brush.radius), 0, Math.PI * 2);
      context.strokeStyle = scene.brush.erase ? '#ff9d9d' : '#ffffff';
      context.stroke();
    }
    // Markers in canvas space: fixed size on screen, at the transformed click positions.
    context.setTransform(1, 0, 0, 1, 0, 0);
    for (const point of scene.points) {
      const at = cornerstone.pixelToCanvas(element, displayPoint(point));
      marker(context, at.x, at.y, point.label === 1);
    }
  } finally {
    context.restore();
  }
}
