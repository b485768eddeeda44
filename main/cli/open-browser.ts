import { spawn } from 'node:child_process';

/** Opens a URL in the user's default browser; returns false where there is none to open. */
export function openInBrowser(url: string, platform = process.platform): boolean {
  const [command, args] =
    platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
