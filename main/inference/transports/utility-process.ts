// The host as an Electron utilityProcess: a separate OS process managed by Electron, so a native ORT
// crash cannot take the window down. Import this only from Electron code and hand it to InferenceHost
// as `transport: () => createUtilityProcessTransport(path)`; the generic client never imports
// electron. Structured clone copies typed arrays (utilityProcess transfers MessagePorts only).
// fork() is allowed only after app 'ready'; the client starts the host on the first request.

import { utilityProcess, type UtilityProcess } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TransportEvents, type HostEntry, type HostTransport, type TransportFactory } from './transport';

export class UtilityProcessTransport implements HostTransport {
  readonly kind = 'utility-process';
  private readonly events = new TransportEvents();
  private child: UtilityProcess | null = null;
  private fatal: string | null = null;

  constructor(private readonly entry: HostEntry) {}

  start(): void {
    const child = utilityProcess.fork(fileURLToPath(this.entry.url), [], {
      serviceName: 'MaskCue inference',
      execArgv: this.entry.execArgv,
      stdio: 'inherit',
    });
    this.child = child;
    child.on('message', (message: unknown) => this.events.message(message));
    child.on('error', (type, location) => {
      this.fatal = `${type} at ${location}`;
    });
    child.on('exit', (code) => this.events.exit(this.fatal ? `fatal error: ${this.fatal}` : `exit code ${code}`));
  }

  send(message: unknown): void {
    this.child?.postMessage(message);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.events.onMessage(listener);
  }

  onExit(listener: (reason: string) => void): void {
    this.events.onExit(listener);
  }

  kill(): void {
    this.child?.kill();
  }
}

/** `entry`: the bundled host (inference-host.js), as a path (asar-unpacked in a package) or URL. */
export function createUtilityProcessTransport(entry: string | URL | HostEntry): UtilityProcessTransport {
  if (typeof entry === 'string') return new UtilityProcessTransport({ url: pathToFileURL(entry), execArgv: [] });
  if (entry instanceof URL) return new UtilityProcessTransport({ url: entry, execArgv: [] });
  return new UtilityProcessTransport(entry);
}

export const utilityProcessTransport: TransportFactory = {
  name: 'utility-process',
  create: (entry) => new UtilityProcessTransport(entry),
};
