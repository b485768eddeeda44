// `npm start`: the desktop app when Electron's binary is here; otherwise browser mode in the default
// browser, with a plain explanation instead of a crash.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { electronBinary } from './electron-binary.mjs';

if (!existsSync('dist/main/cli.js')) {
  console.error('MaskCue is not built yet; building now (npm ci normally does this)…');
  await import('./build.mjs');
}

let electron = electronBinary();
// Electron fetches its binary on first use, from outside npm. Try once (it fails fast offline).
if (!electron.path && electron.reason.includes('has not been downloaded') && !process.env.MASKCUE_NO_ELECTRON_DOWNLOAD) {
  console.log('Fetching the Electron binary (first start)…');
  const fetched = spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 });
  electron = electronBinary();
  if (!electron.path) console.log(`Could not fetch Electron: ${String(fetched.stderr ?? '').trim().split('\n')[0] || `exit ${fetched.status}`}`);
}

const run = (command, args) => {
  const child = spawn(command, args, { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
};

if (electron.path) {
  run(electron.path, ['.']);
} else {
  console.log(`The desktop window needs Electron, and ${electron.reason}.`);
  console.log('Starting MaskCue in browser mode instead: the same workstation, served on 127.0.0.1 only.');
  run(process.execPath, ['bin/maskcue.js', 'serve', '--open', ...process.argv.slice(2)]);
}
