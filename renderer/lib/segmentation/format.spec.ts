import { describe, expect, it } from 'vitest';
import { engineName, formatArea, LabelColours, nextLabel, runLine, SEGMENT_COLOURS } from './format';

describe('segmentation formatting', () => {
  it('says which engine ran, where, and how fast', () => {
    expect(runLine({ engine: 'growcut', modelId: 'growcut', provider: 'cpu', totalMs: 112.4 })).toBe('GrowCut · CPU · 112 ms');
    expect(runLine({ engine: 'sam2', modelId: 'sam2.1-tiny', provider: 'cuda', totalMs: 4.25 })).toBe('SAM2 (sam2.1-tiny) · CUDA · 4.3 ms');
    expect(engineName('brush')).toBe('Brush');
  });

  it('gives areas in mm² when the spacing is known', () => {
    expect(formatArea(400, [0.5, 0.5])).toBe('100 mm²');
    expect(formatArea(10, [0.5, 0.5])).toBe('2.5 mm²');
    expect(formatArea(10, null)).toBe('10 px');
    expect(formatArea(10, null, 12.345)).toBe('12.3 mm²');
  });

  it('numbers new findings and keeps a colour per label', () => {
    expect(nextLabel([])).toBe('Finding 1');
    expect(nextLabel(['Finding 1', 'Finding 3'])).toBe('Finding 2');
    const colours = new LabelColours();
    expect(colours.colourOf('Finding 1')).toBe(SEGMENT_COLOURS[0]);
    expect(colours.colourOf('liver')).toBe(SEGMENT_COLOURS[1]);
    expect(colours.indexOf('liver')).toBe(1);
    expect(colours.colourOf('Finding 1')).toBe(SEGMENT_COLOURS[0]);
  });
});
