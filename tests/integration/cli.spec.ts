// The `maskcue` command and `npm start` as a user runs them: the built CLI in a child process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/workspace/workspace';

const READY = /^MaskCue ready at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{32})$/m;

let root: string;
const children: ReturnType<typeof spawn>[] = [];

function env(extra: Record<string, string> = {}) {
  return { ...process.env, MASKCUE_USER_DATA: join(root, 'user-data'), MASKCUE_NO_BROWSER: '1', ...extra };
}

function startUntil(args: string[], pattern: RegExp, extraEnv: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, args, { env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no match for ${pattern} in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}

function cli(args: string[]) {
  return spawnSync(process.execPath, ['bin/maskcue.js', ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-cli-'));
  if (spawnSync(process.execPath, ['-e', "process.exit(require('fs').existsSync('dist/main/cli.js') ? 0 : 1)"]).status !== 0) {
    spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
  }
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('maskcue CLI', () => {
  it('prints help naming its commands', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: maskcue/);
    expect(result.stdout).toMatch(/serve \[options\]/);
    expect(result.stdout).toMatch(/models/);
  });

  it('serve prints exactly one ready line, and a second instance on the same workspace is told why it cannot open it', async () => {
    const workspace = join(root, 'ws-serve');
    const first = await startUntil(['bin/maskcue.js', 'serve', '--workspace', workspace], READY);
    const lines = first.split('\n').filter((line) => line.startsWith('MaskCue ready at'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(READY);

    const second = cli(['serve', '--workspace', workspace]);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/already open in MaskCue/);
    expect(second.stderr).toContain(workspace);
    expect(second.stdout).not.toMatch(READY);
  });

  it('refuses a workspace whose database is corrupt, names the file and leaves it untouched', () => {
    const workspace = join(root, 'ws-corrupt');
    Workspace.open(workspace).close();
    const garbage = Buffer.from('this is not a sqlite database, it is a note a user kept here');
    writeFileSync(join(workspace, 'workspace.sqlite'), garbage);
    const result = cli(['serve', '--workspace', workspace]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(workspace, 'workspace.sqlite'));
    expect(result.stderr).toMatch(/backup|move it aside/i);
    expect(readFileSync(join(workspace, 'workspace.sqlite'))).toEqual(garbage);
  });

  it('models list shows the embedded engines and the execution provider that really runs', () => {
    const result = cli(['models', 'list', '--json']);
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout) as { models: { id: string }[]; probe: { provider: string; attempts: { provider: string; ok: boolean }[] } };
    expect(parsed.models.map((m) => m.id)).toEqual(expect.arrayContaining(['growcut', 'radiomics']));
    expect(parsed.probe.provider).toBe('cpu');
    expect(parsed.probe.attempts.at(-1)).toMatchObject({ provider: 'cpu', ok: true });
    const table = cli(['models', 'list']);
    expect(table.stdout).toMatch(/^ID\s+TASK\s+FAMILY\s+SIZE\s+INSTALLED\s+PROVIDER/m);
    expect(table.stdout).toMatch(/^Execution provider: cpu/m);
  });

  it('npm start explains the missing Electron binary and starts browser mode instead of crashing', async () => {
    const output = await startUntil(['scripts/start.mjs'], READY, { MASKCUE_WORKSPACE: join(root, 'ws-start'), ELECTRON_OVERRIDE_DIST_PATH: join(root, 'no-electron-here') });
    expect(output).toMatch(/The desktop window needs Electron/);
    expect(output).toMatch(/Starting MaskCue in browser mode instead/);
    expect(output).toMatch(READY);
  });
});
