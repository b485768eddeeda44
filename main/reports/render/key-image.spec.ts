// Key images: the outline is exactly the mask's boundary, the heat map colours exactly its non-zero
// cells, the scale bar is mm / spacing pixels long, orientation letters land at the edges, large
// images shrink by area averaging, and the PNG snapshot carries the same pixels.
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../segmentation/image/png';
import type { ReportFinding } from '../types';
import { heatAlpha, heatColour } from './colour-map';
import { LABEL_RGB, OUTLINE_RGB, maskBoundary, renderKeyImage } from './key-image';
import { chooseScaleBar, labelFor } from './scale-bar';
import { snapshotPng } from './snapshot-png';
import { syntheticFinding } from './spec-support';

const NONE = { outline: false, heatmap: false, scaleBar: false, orientation: false };

function isColour(rgb: Uint8Array, i: number, colour: readonly number[]): boolean {
  return rgb[i * 3] === colour[0] && rgb[i * 3 + 1] === colour[1] && rgb[i * 3 + 2] === colour[2];
}

/** Independent definition: a mask pixel within `depth` 4-steps (Manhattan) of a non-mask or off-image pixel. */
function bruteBoundary(mask: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (!mask[y * width + x]) continue;
      search: for (let dy = -depth; dy <= depth; dy += 1) {
        for (let dx = -depth; dx <= depth; dx += 1) {
          if (Math.abs(dx) + Math.abs(dy) > depth || (dx === 0 && dy === 0)) continue;
          const qx = x + dx;
          const qy = y + dy;
          if (qx < 0 || qy < 0 || qx >= width || qy >= height || !mask[qy * width + qx]) {
            out[y * width + x] = 1;
            break search;
          }
        }
      }
    }
  }
  return out;
}

describe('outline', () => {
  it('is exactly the mask boundary, 1 px deep, including where the mask meets the image edge', () => {
    const finding = syntheticFinding({ width: 96, height: 64, cx: 10, cy: 30, radius: 18 });
    const image = renderKeyImage(finding, { ...NONE, outline: true });
    expect([image.width, image.height]).toEqual([96, 64]);
    const expected = bruteBoundary(finding.mask, 96, 64, 1);
    let drawn = 0;
    for (let i = 0; i < 96 * 64; i += 1) {
      const outline = isColour(image.rgb, i, OUTLINE_RGB);
      expect(outline, `pixel ${i % 96},${Math.floor(i / 96)}`).toBe(expected[i] === 1);
      if (outline) drawn += 1;
      else expect(image.rgb[i * 3]).toBe(finding.display.grey![i]); // everything else untouched
    }
    expect(drawn).toBeGreaterThan(40);
    expect(finding.mask[0 * 96 + 0]).toBe(0);
    expect(expected[30 * 96 + 0]).toBe(1); // the disc crosses the left edge: the edge column is outline
  });

  it('is 2 px deep on large images, and maskBoundary matches the brute-force definition', () => {
    const finding = syntheticFinding({ width: 700, height: 300, radius: 90 });
    const image = renderKeyImage(finding, { ...NONE, outline: true });
    const expected = bruteBoundary(finding.mask, 700, 300, 2);
    let mismatches = 0;
    for (let i = 0; i < 700 * 300; i += 1) if (isColour(image.rgb, i, OUTLINE_RGB) !== (expected[i] === 1)) mismatches += 1;
    expect(mismatches).toBe(0);
    expect(Array.from(maskBoundary(finding.mask, 700, 300, 1))).toEqual(Array.from(bruteBoundary(finding.mask, 700, 300, 1)));
  });

  it('follows the mask through downscaling (area coverage ≥ ½) and whole-factor enlarging', () => {
    const big = syntheticFinding({ width: 2048, height: 1024, radius: 300 });
    const image = renderKeyImage(big, { ...NONE, outline: true });
    expect([image.width, image.height]).toEqual([1024, 512]);
    // The disc (radius 300 → 150 on the output) is outlined at the right radius, ±1 px.
    const row = 256;
    const hits: number[] = [];
    for (let x = 0; x < 1024; x += 1) if (isColour(image.rgb, row * 1024 + x, OUTLINE_RGB)) hits.push(x);
    expect(Math.abs(hits[0]! - (512 - 150))).toBeLessThanOrEqual(1);
    expect(Math.abs(hits[hits.length - 1]! - (512 + 149))).toBeLessThanOrEqual(1);

    const small = syntheticFinding({ width: 100, height: 80 });
    const grown = renderKeyImage(small, { ...NONE, outline: true, minSide: 400 });
    expect([grown.width, grown.height]).toEqual([400, 320]); // × 4, still under 512: 1 px deep
    const enlargedMask = new Uint8Array(400 * 320);
    for (let y = 0; y < 320; y += 1) for (let x = 0; x < 400; x += 1) enlargedMask[y * 400 + x] = small.mask[Math.floor(y / 4) * 100 + Math.floor(x / 4)]!;
    const expected = bruteBoundary(enlargedMask, 400, 320, 1);
    let mismatches = 0;
    for (let i = 0; i < expected.length; i += 1) if (isColour(grown.rgb, i, OUTLINE_RGB) !== (expected[i] === 1)) mismatches += 1;
    expect(mismatches).toBe(0);
  });
});

