// The evaluation as a person reads it in a terminal: one line per (engine, view, K), mean ± std over
// the seeds, in percent; then the summed confusion matrix of the best view at the largest K.

import type { EvaluationReport, Summary } from './protocol';

function pct(s: Summary): string {
  return `${(100 * s.mean).toFixed(1).padStart(5)} ± ${(100 * s.std).toFixed(1).padEnd(4)}`;
}

export function formatTable(report: EvaluationReport): string {
  const lines: string[] = [];
  const { dataset } = report;
  lines.push(`${dataset.path}: ${report.classes.map((c, i) => `${c} ${dataset.imagesPerClass[i]}`).join(', ')} images`);
  const m = dataset.maskSources;
  lines.push(`masks: ${m.files} from files, ${m.noMaskFile} without a mask file and ${m.emptyMask} with an empty mask (both: whole image)${dataset.skipped.length ? `, ${dataset.skipped.length} skipped` : ''}`);
  lines.push(`stage ${report.stage}${report.focus ? `, focus ${report.focus}` : ''}${report.zeroShotInput ? `, zero-shot scores the ${report.zeroShotInput} view` : ''}`);
  const header = ['engine', 'view', 'K', 'seeds', 'accuracy %', 'balanced acc %', 'macro-F1 %'];
  const rows = report.results.map((r) => [r.engine, r.view, String(r.shots), String(r.seeds), pct(r.accuracy), pct(r.balancedAccuracy), pct(r.macroF1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  lines.push('', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
  for (const s of report.skippedShots) lines.push(`K=${s.shots} skipped: ${s.reason}`);
  if (report.results.length) {
    const largest = Math.max(...report.results.map((r) => r.shots));
    const best = report.results.filter((r) => r.shots === largest).sort((a, b) => b.balancedAccuracy.mean - a.balancedAccuracy.mean)[0]!;
    lines.push('', `confusion (rows true, columns predicted), ${best.engine} ${best.view}, K=${largest}, summed over ${best.seeds} seed(s):`);
    const nameWidth = Math.max(...report.classes.map((c) => c.length));
    const cellWidth = Math.max(...report.classes.map((c) => c.length), ...best.confusion.flat().map((n) => String(n).length));
    lines.push(`${''.padEnd(nameWidth)}  ${report.classes.map((c) => c.padStart(cellWidth)).join('  ')}`);
    best.confusion.forEach((row, t) => lines.push(`${report.classes[t]!.padEnd(nameWidth)}  ${row.map((n) => String(n).padStart(cellWidth)).join('  ')}`));
  }
  const t = report.timings;
  lines.push('', `embedding ${(t.embedMs / 1000).toFixed(1)} s, training ${(t.trainMs / 1000).toFixed(1)} s (${t.trainings} heads), total ${(t.totalMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
