// The download progress bar on stderr (stdout stays clean for --json): redrawn in place on a
// terminal, one line per file and every 10% otherwise (CI logs, pipes).

import type { FetchProgress } from '../models/install';

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

export function progressLine(p: FetchProgress, bytesPerSecond: number, width = 24): string {
  const fraction = p.total ? Math.min(1, p.received / p.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const name = p.path.length > 36 ? `…${p.path.slice(-35)}` : p.path;
  const resumed = p.resumedFrom > 0 ? ` (resumed at ${mb(p.resumedFrom)} MB)` : '';
  return `${name}  [${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${mb(p.received)}/${p.total ? mb(p.total) : '?'} MB  ${mb(bytesPerSecond)} MB/s  (${p.file + 1}/${p.files})${resumed}`;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): { update(p: FetchProgress): void; done(): void } {
  const tty = Boolean(stream.isTTY);
  let lastPath = '';
  let lastDecile = -1;
  let lastDraw = 0;
  let startAt = Date.now();
  let startBytes = 0;
  let pending: FetchProgress | null = null;
  const draw = (p: FetchProgress, force: boolean) => {
    const seconds = Math.max(0.001, (Date.now() - startAt) / 1000);
    const line = progressLine(p, (p.received - startBytes) / seconds);
    if (tty) {
      if (force || Date.now() - lastDraw > 100) {
        stream.write(`\r${line}\u001b[K`);
        lastDraw = Date.now();
      }
    } else {
      const decile = p.total ? Math.floor((10 * p.received) / p.total) : -1;
      if (force || decile !== lastDecile) stream.write(`${line}\n`);
      lastDecile = decile;
    }
  };
  return {
    update(p) {
      if (p.path !== lastPath) {
        if (pending && tty) draw(pending, true);
        if (lastPath && tty) stream.write('\n');
        lastPath = p.path;
        lastDecile = -1;
        startAt = Date.now();
        startBytes = p.received;
      }
      pending = p;
      draw(p, false);
    },
    done() {
      if (pending) draw(pending, true);
      if (tty && pending) stream.write('\n');
    },
  };
}
