// `npm run bench [-- GROUP...]`: every capability's benchmark (or the groups named: foundation, import,
// decode, viewer, segment, fewshot, report), printed as a table of ratios against a baseline measured
// in the same run, and written to test-results/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { runFoundationBench, type BenchRow } from './foundation.bench';
import { benchDecode } from './decode.bench';
import { benchFewshot } from './fewshot.bench';
import { benchHeaderScan } from './import.bench';
import { benchReport } from './report.bench';
import { benchSegment } from './segment.bench';
import { benchViewer } from './viewer.bench';

const GROUPS: Record<string, () => Promise<BenchRow[]>> = {
  foundation: runFoundationBench,
  import: async () => [await benchHeaderScan()],
  decode: benchDecode,
  viewer: benchViewer,
  segment: benchSegment,
  fewshot: benchFewshot,
  report: benchReport,
};
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in GROUPS));
if (unknown.length) {
  console.error(`bench: unknown group ${unknown.join(', ')} (groups: ${Object.keys(GROUPS).join(', ')})`);
  process.exit(2);
}
const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(GROUPS)) if (wanted.length === 0 || wanted.includes(name)) rows.push(...(await run()));

const table = [
  ['benchmark', 'MaskCue', 'baseline', 'ratio', 'note'],
  ...rows.map((row) => [row.name, row.ours, row.baseline, `${row.ratio.toFixed(2)}×`, row.note]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
console.log(`MaskCue benchmarks — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
process.exit(0);
