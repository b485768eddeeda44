// The host as a Node child process (plain Node: CLI, browser mode, tests). A native crash in ORT kills
// only the child. serialization 'advanced' makes IPC use the V8 serializer, so typed arrays (including
// BigInt64Array) arrive as typed arrays instead of JSON objects; the bytes are copied through the pipe.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TransportEvents, type HostEntry, type HostTransport, type TransportFactory } from './transport';

const STDERR_TAIL_LINES = 20;

export class ChildProcessTransport implements HostTransport {
  readonly kind = 'child-process';
  private readonly events = new TransportEvents();
  private child: ChildProcess | null = null;
  private stderrTail: string[] = [];

  constructor(private readonly entry: HostEntry) {}

  start(): void {
    const child = fork(fileURLToPath(this.entry.url), [], {
      execArgv: this.entry.execArgv,
      serialization: 'advanced',
      // ORT logs each refused provider in red on stderr; that is expected noise for the user, but the
      // last lines are what explains a crash, so keep a tail for the exit reason (MASKCUE_DEBUG echoes all).
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.stderrTail = [];
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (process.env.MASKCUE_DEBUG) process.stderr.write(chunk);
      this.stderrTail = [...this.stderrTail, ...chunk.split('\n').filter((line) => line.trim())].slice(-STDERR_TAIL_LINES);
    });
    child.on('message', (message: unknown) => this.events.message(message));
    child.on('exit', (code, signal) => {
      // eslint-disable-next-line no-control-regex -- strips ORT's ANSI colour codes from its log line
      const last = this.stderrTail.at(-1)?.replace(/\x1b\[[0-9;]*m/g, '').trim();
      const how = signal ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
      this.events.exit(last ? `${how}; its last words: ${last.slice(0, 300)}` : how);
    });
    child.on('error', (e) => {
      // Failing to spawn emits 'error' and no 'exit'; other errors (a send after death) precede 'exit'.
      if (child.pid === undefined) this.events.exit(`could not start: ${e.message}`);
    });
  }

  send(message: unknown): void {
    const child = this.child;
    if (!child?.connected) return;
    // A send racing the child's death fails in this callback; 'exit' follows and fails the request
    // with the real reason, so the send error itself is not worth reporting.
    child.send(message as Parameters<ChildProcess['send']>[0], () => undefined);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.events.onMessage(listener);
  }

  onExit(listener: (reason: string) => void): void {
    this.events.onExit(listener);
  }

  kill(): void {
    this.child?.kill('SIGKILL');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
}

export const childProcessTransport: TransportFactory = {
  name: 'child-process',
  create: (entry) => new ChildProcessTransport(entry),
};
