// How segmentation facts read on screen: which engine ran and how fast, areas, labels and their colours.

const ENGINE_NAMES: Record<string, string> = { growcut: 'GrowCut', sam2: 'SAM2', brush: 'Brush' };
const PROVIDER_NAMES: Record<string, string> = { cpu: 'CPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU' };

export function engineName(engine: string, modelId: string | null = null): string {
  const name = ENGINE_NAMES[engine.toLowerCase()] ?? engine;
  return modelId && modelId !== engine && modelId.toLowerCase() !== 'growcut' ? `${name} (${modelId})` : name;
}

export function providerName(provider: string | null): string {
  if (!provider) return '';
  return PROVIDER_NAMES[provider.toLowerCase()] ?? provider;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "GrowCut · CPU · 112 ms". */
export function runLine(run: { engine: string; modelId: string | null; provider: string | null; totalMs: number }): string {
  return [engineName(run.engine, run.modelId), providerName(run.provider), formatMs(run.totalMs)].filter(Boolean).join(' · ');
}

/** mm² when the pixel spacing is known ([row, column] spacing, mm), else pixels. */
export function formatArea(areaPx: number, spacing: [number, number] | null, areaMm2: number | null = null): string {
  const mm2 = areaMm2 ?? (spacing ? areaPx * spacing[0] * spacing[1] : null);
  if (mm2 !== null && Number.isFinite(mm2)) return mm2 >= 100 ? `${Math.round(mm2)} mm²` : `${Number(mm2.toFixed(1))} mm²`;
  return `${areaPx} px`;
}

export const DEFAULT_LABEL = 'Finding 1';

/** "Finding 3" after "Finding 1" and "Finding 2" are taken (or the first free number). */
export function nextLabel(taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n += 1) if (!used.has(`Finding ${n}`)) return `Finding ${n}`;
}

/** Distinct on greyscale, and none of them the pure green and red of the prompt markers. */
export const SEGMENT_COLOURS = ['#36c5f0', '#f7b538', '#c77dff', '#ff7b54', '#5ee6a8', '#ff5d8f', '#4d96ff', '#e9ff70'] as const;

/** Colours handed out in the order labels are first seen, so a label keeps its colour for the session. */
export class LabelColours {
  readonly #assigned = new Map<string, number>();

  /** Index into SEGMENT_COLOURS (the panel's swatches are classes .swatch-0 … .swatch-7: no inline styles). */
  indexOf(label: string): number {
    let index = this.#assigned.get(label);
    if (index === undefined) {
      index = this.#assigned.size % SEGMENT_COLOURS.length;
      this.#assigned.set(label, index);
    }
    return index;
  }

  colourOf(label: string): string {
    return SEGMENT_COLOURS[this.indexOf(label)]!;
  }
}

export function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
