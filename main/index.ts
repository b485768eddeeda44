// Electron main: wiring only. The services are the same as browser mode's (app-core.ts); this file
// adds the hardened window, the app:// scheme, the IPC transport and a utilityProcess inference host.
import { app, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MaskcueError } from '../common/api';
import { createCore, type Core } from './app-core';
import { forwardEvents, registerIpc } from './ipc/electron-ipc';
import { createUtilityProcessTransport } from './inference/transports/utility-process';
import { registerAppScheme, serveRenderer } from './window/app-protocol';
import { hardenContents, hardenSession } from './window/harden';
import { createMainWindow } from './window/main-window';

// dist/main/electron.js → dist/renderer, dist/preload. In a package the host entry is unpacked from asar.
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const hostEntry = join(here, 'inference-host.js').replace(`app.asar${'/'}`, `app.asar.unpacked${'/'}`);

registerAppScheme();
app.on('web-contents-created', (_event, contents) => hardenContents(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

let core: Core | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  serveRenderer(rendererDir);
  try {
    core = createCore({
      workspaceDir: process.env.MASKCUE_WORKSPACE ?? join(app.getPath('userData'), 'workspace'),
      modelsDir: process.env.MASKCUE_MODELS_DIR ?? join(app.getPath('userData'), 'models'),
      mode: 'electron',
      host: { transport: () => createUtilityProcessTransport(hostEntry) },
    });
  } catch (error) {
    const message = error instanceof MaskcueError ? error.message : String(error);
    dialog.showErrorBox('MaskCue cannot open its workspace', message);
    app.exit(2);
    return;
  }
  core.workspace.audit('session.start', 'desktop');
  registerIpc(core.router);
  const window = createMainWindow(preloadPath);
  forwardEvents(core.events, window.webContents);
  core.warmUp();
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void core?.close();
});

void start();
