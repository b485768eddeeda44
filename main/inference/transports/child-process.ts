// The host as a Node child process (plain Node: CLI, browser mode, tests). A native crash in ORT kills
// only the child. serialization 'advanced' makes IPC use the V8 serializer, so typed arrays (including
// BigInt64Array) arrive as typed arrays instead of JSON objects; the bytes are copied through the pipe.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TransportEvents, type HostEntry, type HostTransport, type TransportFactory } from './transport';

export class ChildProcessTransport implements HostTransport {
  readonly kind = 'child-process';
  private readonly events = new TransportEvents();
  private child: ChildProcess | null = null;

  constructor(private readonly entry: HostEntry) {}

  start(): void {
    const child = fork(fileURLToPath(this.entry.url), [], {
      execArgv: this.entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('message', (message: unknown) => this.events.message(message));
    child.on('exit', (code, signal) => {
      this.events.exit(signal ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`);
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
