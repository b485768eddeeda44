// Measurements on a 0/1 mask (one byte per pixel, row-major) that main and the renderer both need.

export interface PixelBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function countSet(data: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 1) if (data[i]) n += 1;
  return n;
}

/** The smallest box (inclusive pixel indices) holding every set pixel, or null for an empty mask. */
export function setBounds(data: Uint8Array, width: number, height: number): PixelBox | null {
  let x1 = width;
  let y1 = height;
  let x2 = -1;
  let y2 = -1;
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      if (!data[row + x]) continue;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
    }
  }
  return x2 < 0 ? null : { x1, y1, x2, y2 };
}