describe('heat map', () => {
  /** Uniform grey, so any change is the overlay's. */
  function flat(finding: ReportFinding, level: number): ReportFinding {
    return { ...finding, display: { width: finding.width, height: finding.height, grey: new Uint8Array(finding.width * finding.height).fill(level) } };
  }

  it('colours exactly the pixels whose cell is non-zero', () => {
    const finding = flat(syntheticFinding({ width: 160, height: 96 }), 128);
    const cell = 16;
    const hw = 10;
    const hh = 6;
    const data = new Float32Array(hw * hh);
    for (const [i, j, v] of [[2, 1, 1], [3, 1, 0.5], [3, 2, 1], [7, 4, 0.6], [0, 0, 0.8], [9, 5, 1]] as const) data[j * hw + i] = v;
    finding.heatmap = { width: hw, height: hh, cellSize: cell, data };
    const image = renderKeyImage(finding, { ...NONE, heatmap: true });
    let coloured = 0;
    for (let y = 0; y < 96; y += 1) {
      for (let x = 0; x < 160; x += 1) {
        const i = y * 160 + x;
        const changed = image.rgb[i * 3] !== 128 || image.rgb[i * 3 + 1] !== 128 || image.rgb[i * 3 + 2] !== 128;
        const cellValue = data[Math.floor(y / cell) * hw + Math.floor(x / cell)]!;
        expect(changed, `pixel ${x},${y}`).toBe(cellValue > 0);
        if (changed) coloured += 1;
      }
    }
    expect(coloured).toBe(6 * cell * cell);
  });

  it('blends the inferno colour at alpha ∝ value (exact at the centre of a uniform patch)', () => {
    const finding = flat(syntheticFinding({ width: 96, height: 96 }), 100);
    const data = new Float32Array(36).fill(0);
    for (let j = 1; j <= 3; j += 1) for (let i = 1; i <= 3; i += 1) data[j * 6 + i] = 0.6;
    finding.heatmap = { width: 6, height: 6, cellSize: 16, data };
    const image = renderKeyImage(finding, { ...NONE, heatmap: true });
    const centre = (40 * 96 + 40) * 3;
    const colour = heatColour(0.6);
    const alpha = heatAlpha(0.6);
    expect(Array.from(image.rgb.subarray(centre, centre + 3))).toEqual(colour.map((c) => Math.round(100 * (1 - alpha) + c * alpha)));
  });

  it('leaves the caller\'s display pixels alone', () => {
    const finding = syntheticFinding({ width: 64, height: 48, rgb: true });
    const before = finding.display.rgb!.slice();
    renderKeyImage(finding, { outline: true, heatmap: true, scaleBar: true, orientation: true });
    expect(Buffer.from(finding.display.rgb!).equals(Buffer.from(before))).toBe(true);
  });
});

