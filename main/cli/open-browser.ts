import { spawn } from 'node:child_process';

/** Opens a URL in the user's default browser; returns false where there is none to open. */
export function openInBrowser(url: string, platform = process.platform): boolean {
  // Tests and headless machines start browser mode without a browser to open.
  if (process.env.MASKCUE_NO_BROWSER) return false;
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
