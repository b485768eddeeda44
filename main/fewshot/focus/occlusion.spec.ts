// Occlusion plan and heat map: cells on the image's grid over the mask and its margin, at most
// maxCells of them, filled with mean grey; a scorer that depends on one pixel lights exactly one cell.
import { describe, expect, it } from 'vitest';
import { heatFromDrops, occlusionPlan } from './occlusion';

const W = 120;
const H = 90;

function scene(): { image: { width: number; height: number; grey: Uint8Array }; mask: Uint8Array } {
  const grey = new Uint8Array(W * H);
  for (let i = 0; i < grey.length; i += 1) grey[i] = (i * 37) % 200;
  const mask = new Uint8Array(W * H);
  for (let y = 30; y < 60; y += 1) for (let x = 40; x < 80; x += 1) mask[y * W + x] = 1;
  return { image: { width: W, height: H, grey }, mask };
}

describe('occlusionPlan', () => {
  it('covers the mask box plus margin with at most 48 aligned cells', () => {
    const { image, mask } = scene();
    const plan = occlusionPlan(image, mask);
    expect(plan.cells.length).toBeLessThanOrEqual(48);
    expect(plan.cells.length).toBeGreaterThan(20);
    const s = plan.cellSize;
    expect(plan.gridWidth).toBe(Math.ceil(W / s));
    expect(plan.gridHeight).toBe(Math.ceil(H / s));
    // Margin 0.25 × 40 = 10 px: the region is x 30..89, y 20..69; every pixel of it is in some cell.
    const covered = (x: number, y: number): boolean => plan.cells.some((c) => x >= c.x && x < c.x + c.width && y >= c.y && y < c.y + c.height);
    for (const [x, y] of [[30, 20], [89, 69], [60, 45], [30, 69]] as const) expect(covered(x, y)).toBe(true);
    for (const c of plan.cells) {
      expect(c.x).toBe(c.i * s);
      expect(c.y).toBe(c.j * s);
    }
    // The smallest such size: one less would need more than 48 cells.
    const count = (t: number): number => (Math.floor(89 / t) - Math.floor(30 / t) + 1) * (Math.floor(69 / t) - Math.floor(20 / t) + 1);
    expect(count(s)).toBe(plan.cells.length);
    expect(count(s - 1)).toBeGreaterThan(48);
  });

  it('fills one cell with the mean grey and leaves the rest and the mask alone', () => {
    const { image, mask } = scene();
    const plan = occlusionPlan(image, mask);
    const mean = Math.round(image.grey.reduce((a, b) => a + b, 0) / image.grey.length);
    expect(plan.fill).toBe(mean);
    const before = image.grey.slice();
    const cell = plan.cells[5]!;
    const out = plan.occlude(5);
    expect(out.mask).toBe(mask);
    for (let y = 0; y < H; y += 1) {
      for (let x = 0; x < W; x += 1) {
        const inside = x >= cell.x && x < cell.x + cell.width && y >= cell.y && y < cell.y + cell.height;
        expect(out.image.grey![y * W + x]).toBe(inside ? mean : image.grey[y * W + x]);
      }
    }
    expect(image.grey).toEqual(before); // the source is not modified
  });

  it('fills RGB cells on all three channels', () => {
    const rgb = new Uint8Array(10 * 10 * 3).fill(90);
    const mask = new Uint8Array(100);
    mask[55] = 1;
    const plan = occlusionPlan({ width: 10, height: 10, rgb }, mask, { maxCells: 4 });
    const out = plan.occlude(0);
    const c = plan.cells[0]!;
    expect([...out.image.rgb!.subarray((c.y * 10 + c.x) * 3, (c.y * 10 + c.x) * 3 + 3)]).toEqual([90, 90, 90]);
  });

  it('uses the whole image when the mask is empty', () => {
    const { image } = scene();
    const plan = occlusionPlan(image, new Uint8Array(W * H), { maxCells: 12 });
    expect(plan.cells.length).toBeLessThanOrEqual(12);
    expect(plan.cells.some((c) => c.x === 0 && c.y === 0)).toBe(true);
    expect(plan.cells.some((c) => c.x + c.width === W && c.y + c.height === H)).toBe(true);
  });
});

describe('heatFromDrops', () => {
  it('lights only the cell whose occlusion matters', () => {
    const { image, mask } = scene();
    const plan = occlusionPlan(image, mask);
    // A scorer that looks at one pixel only: the top class's probability falls when it is greyed.
    const key = { x: 52, y: 41 };
    const original = image.grey[key.y * W + key.x]!;
    const score = (grey: Uint8Array): number => (grey[key.y * W + key.x] === original ? 0.9 : 0.3);
    const base = score(image.grey);
    const heat = heatFromDrops(plan, base, plan.cells.map((_, k) => score(plan.occlude(k).image.grey!)));
    expect(heat.width).toBe(plan.gridWidth);
    expect(heat.cellSize).toBe(plan.cellSize);
    const lit = [...heat.data.entries()].filter(([, v]) => v > 0);
    expect(lit).toHaveLength(1);
    const [index, value] = lit[0]!;
    expect(value).toBe(1);
    expect(index).toBe(Math.floor(key.y / heat.cellSize) * heat.width + Math.floor(key.x / heat.cellSize));
  });

  it('clamps rises to 0, max-normalises, and checks the count', () => {
    const { image, mask } = scene();
    const plan = occlusionPlan(image, mask, { maxCells: 4 });
    const probs = plan.cells.map((_, k) => [0.5, 0.7, 0.4, 0.6][k % 4]!);
    const heat = heatFromDrops(plan, 0.6, probs);
    const values = plan.cells.map((c) => heat.data[c.j * heat.width + c.i]!);
    expect(values.map((v) => Number(v.toFixed(6)))).toEqual(plan.cells.map((_, k) => [0.5, 0, 1, 0][k % 4]!));
    expect(() => heatFromDrops(plan, 0.6, [0.1])).toThrow(/cells but 1 probabilities/);
  });
});