describe('scale bar', () => {
  /** The longest horizontal run of label-white pixels in the bottom fifth: the bar itself. */
  function barRun(image: { width: number; height: number; rgb: Uint8Array }): number {
    let longest = 0;
    for (let y = Math.floor(image.height * 0.8); y < image.height; y += 1) {
      let run = 0;
      for (let x = 0; x < image.width; x += 1) {
        run = isColour(image.rgb, y * image.width + x, LABEL_RGB) ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
    }
    return longest;
  }

  it('is mm / spacing pixels long, with a round length', () => {
    const finding = syntheticFinding({ width: 400, height: 300, spacing: [0.13, 0.13] });
    const image = renderKeyImage(finding, { ...NONE, scaleBar: true });
    expect(image.scaleBar).toEqual({ mm: 10, px: Math.round(10 / 0.13), label: '1 cm' });
    expect(barRun(image)).toBe(Math.round(10 / 0.13));
  });

  it('uses the column spacing, and the output spacing after downscaling', () => {
    const aniso = renderKeyImage(syntheticFinding({ width: 400, height: 300, spacing: [0.5, 0.07] }), { ...NONE, scaleBar: true });
    expect(aniso.scaleBar!.mm).toBe(5);
    expect(barRun(aniso)).toBe(Math.round(5 / 0.07));

    const big = renderKeyImage(syntheticFinding({ width: 2000, height: 1000, spacing: [0.05, 0.05] }), { ...NONE, scaleBar: true });
    const mmPerPx = (0.05 * 2000) / 1024;
    expect(big.width).toBe(1024);
    expect(big.mmPerPx).toBeCloseTo(mmPerPx, 12);
    expect(big.scaleBar!.mm).toBe(20);
    expect(barRun(big)).toBe(Math.round(20 / mmPerPx));
  });

  it('is absent without a pixel spacing', () => {
    const image = renderKeyImage(syntheticFinding({ spacing: null }), { ...NONE, scaleBar: true });
    expect(image.scaleBar).toBeNull();
    expect(barRun(image)).toBe(0);
  });

  it('chooses 1/2/5 × 10^k mm within a quarter of the width and labels it', () => {
    expect(chooseScaleBar(0.1, 512)).toEqual({ mm: 10, px: 100, label: '1 cm' });
    expect(chooseScaleBar(0.3, 512)).toEqual({ mm: 20, px: 67, label: '2 cm' });
    expect(chooseScaleBar(0.01, 512)).toEqual({ mm: 1, px: 100, label: '1 mm' });
    expect(chooseScaleBar(0.004, 600)).toEqual({ mm: 0.5, px: 125, label: '0.5 mm' });
    expect(chooseScaleBar(1, 1000)).toEqual({ mm: 200, px: 200, label: '20 cm' });
    expect(chooseScaleBar(0, 512)).toBeNull();
    expect(chooseScaleBar(Number.NaN, 512)).toBeNull();
    expect(labelFor(5)).toBe('5 mm');
    expect(labelFor(50)).toBe('5 cm');
  });
});

describe('orientation letters', () => {
  function whiteIn(image: { width: number; rgb: Uint8Array }, x0: number, y0: number, x1: number, y1: number): number {
    let n = 0;
    for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) if (isColour(image.rgb, y * image.width + x, LABEL_RGB)) n += 1;
    return n;
  }

  it('are drawn at the four edges when known, and nowhere when not', () => {
    const finding = syntheticFinding({ width: 400, height: 300 });
    const on = renderKeyImage(finding, { ...NONE, orientation: true });
    expect(whiteIn(on, 0, 120, 40, 180)).toBeGreaterThan(10); // left: R
    expect(whiteIn(on, 360, 120, 400, 180)).toBeGreaterThan(10); // right: L
    expect(whiteIn(on, 170, 0, 230, 40)).toBeGreaterThan(10); // top: A
    expect(whiteIn(on, 170, 260, 230, 300)).toBeGreaterThan(10); // bottom: P
    const off = renderKeyImage({ ...finding, orientation: null }, { ...NONE, orientation: true });
    expect(whiteIn(off, 0, 0, 400, 300)).toBe(0);
  });
});

describe('downscaling and snapshots', () => {
  it('averages areas: a one-pixel checkerboard of 0/200 shrinks to flat 100', () => {
    const w = 2048;
    const h = 1536;
    const grey = new Uint8Array(w * h);
    for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) grey[y * w + x] = (x + y) % 2 ? 200 : 0;
    const finding: ReportFinding = { ...syntheticFinding({ width: w, height: h }), display: { width: w, height: h, grey } };
    const image = renderKeyImage(finding, NONE);
    expect([image.width, image.height]).toEqual([1024, 768]);
    expect(image.rgb.every((v) => v === 100)).toBe(true);
    const odd = renderKeyImage(finding, { ...NONE, maxSide: 700 }); // 2.93 source pixels per output pixel
    expect([odd.width, odd.height]).toEqual([700, 525]);
    let worst = 0;
    for (const v of odd.rgb) worst = Math.max(worst, Math.abs(v - 100));
    expect(worst).toBeLessThanOrEqual(12);
  });

  it('snapshotPng is the key image as an RGB PNG', () => {
    const finding = syntheticFinding({ width: 320, height: 240 });
    const options = { outline: true, heatmap: true, scaleBar: true, orientation: true };
    const png = decodePng(snapshotPng(finding, options));
    const image = renderKeyImage(finding, options);
    expect([png.width, png.height]).toEqual([320, 240]);
    expect(Buffer.from(png.rgb!).equals(Buffer.from(image.rgb))).toBe(true);
  });

  it('says what to do when the display pixels are missing', () => {
    const finding = syntheticFinding();
    expect(() => renderKeyImage({ ...finding, display: { width: 10, height: 10 } }, NONE)).toThrow(/no usable display pixels/);
  });
});
