// `npm run bench`: every capability's benchmark, printed as a table of ratios against a baseline
// measured in the same run, and written to test-results/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { runFoundationBench, type BenchRow } from './foundation.bench';
import { benchDecode } from './decode.bench';
import { benchFewshot } from './fewshot.bench';
import { benchHeaderScan } from './import.bench';
import { benchReport } from './report.bench';
import { benchSegment } from './segment.bench';
import { benchViewer } from './viewer.bench';

const rows: BenchRow[] = [...(await runFoundationBench()), await benchHeaderScan(), ...(await benchDecode()), ...(await benchViewer()), ...(await benchSegment()), ...(await benchFewshot()), ...(await benchReport())];

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
