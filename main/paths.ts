// Where MaskCue keeps per-user files when running under plain Node. Matches Electron's
// app.getPath('userData') for productName "MaskCue", so browser mode and the desktop app share
// installed models and the default workspace.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MASKCUE_USER_DATA) return env.MASKCUE_USER_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'MaskCue');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'MaskCue');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'MaskCue');
}

export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MASKCUE_WORKSPACE ?? join(userDataDir(env), 'workspace');
}

export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MASKCUE_MODELS_DIR ?? join(userDataDir(env), 'models');
}

/** The folder holding MaskCue's package.json, from source (main/...) or from the bundle (dist/main). */
export function appRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'models', 'catalog.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find MaskCue's folder above ${fromUrl}`);
    dir = parent;
  }
}

export function rendererDir(root: string = appRoot()): string {
  return join(root, 'dist', 'renderer');
}
