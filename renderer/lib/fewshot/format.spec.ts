import { describe, expect, it } from 'vitest';
import {
  classifierName,
  formatDate,
  formatDelta,
  formatPercent,
  formatProbability,
  packLine,
  phaseFraction,
  phaseText,
  probabilityLine,
  rankedClasses,
  verdictOf,
} from './format';

const result = { classes: ['hemangioma', 'metastasis'], probabilities: [0.19, 0.81], top: 1, uncertain: false };

describe('classification formatting', () => {
  it('writes the answer as the walkthrough does: most probable first, two decimals', () => {
    expect(probabilityLine(result)).toBe('metastasis 0.81, hemangioma 0.19');
    expect(verdictOf(result)).toEqual({ uncertain: false, className: 'metastasis', probability: 0.81, text: 'metastasis 0.81' });
    expect(packLine(3, [5, 7])).toBe('pack v3, 12 exemplars');
    expect(packLine(1, [1])).toBe('pack v1, 1 exemplar');
  });

  it('says "uncertain" below the threshold but still names the closest class', () => {
    const verdict = verdictOf({ ...result, probabilities: [0.45, 0.55], uncertain: true });
    expect(verdict.text).toBe('uncertain');
    expect(verdict.className).toBe('metastasis');
    expect(verdict.probability).toBe(0.55);
  });

  it('ranks classes by probability, ties in pack order, and marks the top one', () => {
    const ranked = rankedClasses({ classes: ['a', 'b', 'c'], probabilities: [0.25, 0.5, 0.25], top: 1 });
    expect(ranked.map((r) => r.name)).toEqual(['b', 'a', 'c']);
    expect(ranked.map((r) => r.top)).toEqual([true, false, false]);
    expect(ranked.map((r) => r.index)).toEqual([1, 0, 2]);
  });

  it('clamps and guards numbers', () => {
    expect(formatProbability(1.2)).toBe('1.00');
    expect(formatProbability(Number.NaN)).toBe('—');
    expect(formatPercent(0.8349)).toBe('83%');
    expect(formatPercent(null)).toBe('—');
    expect(formatDelta(0.83, 0.75)).toBe('+8 pts');
    expect(formatDelta(0.7, 0.75)).toBe('−5 pts');
    expect(formatDelta(0.75, 0.751)).toBe('±0 pts');
  });

  it('names the classifier and the training phase', () => {
    expect(classifierName('radiomics', 'radiomics')).toBe('Radiomics');
    expect(classifierName('clip', 'clip-vit-b16')).toBe('CLIP (clip-vit-b16)');
    expect(phaseText(null)).toBe('Starting…');
    expect(phaseText({ jobId: 'j', phase: 'cross-validation', done: 3, total: 5 })).toBe('Cross-validation 3 / 5');
    expect(phaseText({ jobId: 'j', phase: 'embedding', done: 14, total: 12 })).toBe('Embedding exemplars 12 / 12');
    expect(phaseText({ jobId: 'j', phase: 'done', done: 1, total: 1 })).toBe('Done');
    expect(phaseFraction({ jobId: 'j', phase: 'training', done: 50, total: 200 })).toBe(0.25);
    expect(phaseFraction({ jobId: 'j', phase: 'training', done: 0, total: 0 })).toBeNull();
    expect(phaseFraction(null)).toBeNull();
  });

  it('shows dates in local time, minutes precision', () => {
    const local = new Date(2025, 2, 4, 14, 22, 31);
    expect(formatDate(local.toISOString())).toBe('2025-03-04 14:22');
    expect(formatDate('not a date')).toBe('not a date');
  });
});
