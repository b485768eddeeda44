// The host as a worker_threads Worker: cheapest to start, buffers are transferred, not copied. But it
// shares the process with main, and with onnxruntime-node 1.30 that is fragile:
// - a native crash in ORT takes main down too (prefer utilityProcess in Electron, a child process
//   under plain Node);
// - worker.terminate() while the worker is inside session.run (or session creation) does not wait
//   for the call to return: when it does, the binding throws Napi::Error into a terminating isolate
//   and the WHOLE PROCESS aborts ("terminate called after throwing an instance of 'Napi::Error'",
//   SIGABRT, verified). The same happens if main exits while a run is in progress.
// So kill() never terminates: it asks the host to shut down, and the host exits by itself once the
// running request has returned (tests/integration/inference-host.spec.ts pins this behaviour).

import { Worker } from 'node:worker_threads';
import { TransportEvents, type HostEntry, type HostTransport, type TransportFactory } from './transport';

/** Node 20 ignores --import in a Worker's execArgv: install loader hooks from inside, then import. */
function bootstrapSource(hooks: URL, entry: URL): string {
  return (
    `import(${JSON.stringify(hooks.href)})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })` +
    // Rethrown outside the promise so it is an uncaught error: the worker exits and says why.
    `.catch((e) => setImmediate(() => { throw e; }));`
  );
}

function withoutImports(execArgv: readonly string[]): string[] {
  return execArgv.filter((arg, i) => arg !== '--import' && execArgv[i - 1] !== '--import');
}

export class WorkerThreadTransport implements HostTransport {
  readonly kind = 'worker';
  private readonly events = new TransportEvents();
  private worker: Worker | null = null;
  private lastError: string | null = null;
  private spoke = false;

  constructor(private readonly entry: HostEntry) {}

  start(): void {
    const options = { execArgv: withoutImports(this.entry.execArgv), name: 'maskcue-inference' };
    const worker = this.entry.registerHooks
      ? new Worker(bootstrapSource(this.entry.registerHooks, this.entry.url), { ...options, eval: true })
      : new Worker(this.entry.url, options);
    this.worker = worker;
    worker.on('message', (message: unknown) => {
      this.spoke = true;
      this.events.message(message);
    });
    worker.on('error', (e: Error) => {
      this.lastError = e.message;
    });
    worker.on('exit', (code: number) => {
      this.events.exit(this.lastError ? `uncaught error: ${this.lastError}` : `worker exit code ${code}`);
    });
  }

  send(message: unknown, transfer: readonly ArrayBuffer[] = []): void {
    this.worker?.postMessage(message, [...transfer]);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.events.onMessage(listener);
  }

  onExit(listener: (reason: string) => void): void {
    this.events.onExit(listener);
  }

  kill(): void {
    const worker = this.worker;
    if (!worker || this.events.hasExited) return;
    // Before 'ready' the host has received no request, so ORT is not even loaded: terminate is safe
    // (and needed when start-up hangs). After it, only a shutdown the host carries out itself is.
    // The worker stays ref'd: letting the process exit under a running session aborts it too.
    if (!this.spoke) void worker.terminate();
    else worker.postMessage({ type: 'shutdown', requestId: 'shutdown' });
  }

  /** The Worker itself, for diagnostics and tests. */
  get handle(): Worker | null {
    return this.worker;
  }
}

export const workerThreadTransport: TransportFactory = {
  name: 'worker',
  create: (entry) => new WorkerThreadTransport(entry),
};
