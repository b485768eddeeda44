// What the client needs from whatever runs the host: start it, exchange messages, learn that it died,
// kill it. One implementation per runtime (worker thread, Node child process, Electron utilityProcess).

export interface HostEntry {
  /** file: URL of the host module (dist/main/inference-host.js, or host/entry.ts from source). */
  url: URL;
  /** Node flags the host needs, e.g. ['--import', <tsx loader>] when running TypeScript from source. */
  execArgv: string[];
  /**
   * Worker threads only: a module whose register() installs loader hooks before the entry is imported.
   * Node 20 ignores --import in a Worker's execArgv, so from source this is tsx/esm/api.
   */
  registerHooks?: URL;
}

export interface HostTransport {
  /** Shown in InferenceStatus.transport ('worker', 'child-process', 'utility-process'). */
  readonly kind?: string;
  start(): void;
  /** `transfer` moves buffers instead of copying them where the channel can (worker threads only). */
  send(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, however the host ended (crash, signal, kill(), failure to start). */
  onExit(listener: (reason: string) => void): void;
  kill(): void;
}

export interface TransportFactory {
  /** Shown in InferenceStatus.transport before the first host starts. */
  readonly name: string;
  create(entry: HostEntry): HostTransport;
}

/** Electron's main passes `() => createUtilityProcessTransport(path)`; a plain function is enough. */
export type TransportOption = 'worker' | 'child-process' | TransportFactory | ((entry: HostEntry) => HostTransport);

/** Shared by the implementations: many listeners, and exit reported exactly once. */
export class TransportEvents {
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly exitListeners: ((reason: string) => void)[] = [];
  private exited = false;

  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (reason: string) => void): void {
    this.exitListeners.push(listener);
  }

  message(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }

  exit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    for (const listener of this.exitListeners) listener(reason);
  }

  get hasExited(): boolean {
    return this.exited;
  }
}
