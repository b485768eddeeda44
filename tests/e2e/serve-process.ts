// Starts `maskcue serve` as a user would (the built CLI) and reads its ready line. Shared by the
// end-to-end fixtures and the viewer benchmark; no Playwright import here.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface BrowserModeServer {
  url: string;
  workspace: string;
  process: ChildProcess;
  output: () => string;
}

export const READY_LINE = /^MaskCue ready at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/m;

export async function startServer(workspace: string, extraEnv: Record<string, string> = {}): Promise<BrowserModeServer> {
  const child = spawn(process.execPath, ['bin/maskcue.js', 'serve', '--workspace', workspace], {
    env: { ...process.env, MASKCUE_USER_DATA: join(workspace, '..', 'user-data'), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no ready line in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready:\n${output}`)));
  });
  return { url, workspace, process: child, output: () => output };
}

export async function stopServer(server: BrowserModeServer): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}

