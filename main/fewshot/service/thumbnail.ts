// An exemplar's thumbnail for the library browser: the image around the mask (its bounding box plus a
// margin, square), scaled to fit `side` by area averaging, with the mask's outline drawn in the
// overlay colour — so a radiologist recognises the case and sees what was outlined.

import type { Thumbnail } from '../../../common/domain';
import { setBounds } from '../../../common/domain';
import { toGrey } from '../../segmentation/image/pixels';
import type { SegmentImage } from '../../segmentation/types';

const OUTLINE: readonly [number, number, number] = [255, 196, 0];

export function exemplarThumbnail(image: SegmentImage, mask: Uint8Array, side = 96): Thumbnail {
  const { width: W, height: H } = image;
  const grey = toGrey(image);
  const b = setBounds(mask, W, H) ?? { x1: 0, y1: 0, x2: W - 1, y2: H - 1 };
  const size = Math.min(Math.max(W, H), Math.round(Math.max(b.x2 - b.x1 + 1, b.y2 - b.y1 + 1) * 1.6) + 8);
  const cx = (b.x1 + b.x2 + 1) / 2;
  const cy = (b.y1 + b.y2 + 1) / 2;
  const left = Math.round(Math.min(Math.max(0, cx - size / 2), Math.max(0, W - size)));
  const top = Math.round(Math.min(Math.max(0, cy - size / 2), Math.max(0, H - size)));
  const cropW = Math.min(size, W - left);
  const cropH = Math.min(size, H - top);
  const scale = Math.min(1, side / Math.max(cropW, cropH));
  const tw = Math.max(1, Math.round(cropW * scale));
  const th = Math.max(1, Math.round(cropH * scale));
  const rgba = new Uint8Array(tw * th * 4);
  const inside = new Uint8Array(tw * th);
  for (let ty = 0; ty < th; ty += 1) {
    const sy0 = top + Math.floor((ty * cropH) / th);
    const sy1 = Math.max(sy0 + 1, top + Math.floor(((ty + 1) * cropH) / th));
    for (let tx = 0; tx < tw; tx += 1) {
      const sx0 = left + Math.floor((tx * cropW) / tw);
      const sx1 = Math.max(sx0 + 1, left + Math.floor(((tx + 1) * cropW) / tw));
      let sum = 0;
      let on = 0;
      for (let y = sy0; y < sy1; y += 1) {
        for (let x = sx0; x < sx1; x += 1) {
          sum += grey[y * W + x]!;
          on += mask[y * W + x]!;
        }
      }
      const n = (sy1 - sy0) * (sx1 - sx0);
      const o = (ty * tw + tx) * 4;
      rgba[o] = rgba[o + 1] = rgba[o + 2] = Math.round(sum / n);
      rgba[o + 3] = 255;
      inside[ty * tw + tx] = on * 2 >= n ? 1 : 0;
    }
  }
  // Outline: inside pixels with an outside 4-neighbour (or on the thumbnail's edge).
  for (let y = 0; y < th; y += 1) {
    for (let x = 0; x < tw; x += 1) {
      if (!inside[y * tw + x]) continue;
      const edge = x === 0 || y === 0 || x === tw - 1 || y === th - 1 || !inside[y * tw + x - 1] || !inside[y * tw + x + 1] || !inside[(y - 1) * tw + x] || !inside[(y + 1) * tw + x];
      if (!edge) continue;
      const o = (y * tw + x) * 4;
      [rgba[o], rgba[o + 1], rgba[o + 2]] = OUTLINE;
    }
  }
  return { width: tw, height: th, rgba };
}
