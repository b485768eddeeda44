import { describe, expect, it } from 'vitest';
import { HEAT_FLOOR, heatAlpha, heatColour, heatPixels, hotCells } from './heat-ramp';

describe('heat map colours', () => {
  it('runs from dark red to pale yellow, warm all the way (no blue: masks use it)', () => {
    expect(heatColour(0)).toEqual([120, 0, 0]);
    expect(heatColour(1)).toEqual([255, 245, 90]);
    for (let v = 0; v <= 1; v += 0.05) {
      const [r, g, b] = heatColour(v);
      expect(r).toBeGreaterThanOrEqual(g);
      expect(r).toBeGreaterThan(b);
    }
    // Brighter with more heat.
    const luminance = (v: number) => heatColour(v).reduce((a, c) => a + c, 0);
    expect(luminance(0.8)).toBeGreaterThan(luminance(0.5));
    expect(luminance(0.5)).toBeGreaterThan(luminance(0.2));
    expect(heatColour(Number.NaN)).toEqual(heatColour(0));
  });

  it('leaves cold cells transparent and makes hot ones more opaque', () => {
    expect(heatAlpha(0, 0.6)).toBe(0);
    expect(heatAlpha(HEAT_FLOOR / 2, 0.6)).toBe(0);
    expect(heatAlpha(1, 0.6)).toBeCloseTo(0.6);
    expect(heatAlpha(0.5, 0.6)).toBeLessThan(heatAlpha(0.9, 0.6));
  });

  it('turns a grid into RGBA, one pixel per cell', () => {
    const heatmap = { width: 3, height: 1, data: new Float32Array([0, 0.5, 1]) };
    const pixels = heatPixels(heatmap, 1);
    expect(pixels.length).toBe(12);
    expect(Array.from(pixels.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(pixels[7]).toBeGreaterThan(0);
    expect(pixels[11]).toBe(255);
    expect(Array.from(pixels.slice(8, 11))).toEqual([255, 245, 90]);
    expect(hotCells(heatmap)).toBe(2);
  });

  it('tolerates a data array shorter than the grid', () => {
    expect(heatPixels({ width: 2, height: 2, data: new Float32Array([1]) }, 1)[3]).toBe(255);
  });
});
