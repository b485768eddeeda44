// `maskcue serve`: browser mode. Same services as the desktop app, under plain Node, on loopback only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MaskcueError } from '../../common/api';
import { createCore } from '../app-core';
import { defaultWorkspaceDir, rendererDir } from '../paths';
import { startWebBridge } from '../web-bridge/server';
import { openInBrowser } from './open-browser';

export interface ServeOptions {
  workspace?: string;
  port?: number;
  open?: boolean;
}

export async function serve(options: ServeOptions): Promise<void> {
  const staticDir = rendererDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new MaskcueError('NOT_FOUND', `The user interface is not built (${staticDir} is missing). Run \`npm run build\` (npm ci does it for you).`);
  }
  const core = createCore({ workspaceDir: options.workspace ?? defaultWorkspaceDir(), mode: 'browser' });
  let bridge;
  try {
    bridge = await startWebBridge({
      router: core.router,
      events: core.events,
      staticDir,
      ...(options.port === undefined ? {} : { port: options.port }),
      log: (message) => console.error(message),
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  core.workspace.audit('session.start', 'browser mode');
  console.log(`MaskCue ready at ${bridge.url}`);
  core.warmUp();
  if (options.open) openInBrowser(bridge.url);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bridge.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
